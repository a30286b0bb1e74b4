// The cache folder's lock on a disk with 0 bytes free (a real 1 MiB tmpfs, root only): a socket of a fixed name, exclusive both ways with the lock file.
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../../src/base/packageRoot.js';
import { FolderLock, lockFileName } from '../../../src/cache/disk/folderLock.js';
import { startTsChild } from '../../helpers/childProcess.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';
import { canMount, fillDisk, freeBytes, mountTmpfs, removeFiller, skipMessage, unmount } from '../../helpers/tmpfsDisk.js';

async function lockedMessage(folder: string): Promise<string> {
  try {
    const lock = await FolderLock.acquire(folder);
    await lock.release();
  } catch (error) {
    assert.is((error as { code?: string }).code, 'cache-locked');
    return (error as Error).message;
  }
  throw new Error('took a lock that is held');
}

/** A fresh 1 MiB tmpfs for one test, unmounted afterwards whatever happens. */
async function withTinyDisk(body: (folder: string) => Promise<void>): Promise<void> {
  const temporary = await makeTempFolder('plexterm-lock-');
  await mountTmpfs(temporary.path, 1024 * 1024);
  try {
    await body(temporary.path);
  } finally {
    await unmount(temporary.path);
    await temporary.remove();
  }
}

if (!canMount) {
  console.warn(skipMessage('test/cache/disk/fullDiskLock.test.ts'));
  test.skip('the lock on a full disk (needs root)', () => undefined);
} else {
  test('with 0 bytes free the lock is still taken, without a lock file; a second taker is refused with the owner named; release frees it', () =>
    withTinyDisk(async (folder) => {
      await fillDisk(folder);
      assert.is(await freeBytes(folder), 0);
      const lock = await FolderLock.acquire(folder);
      assert.not.ok(existsSync(join(folder, lockFileName)), 'no lock file: there is no room for one');
      assert.match(await lockedMessage(folder), new RegExp(`in use by plexterm process ${process.pid}`));
      await lock.release();
      assert.equal((await readdir(folder)).filter((name) => name.endsWith('.sock')), [], 'its socket is gone');
      const again = await FolderLock.acquire(folder);
      await again.release();
    }));

  test('a process holding the folder on a full disk keeps others out until it is killed; then the lock is taken at once', () =>
    withTinyDisk(async (folder) => {
      await mkdir(join(folder, 'store'));
      await fillDisk(folder);
      const child = startTsChild(join(packageRoot(), 'test', 'helpers', 'storeChild.ts'), [folder, 'hold']);
      try {
        await child.waitForLine(/^ready$/);
        assert.match(await lockedMessage(folder), new RegExp(`in use by plexterm process ${child.pid}`));
      } finally {
        await child.kill();
      }
      const lock = await FolderLock.acquire(folder);
      await lock.release();
    }));

  test('the two ways exclude each other: an owner of the lock file keeps out a taker on a full disk, and the other way round', () =>
    withTinyDisk(async (folder) => {
      const withFile = await FolderLock.acquire(folder);
      assert.ok(existsSync(join(folder, lockFileName)));
      let filler = await fillDisk(folder);
      assert.match(await lockedMessage(folder), new RegExp(`in use by plexterm process ${process.pid}`));
      await removeFiller(filler);
      await withFile.release();

      filler = await fillDisk(folder);
      const withSocket = await FolderLock.acquire(folder);
      await removeFiller(filler);
      assert.match(await lockedMessage(folder), new RegExp(`in use by plexterm process ${process.pid}`), 'a taker with room checks the socket too');
      assert.not.ok(existsSync(join(folder, lockFileName)), 'the refused taker removed the lock file it had made');
      await withSocket.release();
      const normal = await FolderLock.acquire(folder);
      assert.ok(existsSync(join(folder, lockFileName)));
      await normal.release();
    }));
}

test.run();
