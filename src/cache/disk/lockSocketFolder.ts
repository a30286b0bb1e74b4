// Where a cache folder's lock sockets live when the folder's own path is too long for one: a folder of
// the person's own inside the temporary folder, never the shared temporary folder itself.
//
// The full-disk lock socket has a fixed name that anyone can compute (see fullDiskLock.ts). In a
// world-writable folder such as /tmp another local user could create that name first and listen on
// it: plexterm would then take the impostor for a live owner and refuse the cache folder, even with
// room on the disk, naming whatever the impostor answered. Names in a 0700 folder of the person's
// own can be created by the person alone (and root).
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, PlextermError } from '../../base/errors.js';

/** The person's socket folder in `base`: `<base>/plexterm-<uid>`. */
export function socketFolderIn(base: string): string {
  return join(base, `plexterm-${process.getuid?.() ?? 'user'}`);
}

/** socketFolderIn(base), made 0700 if missing; refused when it is not a folder of this user's that only they can write in. */
export async function privateSocketFolder(base: string): Promise<string> {
  const uid = process.getuid?.();
  const folder = socketFolderIn(base);
  await mkdir(folder, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  // lstat: a symbolic link planted by someone else is refused, not followed.
  const found = await lstat(folder);
  if (!found.isDirectory() || (uid !== undefined && found.uid !== uid) || (found.mode & 0o077) !== 0) {
    throw new PlextermError(
      `${folder}, where plexterm keeps the lock sockets of cache folders with long paths, is not a folder of yours alone; remove it, or set TMPDIR to a folder of your own`,
      { code: 'cache-lock-socket', exitCode: ExitCode.usage },
    );
  }
  return folder;
}
