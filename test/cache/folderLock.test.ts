// The cache folder lock on its own: what it records, and which owners count as alive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FolderLock, lockFileName, type LockOwner } from '../../src/cache/folderLock.js';
import { withCacheFolder } from '../helpers/cacheFolder.js';

async function expectLocked(folder: string, pattern: RegExp): Promise<void> {
  try {
    const lock = await FolderLock.acquire(folder);
    await lock.release();
    assert.unreachable('took a lock that is held');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'cache-locked');
    assert.match((error as Error).message, pattern);
  }
}

function ownerLike(changes: Partial<LockOwner>): string {
  return JSON.stringify({ pid: process.pid, hostname: hostname(), processStart: null, acquiredAt: '', token: 'someone-else', ...changes });
}

/** The PID of a node process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

test('the lock file names its owner and goes away on release', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(folder);
    const owner = JSON.parse(await readFile(join(folder, lockFileName), 'utf8')) as LockOwner;
    assert.is(owner.pid, process.pid);
    assert.is(owner.hostname, hostname());
    assert.is(owner.token, lock.owner.token);
    await lock.release();
    await lock.release();
    assert.not.ok(existsSync(join(folder, lockFileName)));
  }),
);

test('a live owner, even this very process, keeps the lock', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(folder);
    await expectLocked(folder, new RegExp(`in use by plexterm process ${process.pid};`));
    await lock.release();
  }),
);

test('an owner on another host cannot be checked, so it keeps the lock', () =>
  withCacheFolder(async (folder) => {
    await writeFile(join(folder, lockFileName), ownerLike({ pid: 1, hostname: 'elsewhere.example' }));
    await expectLocked(folder, /in use by plexterm process 1 on elsewhere\.example;/);
  }),
);

test('dead owners lose the lock at once: an exited PID, a reused PID, an unreadable lock', () =>
  withCacheFolder(async (folder) => {
    const probe = await FolderLock.acquire(folder);
    await probe.release();
    const ownStart = probe.owner.processStart;
    const dead = [ownerLike({ pid: await deadPid() }), 'not json at all', '{"pid":"x"}'];
    if (ownStart !== null) dead.push(ownerLike({ processStart: `${ownStart}1` }));
    for (const text of dead) {
      await writeFile(join(folder, lockFileName), text);
      const lock = await FolderLock.acquire(folder);
      assert.is(JSON.parse(await readFile(join(folder, lockFileName), 'utf8')).token, lock.owner.token, text);
      await lock.release();
    }
  }),
);

test('release leaves alone a lock that someone else took over', () =>
  withCacheFolder(async (folder) => {
    const lock = await FolderLock.acquire(folder);
    await writeFile(join(folder, lockFileName), ownerLike({}));
    await lock.release();
    assert.ok(existsSync(join(folder, lockFileName)));
  }),
);

test.run();
