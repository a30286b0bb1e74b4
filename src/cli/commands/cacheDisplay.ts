// How cache entries look on the command line: one status line per snapshot, the `cache ls` table, the live `cache watch` table.
import type { CacheEntrySnapshot } from '../../cache/index.js';
import { truncateToWidth } from '../../base/displayWidth.js';
import { terminalLine } from '../../base/terminalText.js';
import { formatBytes, type Output } from '../output.js';
import { formatTable, type Column } from '../table.js';
import { progressBar } from '../progressBar.js';

/** `ready    12.3 MiB / 700.0 MiB  2.1 MiB/s  http://127.0.0.1:PORT/stream/...` */
export function snapshotLine(snapshot: CacheEntrySnapshot): string {
  const state = snapshot.state.padEnd(7);
  if (snapshot.state === 'failed') return `${state}  ${terminalLine(snapshot.error?.message ?? 'failed')}`;
  const parts = [state, `${formatBytes(snapshot.downloadedBytes)} / ${sizeText(snapshot)}`, `${formatBytes(snapshot.bytesPerSecond)}/s`];
  if (snapshot.complete) parts.push('complete');
  if (snapshot.error) parts.push(`(${terminalLine(snapshot.error.message)})`);
  if (snapshot.streamUrl) parts.push(snapshot.streamUrl);
  return parts.join('  ');
}

/** The bar, the bytes and the rate of one entry, for `cache pin`. */
export function progressLine(snapshot: CacheEntrySnapshot): string {
  return `${progressBar(snapshot.downloadedBytes, snapshot.totalSize)}  ${formatBytes(snapshot.downloadedBytes)} / ${sizeText(snapshot)}  ${formatBytes(snapshot.bytesPerSecond)}/s`;
}

function sizeText(snapshot: CacheEntrySnapshot): string {
  return snapshot.totalSize === null ? '?' : formatBytes(snapshot.totalSize);
}

function cachedText(snapshot: CacheEntrySnapshot): string {
  if (snapshot.totalSize === null || snapshot.totalSize === 0) return formatBytes(snapshot.downloadedBytes);
  return `${formatBytes(snapshot.downloadedBytes)} (${Math.floor((snapshot.downloadedBytes / snapshot.totalSize) * 100)}%)`;
}

/** Local date and time to the minute, or nothing for "never". */
function formatLastUsed(milliseconds: number): string {
  if (!milliseconds) return '';
  const date = new Date(milliseconds);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

const listColumns: Column<CacheEntrySnapshot>[] = [
  { header: 'KEY', value: (snapshot) => snapshot.key },
  { header: 'TITLE', value: (snapshot) => snapshot.title, maxWidth: 40 },
  { header: 'STATE', value: (snapshot) => snapshot.state },
  // The key is what `cache evict` and `cache pin` take: never cut. On a narrow terminal these give way, LAST USED first.
  { header: 'SIZE', value: sizeText, align: 'right', optional: 2 },
  { header: 'CACHED', value: cachedText, align: 'right', optional: 1 },
  { header: 'PINNED', value: (snapshot) => (snapshot.pinned ? 'yes' : ''), optional: 3 },
  { header: 'LAST USED', value: (snapshot) => formatLastUsed(snapshot.lastAccess), optional: 4 },
];

/** The `cache ls` table, fitted to `width` columns (no limit when it is undefined). */
export function formatEntryTable(snapshots: readonly CacheEntrySnapshot[], width: number | undefined): string {
  if (snapshots.length === 0) return '(the cache is empty)';
  return formatTable(snapshots, listColumns, width);
}

/** The line `cache ls` adds when the cache's disk is below its free reserve (downloads pause there); null when it is not. */
export function freeReserveNote(folder: string, availableBytes: number, freeReserve: number): string | null {
  if (availableBytes >= freeReserve) return null;
  return (
    `the disk of the cache folder ${folder} has ${formatBytes(availableBytes)} free, less than the ${formatBytes(freeReserve)} the cache keeps free (cache.freeReserve): ` +
    'downloads are paused; free space with `plexterm cache evict KEY`, `plexterm cache unpin KEY` then `plexterm cache prune`, or lower cache.freeReserve'
  );
}

/** The watch table's progress bar is this many cells on a terminal this wide or wider, and `narrowBar` cells below. */
const wideTerminal = 120;
const narrowBar = 10;

function watchColumns(barWidth: number): Column<CacheEntrySnapshot>[] {
  return [
    { header: 'TITLE', value: (snapshot) => snapshot.title, maxWidth: 36 },
    { header: 'STATE', value: (snapshot) => snapshot.state },
    { header: 'PROGRESS', value: (snapshot) => progressBar(snapshot.downloadedBytes, snapshot.totalSize, barWidth) },
    { header: 'CACHED', value: (snapshot) => `${formatBytes(snapshot.downloadedBytes)} / ${sizeText(snapshot)}`, align: 'right' },
    { header: 'RATE', value: (snapshot) => (snapshot.bytesPerSecond > 0 ? `${formatBytes(snapshot.bytesPerSecond)}/s` : ''), align: 'right', optional: 1 },
    { header: 'PINNED', value: (snapshot) => (snapshot.pinned ? 'yes' : ''), optional: 2 },
  ];
}

/** The live table, fitted to a terminal `width` columns wide (no limit when it is undefined). */
export function formatWatchTable(snapshots: readonly CacheEntrySnapshot[], width: number | undefined): string {
  if (snapshots.length === 0) return '(the cache is empty)';
  return formatTable(snapshots, watchColumns(width !== undefined && width < wideTerminal ? narrowBar : 20), width);
}

/** Off a terminal, progress lines that say nothing new come at most this often. */
export const progressLogIntervalMs = 1000;

/** One progress line on stderr: on a terminal each draw replaces the last one; elsewhere each is a line of its own. */
export interface StatusLine {
  readonly inPlace: boolean;
  draw(line: string): void;
}

export function statusLine(output: Output): StatusLine {
  const terminal = output.errTerminal;
  const inPlace = terminal !== undefined;
  let drawn = false;
  return {
    inPlace,
    draw(line) {
      // On a terminal the line is cut to its width: a wrapped line would leave its first half behind at the next draw.
      const fitted = inPlace ? truncateToWidth(terminalLine(line), terminal.columns() ?? Infinity) : terminalLine(line);
      output.err(inPlace && drawn ? `${eraseLines(1)}${fitted}` : fitted);
      drawn = true;
    },
  };
}

/** ANSI: move the cursor up `lines` lines and clear from there to the end of the screen. */
export function eraseLines(lines: number): string {
  return lines > 0 ? `\u001b[${lines}A\u001b[J` : '';
}

/** The snapshot without what changes on every read (lastAccess), to tell a real change from a touch. */
export function snapshotFingerprint(snapshot: CacheEntrySnapshot): string {
  return JSON.stringify({ ...snapshot, lastAccess: 0 });
}
