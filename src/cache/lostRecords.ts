// Data files the store has no record of: a sidecar brings back the record a lost store file took with it, and a file no sidecar names is moved aside, never deleted.
import { join } from 'node:path';
import { moveAside } from '../base/durableFile.js';
import { entryFromSidecar, isSidecarName, sidecarName } from './entrySidecar.js';
import type { CacheStore } from './store.js';
import type { StoreEntry } from './storeEntry.js';

export interface LostRecords {
  /** Records brought back from sidecars, with the ranges their data files still hold. */
  recovered: StoreEntry[];
  /** Data files (and their sidecars) whose sidecar could not be read: where they were moved. */
  movedAside: string[];
}

/**
 * Looks at the data files in `names` that no record names but a sidecar sits beside: a sidecar is
 * written only after its record, and an eviction removes it first, so such a file lost its record
 * (a deleted or damaged store file). Data files without a sidecar are orphans of a crash and left alone.
 */
export async function recoverLostRecords(store: CacheStore, dataFolder: string, names: readonly string[]): Promise<LostRecords> {
  const known = new Set(store.entries().map((stored) => stored.dataFile));
  const present = new Set(names);
  const result: LostRecords = { recovered: [], movedAside: [] };
  for (const name of names) {
    if (known.has(name) || isSidecarName(name) || !present.has(sidecarName(name))) continue;
    const entry = await entryFromSidecar(dataFolder, name);
    if (entry && !store.has(entry.key)) {
      result.recovered.push(store.upsert(entry));
    } else if (!entry) {
      // Which part these bytes belong to cannot be proven: keep them for the person, out of the cache's way.
      for (const file of [name, sidecarName(name)]) result.movedAside.push(await moveAside(join(dataFolder, file)));
    }
  }
  if (result.recovered.length > 0) await store.writeNow();
  return result;
}
