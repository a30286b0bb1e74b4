// A little disk space the cache sets aside while there is room, and gives back when a store write finds the disk full, so records can still change on a full disk.
import { open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { temporaryPathFor } from '../../base/durableFile.js';
import { availableBytes } from './freeSpace.js';

/** In the store folder, beside the shard files. */
const spareFileName = 'spare-space';
/** Room for a store write of every shard at once, several times over. */
const spareBytes = 256 * 1024;

/**
 * Sets the spare aside when it is missing and the disk has room for it several times over. Never fails: a
 * spare that cannot be made now is made at a later open. Real bytes, not a sparse file, so the space is held.
 */
export async function setSpareAside(storeFolder: string): Promise<void> {
  const path = join(storeFolder, spareFileName);
  const temporary = temporaryPathFor(path);
  try {
    if (await stat(path).then(() => true, () => false)) return;
    if ((await availableBytes(storeFolder)) < 4 * spareBytes) return;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(Buffer.alloc(spareBytes));
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch {
    // A temporary file left by a crash here is removed at the next open of the store.
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** Gives the spare's space back; true when there was a spare to give. */
export async function releaseSpare(storeFolder: string): Promise<boolean> {
  const path = join(storeFolder, spareFileName);
  if (!(await stat(path).then(() => true, () => false))) return false;
  await rm(path, { force: true });
  return true;
}
