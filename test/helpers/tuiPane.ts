// For the TUI's tmux tests: the details pane's text out of a captured screen, and a file the run writes (its exit code, a plugin's log).
import { existsSync, readFileSync } from 'node:fs';
import { timeLimit } from './timeLimit.js';

/** The details pane's text (the rightmost pane), one line of it per screen row, trimmed, joined with `separator`. */
export function detailsColumn(pane: string, separator = ' '): string {
  return pane
    .split('\n')
    .map((line) => line.split('│'))
    .filter((cells) => cells.length >= 3)
    .map((cells) => (cells[cells.length - 2] ?? '').trim())
    .join(separator);
}

/** The file's text once it exists and matches `pattern` (by default: once anything is written). */
export async function waitForFile(path: string, timeoutMs: number, pattern = /[^]/): Promise<string> {
  const deadline = Date.now() + timeLimit(timeoutMs);
  while (!existsSync(path) || !pattern.test(readFileSync(path, 'utf8'))) {
    if (Date.now() > deadline) throw new Error(`${path} has nothing matching ${pattern} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return readFileSync(path, 'utf8');
}
