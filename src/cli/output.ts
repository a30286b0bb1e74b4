// How the CLI prints: aligned tables for people, one JSON document for scripts.
import { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from '../base/displayWidth.js';
import { terminalLine } from '../base/terminalText.js';
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

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Right-align numbers. */
  align?: 'left' | 'right';
  /** Widest cell (in display columns) before it is cut with an ellipsis; such a column also gives way first when the table is wider than the terminal. */
  maxWidth?: number;
  /** Left out, the highest number first, while the table cannot fit the terminal even with its cut columns narrowed. */
  optional?: number;
}

/** The narrowest a cut column becomes before optional columns are left out. */
const narrowestCutColumn = 8;
const separator = '  ';

/**
 * The terminal's width for a table: the terminal's own when stdout is one, else $COLUMNS when set
 * (as `ls` does), else no limit.
 */
export function outputColumns(stream: { isTTY?: boolean; columns?: number }, environment: NodeJS.ProcessEnv): number | undefined {
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const columns = Number(environment.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/**
 * Aligned columns separated by two spaces, header first, each cell one line of text that cannot
 * drive the terminal. Widths are display columns (CJK and emoji count two). Within `width`, cut
 * columns narrow, then optional ones are left out, then lines are cut: rows never wrap. `width` is
 * the Output's columns() where the table is printed (undefined: no limit).
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], width: number | undefined): string {
  const cells = rows.map((row) => columns.map((column) => truncateToWidth(oneLine(column.value(row)), column.maxWidth ?? Infinity)));
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...cells.map((line) => displayWidth(line[index] ?? ''))),
  );
  const shown = columns.map(() => true);
  if (width !== undefined) fitColumns(columns, widths, shown, width);
  const render = (line: readonly string[]) => {
    const text = line
      .map((cell, index) => {
        const cellWidth = widths[index] ?? 0;
        const fitted = truncateToWidth(cell, cellWidth);
        return columns[index]?.align === 'right' ? padStartToWidth(fitted, cellWidth) : padEndToWidth(fitted, cellWidth);
      })
      .filter((_cell, index) => shown[index])
      .join(separator)
      .trimEnd();
    return width === undefined ? text : truncateToWidth(text, width);
  };
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

/**
 * Leaves out optional columns while the table could not fit even with every cut column at its
 * narrowest, then narrows cut columns, the widest first, until it fits in `width`.
 */
function fitColumns<Row>(columns: readonly Column<Row>[], widths: number[], shown: boolean[], width: number): void {
  const floors = widths.map((natural, index) => {
    const column = columns[index];
    return column?.maxWidth === undefined ? natural : Math.min(natural, Math.max(narrowestCutColumn, displayWidth(column.header)));
  });
  const total = (sizes: readonly number[]) =>
    sizes.reduce((sum, size, index) => sum + (shown[index] ? size : 0), 0) + separator.length * (shown.filter(Boolean).length - 1);
  while (total(floors) > width) {
    const dropped = columns.reduce((best, column, index) => (shown[index] && column.optional !== undefined && (best < 0 || column.optional > (columns[best]?.optional ?? 0)) ? index : best), -1);
    if (dropped < 0) break;
    shown[dropped] = false;
  }
  while (total(widths) > width) {
    let widest = -1;
    widths.forEach((size, index) => {
      if (shown[index] && size > (floors[index] ?? 0) && (widest < 0 || size > (widths[widest] ?? 0))) widest = index;
    });
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
}

function oneLine(text: string): string {
  return terminalLine(text).replace(/\s+/g, ' ').trim();
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
