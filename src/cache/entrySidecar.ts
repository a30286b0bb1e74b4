// A small file beside each data file naming what it holds, so a damaged store can be rebuilt from the data files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../base/durableFile.js';
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
  /** Whether every byte was recorded: only then can its ranges be rebuilt without the store. */
  complete: boolean;
}

export function sidecarName(dataFile: string): string {
  return `${dataFile}${suffix}`;
}

/** Writes the sidecar of a stored entry (at `sized`, when it completes, when it is pinned or unpinned). */
export async function writeSidecar(dataFolder: string, entry: StoreEntry, complete: boolean): Promise<void> {
  if (entry.totalSize === null) return;
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
  };
  await writeFileDurably(join(dataFolder, sidecarName(entry.dataFile)), JSON.stringify(sidecar));
}

/**
 * The entries that can be rebuilt from the data folder: one per sidecar whose data file is there.
 * A complete file gets its whole range back; an incomplete one keeps its metadata and is fetched again.
 */
export async function rebuildFromSidecars(dataFolder: string): Promise<StoreEntryInput[]> {
  let names: string[];
  try {
    names = await readdir(dataFolder);
  } catch {
    return [];
  }
  const entries: StoreEntryInput[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith(suffix))) {
    const dataFile = name.slice(0, -suffix.length);
    const sidecar = await readSidecar(join(dataFolder, name));
    if (!sidecar) continue;
    const size = await stat(join(dataFolder, dataFile)).then((info) => info.size, () => null);
    if (size === null) continue;
    const complete = sidecar.complete && size >= sidecar.totalSize;
    entries.push({
      key: sidecar.key,
      upstreamPath: sidecar.upstreamPath,
      title: sidecar.title,
      totalSize: sidecar.totalSize,
      ranges: complete && sidecar.totalSize > 0 ? [[0, sidecar.totalSize]] : [],
      pinned: sidecar.pinned,
      lastAccess: 0,
      etag: sidecar.etag,
      lastModified: sidecar.lastModified,
      rangeSupport: sidecar.rangeSupport,
      dataFile,
    });
  }
  return entries;
}

async function readSidecar(path: string): Promise<Sidecar | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Sidecar>;
    if (typeof value.key !== 'string' || typeof value.upstreamPath !== 'string' || typeof value.title !== 'string') return null;
    if (typeof value.totalSize !== 'number' || !Number.isSafeInteger(value.totalSize) || value.totalSize < 0) return null;
    return {
      key: value.key,
      upstreamPath: value.upstreamPath,
      title: value.title,
      totalSize: value.totalSize,
      etag: typeof value.etag === 'string' ? value.etag : null,
      lastModified: typeof value.lastModified === 'string' ? value.lastModified : null,
      rangeSupport: typeof value.rangeSupport === 'boolean' ? value.rangeSupport : null,
      pinned: value.pinned === true,
      complete: value.complete === true,
    };
  } catch {
    return null;
  }
}
