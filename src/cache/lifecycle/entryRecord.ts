// What an entry's store record says, read without side effects: its snapshot before an open, whether a play may
// trust it without asking the server, whether it plays offline, and whether the server's file changed since.
import { RangeSet } from '../../base/rangeSet.js';
import type { CacheSettings } from '../cacheSettings.js';
import type { StoreEntry } from '../store/index.js';
import type { ProbeResult } from '../upstream/index.js';
import type { CachePartRequest } from './cachePartRequest.js';
import type { SizedFile } from './entryLifecycle.js';
import { restingState, type CacheEntrySnapshot } from './entryState.js';

/** The snapshot of an entry as the store knows it, before (or without) opening it: `stored` when recorded, else `new`. */
export function snapshotOf(key: string, stored: StoreEntry | undefined, title: string): CacheEntrySnapshot {
  return {
    key,
    title: stored?.title ?? title,
    state: restingState(stored !== undefined),
    ...progressOf(stored),
    pinned: stored?.pinned ?? false,
    rangeSupport: stored?.rangeSupport ?? null,
    bytesPerSecond: 0,
    streamUrl: null,
    error: null,
    lastAccess: stored?.lastAccess ?? 0,
  };
}

/** The bytes a record says are on disk. */
export function progressOf(stored: StoreEntry | undefined): Pick<CacheEntrySnapshot, 'totalSize' | 'downloadedBytes' | 'complete'> {
  const downloadedBytes = stored ? RangeSet.fromIntervals(stored.ranges).totalBytes : 0;
  const totalSize = stored?.totalSize ?? null;
  return { totalSize, downloadedBytes, complete: totalSize !== null && downloadedBytes >= totalSize };
}

/**
 * The recorded file, when a play may trust it without a round trip: the server's metadata names the same
 * part, changestamp (both in the key) and size, the server confirmed the bytes within `revalidateAfter`,
 * and the start buffer is on disk. Null otherwise: the probe asks the server.
 */
export function trustedFile(request: CachePartRequest, stored: StoreEntry | undefined, settings: Pick<CacheSettings, 'revalidateAfter' | 'startBuffer'>): ProbeResult | null {
  const { revalidateAfter, startBuffer } = settings;
  if (!stored || stored.totalSize === null || stored.validatedAt === null || request.metadataSize !== stored.totalSize) return null;
  const age = Date.now() - stored.validatedAt;
  if (age < 0 || age >= revalidateAfter * 1000) return null;
  if (!RangeSet.fromIntervals(stored.ranges).covers(0, Math.min(startBuffer, stored.totalSize))) return null;
  return { totalSize: stored.totalSize, rangeSupport: stored.rangeSupport ?? true, etag: stored.etag, lastModified: stored.lastModified, source: 'store' };
}

/** How many bytes the probe asks for: the start buffer when it is not on disk yet (the answer brings it along), else one. */
export function probeLength(stored: StoreEntry | undefined, startBuffer: number): number {
  const onDisk = stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty;
  const startNeeded = stored?.totalSize ? Math.min(startBuffer, stored.totalSize) : startBuffer;
  return startNeeded > 0 && !onDisk.covers(0, startNeeded) ? startBuffer : 1;
}

/** The recorded file when every byte of it is on disk, so it plays while the server cannot be reached; null otherwise. */
export function completeFile(stored: StoreEntry | undefined): SizedFile | null {
  if (!stored || stored.totalSize === null) return null;
  if (!RangeSet.fromIntervals(stored.ranges).covers(0, stored.totalSize)) return null;
  return { totalSize: stored.totalSize, rangeSupport: stored.rangeSupport ?? true, etag: stored.etag, lastModified: stored.lastModified, offline: true };
}

/** Whether the server's file differs from the recorded one: another size, or another ETag when both have one. */
export function fileChanged(stored: StoreEntry, file: Pick<SizedFile, 'totalSize' | 'etag'>): boolean {
  if (stored.totalSize !== null && stored.totalSize !== file.totalSize) return true;
  return stored.etag !== null && file.etag !== null && stored.etag !== file.etag;
}
