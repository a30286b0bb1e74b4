// A read-only look at a cache folder another plexterm process owns: its records, re-read as they change.
import { join } from 'node:path';
import { Observable, defer, from, switchMap, timer } from 'rxjs';
import { distinctUntilChanged, map } from 'rxjs/operators';
import { type CacheEntrySnapshot, snapshotOf } from './lifecycle/index.js';
import { CacheStore, rangesOnDisk } from './store/index.js';

/**
 * The store's records as snapshots (state `stored`: nothing is open in this process), newest access
 * first, counting only the bytes the data files still hold: one deleted or cut short is not shown complete.
 */
export async function readCacheSnapshots(folder: string): Promise<CacheEntrySnapshot[]> {
  const store = await CacheStore.open(folder, { readOnly: true });
  try {
    const dataFolder = join(folder, 'data');
    const snapshots = await Promise.all(
      store.entries().map(async (stored) => snapshotOf(stored.key, { ...stored, ranges: (await rangesOnDisk(dataFolder, stored)).toJSON() }, stored.title)),
    );
    return snapshots.sort((a, b) => b.lastAccess - a.lastAccess);
  } finally {
    await store.close();
  }
}

/**
 * The records, re-read every `intervalMs`: the owning process writes progress a few times a
 * second, so this follows its downloads without taking the lock. Emits only when something changed.
 */
export function watchCacheSnapshots(folder: string, intervalMs = 1000): Observable<CacheEntrySnapshot[]> {
  return timer(0, intervalMs).pipe(
    switchMap(() => defer(() => from(readCacheSnapshots(folder)))),
    map((snapshots) => ({ snapshots, text: JSON.stringify(snapshots) })),
    distinctUntilChanged((previous, next) => previous.text === next.text),
    map(({ snapshots }) => snapshots),
  );
}
