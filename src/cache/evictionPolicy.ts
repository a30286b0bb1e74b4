// Which cache entries go first when room is needed: least recently used, never a pinned one or one a caller keeps.
import { RangeSet } from '../base/rangeSet.js';
import type { StoreEntry } from './store/index.js';

export interface EvictionNeeds {
  /** Evict until the entries left hold at most this many bytes (Infinity: no size limit). */
  maxBytes: number;
  /** Evict until this many bytes were freed (0: nothing more is needed). */
  bytesToFree: number;
  /** Entries that must stay whatever the need: open ones, the one asking for room. Pinned entries always stay. */
  keep(stored: StoreEntry): boolean;
}

/** The bytes a record says are on disk. */
export function recordedBytes(stored: StoreEntry): number {
  return RangeSet.fromIntervals(stored.ranges).totalBytes;
}

/**
 * The entries to evict, in order: least recently accessed first, skipping pinned and kept entries and
 * those with nothing on disk, until both needs are met (or nothing is left that may go).
 */
export function evictionOrder(entries: readonly StoreEntry[], needs: EvictionNeeds): StoreEntry[] {
  let held = entries.reduce((sum, stored) => sum + recordedBytes(stored), 0);
  let stillToFree = needs.bytesToFree;
  const chosen: StoreEntry[] = [];
  const candidates = entries.filter((stored) => !stored.pinned && !needs.keep(stored)).sort((a, b) => a.lastAccess - b.lastAccess);
  for (const stored of candidates) {
    if (held <= needs.maxBytes && stillToFree <= 0) break;
    const bytes = recordedBytes(stored);
    if (bytes === 0) continue;
    chosen.push(stored);
    held -= bytes;
    stillToFree -= bytes;
  }
  return chosen;
}
