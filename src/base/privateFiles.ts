// plexterm's files are the person's alone: folders 0700, files 0600 (config.json holds the token; stores, listings and logs tell what they watch).
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Takes group and other access away from `folders` and everything in them (made by an older
 * plexterm with 0755 and 0644), at start. A missing folder is skipped; symbolic links are never
 * followed; a file that cannot be changed (not the person's) is left as it is.
 *
 * Only open folders are walked: nobody else can reach what a 0700 folder holds, so a private folder
 * costs one lstat at start, not one per file in it (a cache of 2,000 files took 150 to 350 ms at
 * every start before its config was read). An open folder is closed after what it holds, so a walk
 * cut short (a kill) leaves it open and is done again at the next start.
 */
export async function tightenPrivateFolders(folders: readonly string[]): Promise<void> {
  await Promise.all(folders.map((folder) => tighten(folder)));
}

async function tighten(path: string): Promise<void> {
  const found = await lstat(path).catch(() => null);
  if (found === null || found.isSymbolicLink() || (found.mode & 0o077) === 0) return;
  if (found.isDirectory()) {
    const names = await readdir(path).catch(() => []);
    for (const name of names) await tighten(join(path, name));
  }
  // The owner's own bits stay (an executable stays executable): 0644 becomes 0600, 0755 becomes 0700.
  await chmod(path, found.mode & 0o700).catch(() => undefined);
}
