// A real small disk for tests: a tmpfs mounted on a folder (root only), filled to the last byte when asked, always unmounted.
import { execFile } from 'node:child_process';
import { open, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounting needs root; CI runs as root. */
export const canMount = process.getuid?.() === 0;

/** The message a test file prints when it cannot mount, so a skip is never silent. */
export function skipMessage(what: string): string {
  return `SKIPPED ${what}: mounting a tmpfs needs root (CI runs as root); run the tests as root to check it`;
}

export async function mountTmpfs(folder: string, bytes: number): Promise<void> {
  await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', folder]);
}

/** Unmounts, lazily when something still holds a file there (a killed child not yet reaped). */
export async function unmount(folder: string): Promise<void> {
  try {
    await run('umount', [folder]);
  } catch {
    await run('umount', ['-l', folder]).catch(() => undefined);
  }
}

export async function freeBytes(folder: string): Promise<number> {
  const disk = await statfs(folder);
  return disk.bavail * disk.bsize;
}

/** Fills the file system of `folder` until a write fails with ENOSPC (0 bytes free); returns the filler's path. */
export async function fillDisk(folder: string, name = 'filler'): Promise<string> {
  const path = join(folder, name);
  const handle = await open(path, 'a');
  const block = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) {
      try {
        await handle.write(block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
    // The last pages, smaller than a block.
    for (;;) {
      try {
        await handle.write(block.subarray(0, 4096));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
  } finally {
    await handle.close();
  }
  return path;
}

export async function removeFiller(path: string): Promise<void> {
  await rm(path, { force: true });
}
