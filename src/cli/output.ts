// How the CLI prints: aligned tables for people, one JSON document for scripts.
import { readerGone } from './readerGone.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Once the reader went away (`| head -1`) nothing more is written: plexterm ends quietly. */
export const processOutput: Output = {
  out: (text) => writeLine(process.stdout, text),
  err: (text) => writeLine(process.stderr, text),
};

function writeLine(stream: NodeJS.WriteStream, text: string): void {
  if (readerGone()) return;
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Right-align numbers. */
  align?: 'left' | 'right';
  /** Longest cell before it is cut with an ellipsis. */
  maxWidth?: number;
}

/** Aligned columns separated by two spaces, header first. Long cells are cut, never wrapped. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => clip(oneLine(column.value(row)), column.maxWidth)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => [...(line[index] ?? '')].length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, maxWidth: number | undefined): string {
  const characters = [...text];
  if (!maxWidth || characters.length <= maxWidth) return text;
  return `${characters.slice(0, maxWidth - 1).join('')}…`;
}

export { formatBytes, formatDuration } from '../base/humanFormat.js';

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}
