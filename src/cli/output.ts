// How the CLI prints: lines on stdout and stderr that stop when the reader left, and one JSON document for scripts (tables: table.ts).
import type { Output, Terminal } from '../session/output.js';
import { readerGone } from './readerGone.js';

export type { Output } from '../session/output.js';

/**
 * The process's stdout and stderr; tables fit its stdout (or `environment`'s $COLUMNS). Once the
 * reader went away (`| head -1`) nothing more is written: plexterm ends quietly.
 */
export function processOutput(environment: NodeJS.ProcessEnv): Output {
  return {
    out: (text) => writeLine(process.stdout, text),
    err: (text) => writeLine(process.stderr, text),
    columns: () => outputColumns(process.stdout, environment),
    ...(process.stdout.isTTY === true ? { outTerminal: streamTerminal(process.stdout, environment) } : {}),
    ...(process.stderr.isTTY === true ? { errTerminal: streamTerminal(process.stderr, environment) } : {}),
  };
}

function streamTerminal(stream: NodeJS.WriteStream, environment: NodeJS.ProcessEnv): Terminal {
  return {
    columns: () => outputColumns(stream, environment),
    onResize: (listener) => {
      stream.on('resize', listener);
      return () => stream.off('resize', listener);
    },
  };
}

function writeLine(stream: NodeJS.WriteStream, text: string): void {
  if (readerGone()) return;
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * The terminal's width for a table: the terminal's own when stdout is one, else $COLUMNS when set
 * (as `ls` does), else no limit.
 */
export function outputColumns(stream: { isTTY?: boolean; columns?: number }, environment: NodeJS.ProcessEnv): number | undefined {
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const columns = Number(environment.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

export { formatBytes, formatDuration } from '../base/humanFormat.js';

export function printJson(output: Output, value: unknown): void {
  output.out(jsonText(value, 2));
}

/** What JSON.stringify leaves raw that a terminal may act on: DEL, C1 controls (U+009B starts a sequence), line separators and bidi controls. */
const rawControls = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `value` as JSON whose text cannot drive a terminal: JSON.stringify already escapes C0 controls (ESC
 * too), and the characters it leaves raw are written as `\uXXXX` escapes, so a parser still reads
 * the exact text. They can only stand inside strings, where such an escape means the same character.
 */
export function jsonText(value: unknown, indent?: number): string {
  // JSON.stringify answers undefined (typed as a string) for undefined itself.
  return (JSON.stringify(value, null, indent) ?? 'null').replace(rawControls, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
