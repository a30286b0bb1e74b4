// A small file beside each data file naming what it holds, so a damaged store can be rebuilt from the data files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../../base/durableFile.js';
import { RangeSet, type ByteInterval } from '../../base/rangeSet.js';
import { dataFileNameFor } from './dataFile.js';
import type { StoreEntry, StoreEntryInput } from './storeEntry.js';

const suffix = '.meta.json';

interface Sidecar {
  key: string;
  upstreamPath: string;
  title: string;
  totalSize: number;
  etag: string | null;
  lastModified: string | null;
  rangeSupport: boolean | null;
  pinned: boolean;
  /** Whether every byte was recorded (sidecars written before `ranges` existed say only this). */
  complete: boolean;
  /** The ranges recorded when it was written: never more than the store's, so a rebuild keeps only proven bytes. */
  ranges: readonly ByteInterval[];
}

export function sidecarName(dataFile: string): string {
  return `${dataFile}${suffix}`;
}

export function isSidecarName(name: string): boolean {
  return name.endsWith(suffix);
}

/** Writes the sidecar of a stored entry (at `sized`, as bytes are recorded or lost, when it is pinned or unpinned, when it closes). */
export async function writeSidecar(dataFolder: string, entry: StoreEntry): Promise<void> {
  if (entry.totalSize === null) return;
  const complete = RangeSet.fromIntervals(entry.ranges).covers(0, entry.totalSize);
  const sidecar: Sidecar = {
    key: entry.key,
    upstreamPath: entry.upstreamPath,
    title: entry.title,
    totalSize: entry.totalSize,
    etag: entry.etag,
    lastModified: entry.lastModified,
    rangeSupport: entry.rangeSupport,
    pinned: entry.pinned,
    complete,
    ranges: entry.ranges,
  };
  await writeFileDurably(join(dataFolder, sidecarName(entry.dataFile)), JSON.stringify(sidecar));
}

/**
 * The entries that can be rebuilt from the data folder: one per sidecar whose data file is there,
 * with the ranges its sidecar recorded that the data file still holds; the rest is fetched again.
 */
export async function rebuildFromSidecars(dataFolder: string): Promise<StoreEntryInput[]> {
  let names: string[];
  try {
    names = await readdir(dataFolder);
  } catch {
    return [];
  }
  const entries: StoreEntryInput[] = [];
  for (const name of names.filter(isSidecarName)) {
    const entry = await entryFromSidecar(dataFolder, name.slice(0, -suffix.length));
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The record the sidecar of `dataFile` describes, or null when the sidecar cannot be read or the data file is gone. */
export async function entryFromSidecar(dataFolder: string, dataFile: string): Promise<StoreEntryInput | null> {
  const sidecar = await readSidecar(join(dataFolder, sidecarName(dataFile)));
  // A sidecar beside another entry's data file (copied or renamed) proves nothing about that file.
  if (!sidecar || dataFileNameFor(sidecar.key) !== dataFile) return null;
  const size = await stat(join(dataFolder, dataFile)).then((info) => info.size, () => null);
  if (size === null) return null;
  return {
    key: sidecar.key,
    upstreamPath: sidecar.upstreamPath,
    title: sidecar.title,
    totalSize: sidecar.totalSize,
    // Bytes past the data file's end were cut off: they are not there, whatever was recorded.
    ranges: RangeSet.fromIntervals(sidecar.ranges).remove(Math.min(size, sidecar.totalSize), Number.MAX_SAFE_INTEGER),
    pinned: sidecar.pinned,
    lastAccess: 0,
    etag: sidecar.etag,
    lastModified: sidecar.lastModified,
    rangeSupport: sidecar.rangeSupport,
    dataFile,
  };
}

async function readSidecar(path: string): Promise<Sidecar | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Sidecar>;
    if (typeof value.key !== 'string' || typeof value.upstreamPath !== 'string' || typeof value.title !== 'string') return null;
    if (typeof value.totalSize !== 'number' || !Number.isSafeInteger(value.totalSize) || value.totalSize < 0) return null;
    const complete = value.complete === true;
    // An older sidecar has no ranges: its complete flag is all it proves.
    const ranges = value.ranges === undefined ? (complete ? RangeSet.of(0, value.totalSize) : RangeSet.empty) : RangeSet.fromJSON(value.ranges);
    return {
      key: value.key,
      upstreamPath: value.upstreamPath,
      title: value.title,
      totalSize: value.totalSize,
      etag: typeof value.etag === 'string' ? value.etag : null,
      lastModified: typeof value.lastModified === 'string' ? value.lastModified : null,
      rangeSupport: typeof value.rangeSupport === 'boolean' ? value.rangeSupport : null,
      pinned: value.pinned === true,
      complete,
      ranges: ranges.toJSON(),
    };
  } catch {
    return null;
  }
}
