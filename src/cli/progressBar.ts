// A text progress bar such as `[#####-----] 50%`, for cache downloads on a terminal or in a log.

const defaultWidth = 20;

/**
 * `done` of `total` as a bar of `width` cells and a whole percentage, rounded down so 100% means
 * finished. An unknown total draws an empty bar with `?%`.
 */
export function progressBar(done: number, total: number | null, width = defaultWidth): string {
  const cells = Math.max(1, Math.floor(width));
  if (total === null || !Number.isFinite(total) || total < 0 || !Number.isFinite(done)) return `[${'-'.repeat(cells)}] ?%`;
  const fraction = total === 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.floor(fraction * cells);
  const percent = Math.floor(fraction * 100);
  return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}] ${percent}%`;
}
