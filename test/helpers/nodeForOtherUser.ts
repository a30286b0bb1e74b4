// A Node binary another user can run. The one running the tests may sit where only its owner can reach
// it (CI's Node lives under /root/.cache, a 0700 folder), so another user's spawn of it fails with EACCES.
import { copyFile, chmod, link, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SharedNode {
  /** The binary's path, in a folder every user can enter. */
  path: string;
  remove(): Promise<void>;
}

/** This process's Node, linked (or copied, across file systems) into a fresh folder open to every user. */
export async function nodeForOtherUser(): Promise<SharedNode> {
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-node-'));
  await chmod(folder, 0o755);
  const path = join(folder, 'node');
  try {
    await link(process.execPath, path);
  } catch {
    await copyFile(process.execPath, path);
  }
  // A hard link shares the binary's own mode; a copy gets it here. Either way, everyone may run it.
  await chmod(path, 0o755);
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
