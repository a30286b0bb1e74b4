// Two real processes on one cache folder: the lock, its takeover after SIGKILL, and SIGKILL in the middle of writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lockFileName } from '../../../src/cache/disk/folderLock.js';
import { CacheStore, storeFolderName } from '../../../src/cache/store/store.js';
import { startTsChild, type TestChild } from '../../helpers/childProcess.js';
import { roundEntry, writeLoopEntries } from '../../helpers/storeEntries.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';

const childScript = join('test', 'helpers', 'storeChild.ts');

/** Runs `body` with a fresh cache folder and the children it starts; kills and awaits them all afterwards. */
async function withChildren(body: (folder: string, start: (mode: 'hold' | 'write-loop') => TestChild) => Promise<void>): Promise<void> {
  const temporary = await makeTempFolder('plexterm-processes-');
  const children: TestChild[] = [];
  try {
    await body(temporary.path, (mode) => {
      const child = startTsChild(childScript, [temporary.path, mode]);
      children.push(child);
      return child;
    });
  } finally {
    await Promise.all(children.map((child) => child.kill()));
    await temporary.remove();
  }
}

test('a live plexterm on the folder makes a second open fail clearly; read-only still works', () =>
  withChildren(async (folder, start) => {
    const child = start('hold');
    await child.waitForLine(/^ready$/);
    try {
      const store = await CacheStore.open(folder);
      await store.close();
      assert.unreachable('opened a folder that a live process holds');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'cache-locked');
      assert.match((error as Error).message, `the cache folder ${folder} is in use by plexterm process ${child.pid};`);
    }
    const reader = await CacheStore.open(folder, { readOnly: true });
    assert.is(reader.size, 0);
    await reader.close();
    assert.ok(existsSync(join(folder, lockFileName)), 'the live owner keeps its lock');
  }),
);

test('the lock of a process killed with SIGKILL is taken over at once', () =>
  withChildren(async (folder, start) => {
    const child = start('hold');
    await child.waitForLine(/^ready$/);
    await child.kill();
    assert.ok(existsSync(join(folder, lockFileName)), 'a killed owner leaves its lock behind');
    const store = await CacheStore.open(folder);
    store.upsert(roundEntry(0, 0));
    await store.close();
    assert.not.ok(existsSync(join(folder, lockFileName)));
  }),
);

test('SIGKILL in the middle of writes never leaves a half-written store, nor loses an acknowledged write', () =>
  withChildren(async (folder, start) => {
    for (const [attempt, killAfterRound] of [0, 4, 10].entries()) {
      const child = start('write-loop');
      await child.waitForLine(new RegExp(`^durable ${killAfterRound}$`));
      // Let it run on into the next writes for a moment that differs each time.
      await new Promise((resolve) => setTimeout(resolve, attempt * 7));
      await child.kill();
      const acknowledged = Math.max(...child.lines.map((line) => /^durable (\d+)$/.exec(line)?.[1]).filter(Boolean).map(Number));
      const store = await CacheStore.open(folder);
      assert.is(store.recovered, null, JSON.stringify(store.recovered));
      assert.is(store.size, writeLoopEntries);
      for (const entry of store.entries()) {
        const round = Number(/^round (\d+) /.exec(entry.title)?.[1]);
        assert.ok(round >= acknowledged, `entry ${entry.key} is at round ${round}, before the acknowledged ${acknowledged}`);
        assert.equal(entry, roundEntry(Number(entry.key.split('/')[1]) - 100000, round));
      }
      await store.close();
      assert.not.ok((await readdir(join(folder, storeFolderName))).some((name) => name.endsWith('.tmp')));
    }
  }),
);

test.run();
