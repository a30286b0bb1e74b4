// The record of a sized file, written durably before `sized`: the recorded bytes the data file still holds (none
// when the server's file changed), the facts the probe brought, and when the server last confirmed them.
import { RangeSet } from '../../base/rangeSet.js';
import { type CacheStore, dataFileNameFor, rangesOnDisk } from '../store/index.js';
import type { CachePartRequest } from './cachePartRequest.js';
import type { SizedFile } from './entryLifecycle.js';
import { fileChanged } from './entryRecord.js';

export interface SizedRecordInput {
  store: CacheStore;
  key: string;
  dataFolder: string;
  request: CachePartRequest;
  file: SizedFile;
  /** The bytes a size discovery wrote, recorded as they are; taken once. */
  takeDiscovered(): RangeSet | undefined;
  /** Whether the play trusted the record without asking the server (it is validated later). */
  trusted(): boolean;
  /** The pin of an entry not recorded yet. */
  pinned: boolean;
  /** Empties the data file, when the server's file changed. */
  truncate(): Promise<void>;
  log(message: string): void;
  signal: AbortSignal;
}

/** Writes the size durably before `sized`; drops recorded bytes when the file changed upstream. False when the trusted record stayed as it was. */
export async function writeSizedRecord(input: SizedRecordInput): Promise<boolean> {
  const { store, request, file, signal } = input;
  const { key } = input;
  const stored = store.get(key);
  let ranges = stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty;
  if (stored) {
    // The data file may have been deleted or cut short behind plexterm's back: what it no longer holds is fetched again.
    const onDisk = await rangesOnDisk(input.dataFolder, stored);
    signal.throwIfAborted();
    if (!onDisk.equals(ranges)) {
      input.log(`cache: ${request.title}: its data file holds ${onDisk.totalBytes} of the ${ranges.totalBytes} recorded bytes; the rest is fetched again`);
      ranges = onDisk;
    }
  }
  if (stored && !file.offline && fileChanged(stored, file)) {
    input.log(`cache: ${request.title} changed on the server (size or ETag); its cached bytes are fetched again`);
    ranges = RangeSet.empty;
    await input.truncate();
    // An eviction or close during the wait owns the record now: writing it back would undo it.
    signal.throwIfAborted();
  }
  ranges = input.takeDiscovered() ?? ranges;
  if (stored && input.trusted() && ranges.equals(RangeSet.fromIntervals(stored.ranges))) {
    // The trusted record is on disk as it is: nothing to write durably before `sized`.
    store.update(key, { lastAccess: Date.now() });
    return false;
  }
  store.upsert({
    key,
    upstreamPath: request.upstreamPath,
    title: request.title,
    totalSize: file.totalSize,
    ranges: ranges.remove(file.totalSize, Number.MAX_SAFE_INTEGER),
    pinned: stored?.pinned ?? input.pinned,
    lastAccess: Date.now(),
    etag: file.etag,
    lastModified: file.lastModified,
    rangeSupport: file.rangeSupport,
    dataFile: dataFileNameFor(key),
    // Offline or trusted, the server confirmed nothing now.
    validatedAt: file.offline || input.trusted() ? (stored?.validatedAt ?? null) : Date.now(),
  });
  await store.writeNow();
  return true;
}
