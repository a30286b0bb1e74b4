// Data files and records out of step: a sidecar brings back the record a lost store file took with it, a file that cannot be identified is moved aside, never deleted, and a record whose sidecar is gone gets it back.
import { join } from 'node:path';
import { isLeftoverTemporaryFile, isMovedAside, moveAside } from '../../base/durableFile.js';
import { entryFromSidecar, isSidecarName, sidecarName, writeSidecar } from './entrySidecar.js';
import type { CacheStore } from './store.js';
import type { StoreEntry } from './storeEntry.js';

export interface LostRecords {
  /** Records brought back from sidecars, with the ranges their data files still hold. */
  recovered: StoreEntry[];
  /** Data files (and their sidecars) that no readable sidecar identifies: where they were moved. */
  movedAside: string[];
}

/**
 * Looks at the data files in `names` that no record names but a sidecar sits beside: a sidecar is
 * written only after its record, and an eviction removes it first, so such a file lost its record
 * (a deleted or damaged store file). Data files without a sidecar are orphans of a crash and left
 * alone, unless `storeDamaged`: then they may be a lost record's whose sidecar is gone too, and are moved aside.
 */
export async function recoverLostRecords(store: CacheStore, dataFolder: string, names: readonly string[], storeDamaged: boolean): Promise<LostRecords> {
  const known = new Set(store.entries().map((stored) => stored.dataFile));
  const present = new Set(names);
  const result: LostRecords = { recovered: [], movedAside: [] };
  for (const name of names) {
    if (known.has(name) || isSidecarName(name) || isMovedAside(name) || isLeftoverTemporaryFile(name)) continue;
    if (!present.has(sidecarName(name))) {
      if (storeDamaged) result.movedAside.push(await moveAside(join(dataFolder, name)));
      continue;
    }
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

/** Writes the sidecar of every record whose data file is in `names` and whose sidecar is not, so a later rebuild can find it. */
export async function restoreMissingSidecars(store: CacheStore, dataFolder: string, names: readonly string[]): Promise<StoreEntry[]> {
  const present = new Set(names);
  const restored = store.entries().filter((stored) => stored.totalSize !== null && present.has(stored.dataFile) && !present.has(sidecarName(stored.dataFile)));
  for (const stored of restored) await writeSidecar(dataFolder, stored);
  return restored;
}
