// The free-space reserve kept as bytes are written: counted against one measurement, re-measured when stale, room made by eviction, or a pause that says why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FreeSpaceKeeper, availableBytes } from '../../../src/cache/disk/freeSpace.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';

const mebibyte = 1024 * 1024;

/** A disk whose free bytes the test sets, counting how often it was measured, and an evictor that frees what the test allows. */
function fakeDisk(free: number, evictable: number, freshMs = 60_000) {
  const disk = { free, evictable, measured: 0, asked: [] as Array<[number, string]> };
  const keeper = new FreeSpaceKeeper({
    folder: '/media/cache',
    reserve: 10 * mebibyte,
    freshMs,
    available: async () => {
      disk.measured += 1;
      return disk.free;
    },
    makeRoom: async (bytes, asking) => {
      disk.asked.push([bytes, asking]);
      const freed = Math.min(bytes, disk.evictable);
      disk.evictable -= freed;
      disk.free += freed;
      return freed;
    },
  });
  return { disk, keeper };
}

test('writes above the reserve are counted against one measurement; the disk is measured again only when the count runs out', async () => {
  const { disk, keeper } = fakeDisk(14 * mebibyte, 0);
  for (let index = 0; index < 4; index += 1) assert.is(await keeper.claim(mebibyte, 'a'), null);
  assert.is(disk.measured, 1, 'one statfs for four writes that fit');
  disk.free = 10 * mebibyte; // the four were written
  const refused = await keeper.claim(mebibyte, 'a');
  assert.is(disk.measured, 2);
  assert.is(refused?.code, 'disk-full');
});

test('claimed bytes still on their way count against a fresh measurement: a busy machine cannot overrun the reserve by the writes it has not finished', async () => {
  // Every claim measures again (a stale measurement), and the disk does not show the claimed bytes until their write lands.
  const { disk, keeper } = fakeDisk(14 * mebibyte, 0, 0);
  for (let index = 0; index < 4; index += 1) assert.is(await keeper.claim(mebibyte, 'a'), null);
  assert.is((await keeper.claim(mebibyte, 'a'))?.code, 'disk-full', 'four unwritten MiB already fill the room above the reserve');
  // Two of the writes land (the disk shows them), one fails (never written): only the last one is still counted.
  disk.free -= 2 * mebibyte;
  keeper.settle(mebibyte);
  keeper.settle(mebibyte);
  keeper.settle(mebibyte);
  assert.is(await keeper.claim(mebibyte, 'a'), null, 'the failed write gave its megabyte back');
  assert.is((await keeper.claim(mebibyte, 'a'))?.code, 'disk-full');
  assert.is(disk.measured, 7);
});

test('at the reserve, room is made by eviction for the entry asking (the bytes short), then the write goes on', async () => {
  const { disk, keeper } = fakeDisk(10 * mebibyte + 100, 8 * mebibyte);
  assert.is(await keeper.claim(mebibyte, 'big'), null);
  assert.equal(disk.asked, [[mebibyte - 100, 'big']]);
  assert.is(disk.measured, 2, 'measured again after the eviction');
});

test('when nothing can be evicted the write is refused with one line naming the folder, the reserve and what is needed', async () => {
  const { keeper } = fakeDisk(10 * mebibyte + 512 * 1024, 0);
  const refused = await keeper.claim(mebibyte, 'big');
  assert.ok(refused);
  assert.is(refused.code, 'disk-full');
  assert.is(refused.exitCode, 1);
  assert.is(
    refused.message,
    'caching paused: the disk of the cache folder /media/cache has 11 MiB free and the cache keeps 10 MiB free (cache.freeReserve); 512 KiB more are needed: evict or unpin entries, or lower cache.freeReserve',
  );
  assert.not.match(refused.message, /\n/);
});

test('claims at once run one at a time: never two evictions at once', async () => {
  let running = 0;
  let most = 0;
  const keeper = new FreeSpaceKeeper({
    folder: '/media/cache',
    reserve: 10 * mebibyte,
    available: async () => 10 * mebibyte,
    makeRoom: async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return 0;
    },
  });
  const answers = await Promise.all(['a', 'b', 'c'].map((key) => keeper.claim(mebibyte, key)));
  assert.equal(answers.map((answer) => answer?.code), ['disk-full', 'disk-full', 'disk-full']);
  assert.is(most, 1);
});

test('availableBytes measures a real folder with statfs', async () => {
  const folder = await makeTempFolder();
  try {
    assert.ok((await availableBytes(folder.path)) > 0);
  } finally {
    await folder.remove();
  }
});

test.run();
