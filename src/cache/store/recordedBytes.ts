// The record of an entry's bytes held to its data file: bytes deleted or cut off behind plexterm's back are recorded missing, so they are fetched again.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RangeSet } from '../../base/rangeSet.js';
import { writeSidecar } from './entrySidecar.js';
import type { CacheStore } from './store.js';
import type { StoreEntry } from './storeEntry.js';

/** The data file's size in bytes, or 0 when it is not there. */
async function dataFileSize(dataFolder: string, dataFile: string): Promise<number> {
  try {
    return (await stat(join(dataFolder, dataFile))).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** The recorded ranges the data file can still hold: nothing past its end (nothing at all when it is gone). */
export async function rangesOnDisk(dataFolder: string, stored: StoreEntry): Promise<RangeSet> {
  const size = await dataFileSize(dataFolder, stored.dataFile);
  return RangeSet.fromIntervals(stored.ranges).remove(size, Number.MAX_SAFE_INTEGER);
}

/**
 * Records `ranges` as the entry's bytes, in the store and in its sidecar, both written before this
 * resolves: bytes found missing or wrong must not come back from the sidecar when a shard is rebuilt.
 */
export async function recordRanges(store: CacheStore, dataFolder: string, key: string, ranges: RangeSet): Promise<StoreEntry> {
  const entry = store.update(key, { ranges });
  await store.writeNow();
  await writeSidecar(dataFolder, entry);
  return entry;
}

/** Compares every record with its data file and records missing what the file no longer holds; resolves with the records changed. */
export async function checkDataFiles(store: CacheStore, dataFolder: string): Promise<StoreEntry[]> {
  const checked = await Promise.all(
    store.entries().map(async (stored) => ({ stored, onDisk: stored.ranges.length === 0 ? RangeSet.empty : await rangesOnDisk(dataFolder, stored) })),
  );
  const changed: StoreEntry[] = [];
  for (const { stored, onDisk } of checked) {
    if (!onDisk.equals(RangeSet.fromIntervals(stored.ranges))) changed.push(await recordRanges(store, dataFolder, stored.key, onDisk));
  }
  return changed;
}
