// How the CLI prints: aligned tables for people, one JSON document for scripts.

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

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

/** Milliseconds as `1:02:03` or `2:03`. */
export function formatDuration(milliseconds: number | undefined | null): string {
  if (milliseconds === undefined || milliseconds === null || !Number.isFinite(milliseconds)) return '';
  const totalSeconds = Math.floor(milliseconds / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Bytes as `1.5 GiB`. */
export function formatBytes(bytes: number | undefined | null): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}
