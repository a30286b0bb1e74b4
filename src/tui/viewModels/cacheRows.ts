// The cache panel's rows: each entry's state, a progress bar, bytes, rate and whether it is pinned.
import type { CacheEntrySnapshot, CacheState } from '../../cache/index.js';
import type { ThemeStyleName } from '../themes/index.js';
import { fit, formatBytesOrUnknown, formatRate, blockProgressBar } from './formatting.js';

/** The colour of each state's row: one entry per state, so a new state cannot go unstyled. */
const stateStyles: Record<CacheState, ThemeStyleName> = {
  new: 'cacheWorking',
  stored: 'cacheStored',
  probing: 'cacheWorking',
  sized: 'cacheWorking',
  ready: 'cacheReady',
  failed: 'cacheFailed',
  evicted: 'cacheEvicted',
};

export function cacheStateStyle(state: CacheState): ThemeStyleName {
  return stateStyles[state];
}

export function downloadedFraction(snapshot: CacheEntrySnapshot): number | null {
  if (snapshot.complete) return 1;
  if (snapshot.totalSize === null || snapshot.totalSize <= 0) return null;
  return snapshot.downloadedBytes / snapshot.totalSize;
}

/** An entry is downloading while it is not complete and bytes arrive (or it is still finding its size). */
export function isDownloading(snapshot: CacheEntrySnapshot): boolean {
  if (snapshot.state === 'probing' || snapshot.state === 'sized') return true;
  return snapshot.state === 'ready' && !snapshot.complete && snapshot.bytesPerSecond > 0;
}

/** Pinned first, then the most recently used. */
export function sortedEntries(snapshots: readonly CacheEntrySnapshot[]): CacheEntrySnapshot[] {
  return [...snapshots].sort((first, second) => Number(second.pinned) - Number(first.pinned) || second.lastAccess - first.lastAccess);
}

/** "⚑ ready   ████░░░░ 12.0 MiB / 700 MiB  2.0 MiB/s  Title", cut to `width`. */
export function cacheRow(snapshot: CacheEntrySnapshot, width: number): string {
  const pin = snapshot.pinned ? '⚑' : ' ';
  const state = fit(snapshot.state, 7);
  const bar = blockProgressBar(downloadedFraction(snapshot), Math.max(6, Math.min(20, Math.floor(width / 6))));
  const bytes = `${formatBytesOrUnknown(snapshot.downloadedBytes)} / ${formatBytesOrUnknown(snapshot.totalSize)}`;
  const rate = formatRate(snapshot.bytesPerSecond);
  const error = snapshot.error ? `  ${snapshot.error.message}` : '';
  return fit(`${pin} ${state} ${bar} ${fit(bytes, 21)} ${fit(rate, 11)} ${snapshot.title}${error}`, width);
}

/** The panel's title line: how many entries, how many downloading, and the bytes held. */
export function cacheSummary(snapshots: readonly CacheEntrySnapshot[]): string {
  const downloading = snapshots.filter(isDownloading).length;
  const held = snapshots.reduce((sum, snapshot) => sum + snapshot.downloadedBytes, 0);
  return `Cache — ${snapshots.length} entr${snapshots.length === 1 ? 'y' : 'ies'}, ${downloading} downloading, ${formatBytesOrUnknown(held)} held`;
}

/**
 * The cache panel's selected entry. It is kept by key, since entries re-sort as they change (pinned
 * first, then the most recently used); when it is gone, the row where it was is selected.
 */
export class CacheSelection {
  private key: string | null = null;
  private lastIndex = 0;

  /** The selected row among `sorted` (as `sortedEntries` orders them), or -1 when there is none. */
  indexIn(sorted: readonly CacheEntrySnapshot[]): number {
    if (sorted.length === 0) return -1;
    const found = this.key === null ? -1 : sorted.findIndex((snapshot) => snapshot.key === this.key);
    this.lastIndex = found >= 0 ? found : Math.min(this.lastIndex, sorted.length - 1);
    return this.lastIndex;
  }

  selectedKey(snapshots: readonly CacheEntrySnapshot[]): string | null {
    const sorted = sortedEntries(snapshots);
    return sorted[this.indexIn(sorted)]?.key ?? null;
  }

  /** Moves the selection `delta` rows (±Infinity: to the first or last), stopping at the ends. */
  move(snapshots: readonly CacheEntrySnapshot[], delta: number): void {
    const sorted = sortedEntries(snapshots);
    if (sorted.length === 0) return;
    const index = Math.max(0, Math.min(sorted.length - 1, this.indexIn(sorted) + delta));
    this.key = sorted[index]?.key ?? null;
    this.lastIndex = index;
  }
}

/**
 * Which of `count` rows the panel shows in `room` lines with the row `selected` in view: the first
 * row and how many, plus whether a last line says how many more there are.
 */
export function cacheWindow(count: number, room: number, selected: number): { start: number; shown: number; more: number } {
  const shown = count > room && room >= 2 ? room - 1 : Math.min(count, room);
  const start = Math.max(0, Math.min(count - shown, selected - shown + 1));
  return { start, shown, more: count - start - shown };
}
