// Aligned tables for people, fitted to the terminal. Apart from output.ts, so a command loads the display-width
// measuring (string-width and its Unicode tables) only when it prints a table, not when it is declared.
import { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from '../base/displayWidth.js';
import { terminalLine } from '../base/terminalText.js';

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
