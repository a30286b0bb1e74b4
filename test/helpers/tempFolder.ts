// Temporary folders for tests, removed again by the returned cleanup.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFolder {
  path: string;
  remove(): Promise<void>;
}

export async function makeTempFolder(prefix = 'plexterm-test-'): Promise<TempFolder> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  // A process the test has just ended (a TUI whose tmux was killed) may still write a file or two as it
  // goes, and rm then meets a folder that is not empty: rm tries again, as it offers to.
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}
