// The store's files on disk: the shard layout and format, and what happens to damaged or leftover files.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, PlextermError } from '../../base/errors.js';
import { isLeftoverTemporaryFile } from '../../base/durableFile.js';

export const storeSchemaVersion = 1;
export const storeFormat = 'plexterm-cache-store';
export const storeFolderName = 'store';
export const storeShardCount = 64;

export interface ShardFile {
  format: typeof storeFormat;
  version: number;
  /** Written as StoreEntry objects; read back unchecked, then checked one by one. */
  entries: readonly unknown[];
}

/** The shard a key lives in: FNV-1a of its UTF-16 code units. */
export function shardIndex(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % storeShardCount;
}

/** The path of shard `index`'s file inside the store folder. */
export function shardFilePath(storeFolder: string, index: number): string {
  return join(storeFolder, `store-${index.toString(16).padStart(2, '0')}.json`);
}

/** A shard file holding `entries`, in the current format. */
export function shardFileOf(entries: readonly unknown[]): ShardFile {
  return { format: storeFormat, version: storeSchemaVersion, entries };
}

/** Checks a parsed shard file (not its entries); throws on the wrong shape, or for a newer version. */
export function checkShardFile(value: unknown): ShardFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object');
  const record = value as Record<string, unknown>;
  if (record.format !== storeFormat) throw new Error(`it is not a ${storeFormat} file`);
  if (!Number.isSafeInteger(record.version) || (record.version as number) < 1) throw new Error('its version is not a number');
  if ((record.version as number) > storeSchemaVersion) {
    throw new PlextermError(
      `the cache store was written by a newer plexterm (store version ${String(record.version)}, this one reads ${storeSchemaVersion}); update plexterm or use another cache folder`,
      { code: 'cache-store-newer', exitCode: ExitCode.usage },
    );
  }
  if (!Array.isArray(record.entries)) throw new Error('its entries are not a list');
  return shardFileOf(record.entries as unknown[]);
}

export async function removeLeftoverTemporaryFiles(storeFolder: string): Promise<void> {
  const names = await readdir(storeFolder);
  await Promise.all(names.filter(isLeftoverTemporaryFile).map((name) => rm(join(storeFolder, name), { force: true })));
}
