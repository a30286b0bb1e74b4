// A disk with no room: ENOSPC injected into data-file writes, a free reserve larger than the disk, and a real small tmpfs at its reserve.
// Whatever the cause, the reader still gets every right byte (passed through), and the person is told.
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntry } from '../../src/cache/lifecycle/cacheEntry.js';
import { DataFile } from '../../src/cache/store/dataFile.js';
import type { CacheEntryError, CacheEntrySnapshot } from '../../src/cache/lifecycle/entryState.js';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach, reachComplete, type CacheHarness } from '../helpers/cacheHarness.js';
import { canMount, freeBytes, mountTmpfs, skipMessage, unmount } from '../helpers/tmpfsDisk.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';
import { timeLimit } from '../helpers/timeLimit.js';

const mebibyte = 1024 * 1024;
const size = 7_340_033;
const settings = { chunkSize: 256 * 1024, readAheadBytes: mebibyte, startBuffer: mebibyte };

/** Makes every DataFile write (single or vectored) fail with ENOSPC once `budget` bytes were written; returns the undo. */
function diskFullAfter(budget: number): () => void {
  const original = DataFile.prototype.write;
  const originalVectored = DataFile.prototype.writev;
  let left = budget;
  const spend = (byteLength: number): Promise<void> | null => {
    if (byteLength > left) {
      left = 0;
      return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
    }
    left -= byteLength;
    return null;
  };
  DataFile.prototype.write = function write(this: DataFile, bytes: Uint8Array, position: number): Promise<void> {
    return spend(bytes.byteLength) ?? original.call(this, bytes, position);
  };
  DataFile.prototype.writev = function writev(this: DataFile, pieces: readonly Uint8Array[], position: number): Promise<void> {
    return spend(pieces.reduce((sum, piece) => sum + piece.byteLength, 0)) ?? originalVectored.call(this, pieces, position);
  };
  return () => {
    DataFile.prototype.write = original;
    DataFile.prototype.writev = originalVectored;
  };
}

/** The snapshot's error, once the (throttled) progress carries it. */
function reachError(entry: CacheEntry): Promise<CacheEntryError> {
  return firstValueFrom(
    entry.state$.pipe(
      map((snapshot) => snapshot.error),
      filter((error): error is CacheEntryError => error !== null),
      timeout(timeLimit(5000)),
    ),
  );
}

/** Opens the 7 MiB part, waits for ready and reads it whole from the stream URL, checking every byte. */
async function playWhole(harness: CacheHarness): Promise<{ part: Awaited<ReturnType<CacheHarness['labPart']>>; entry: CacheEntry; ready: CacheEntrySnapshot }> {
  const part = await harness.labPart(size);
  const entry = harness.cache.open(part);
  const ready = await reach(entry, ['ready', 'failed']);
  assert.is(ready.state, 'ready', JSON.stringify(ready.error));
  const whole = await fetchReply(ready.streamUrl ?? '');
  assert.is(whole.status, 200);
  assert.ok(whole.complete, 'the body arrived whole');
  assert.is(whole.body.length, size);
  assert.ok(whole.body.equals(syntheticBytes(part.partId, 0, size)), 'every byte equals upstream');
  return { part, entry, ready };
}

test('ENOSPC after the start buffer: the reader gets all the right bytes by pass-through, the snapshot says disk-full, the log tells', async () => {
  const restore = diskFullAfter(2 * mebibyte);
  const harness = await cacheHarness({ rateBytesPerSecond: 20_000_000 }, settings);
  try {
    const { part, entry, ready } = await playWhole(harness);

    const failed = await reachError(entry);
    assert.is(failed.code, 'disk-full');
    assert.is(entry.snapshot.state, 'ready', 'the entry still plays');
    assert.ok(entry.snapshot.downloadedBytes <= 2 * mebibyte, 'caching stopped at the full disk');
    assert.ok(
      harness.log.some((line) => /the disk of \S+\/data is full: caching this entry needs at least .* more free/.test(line)),
      `the log tells the person: ${harness.log.join('\n')}`,
    );

    // Later reads, from far in the file too, pass through as well.
    const tail = await fetchReply(ready.streamUrl ?? '', 'GET', { Range: `bytes=${size - 300_000}-` });
    assert.is(tail.status, 206);
    assert.ok(tail.body.equals(syntheticBytes(part.partId, size - 300_000, 300_000)));
  } finally {
    restore();
    await harness.close();
  }
});

test('a free reserve larger than the disk: the entry is still ready, every byte passes through, nothing is cached, the snapshot says caching paused', async () => {
  const harness = await cacheHarness({}, { ...settings, freeReserve: 2 ** 50 });
  try {
    const { entry } = await playWhole(harness);
    const paused = await reachError(entry);
    assert.is(paused.code, 'disk-full');
    assert.match(paused.message, new RegExp(`^caching paused: the disk of the cache folder ${harness.folder.path} has .* free and the cache keeps 1024 TiB free \\(cache\\.freeReserve\\)`));
    assert.is(entry.snapshot.downloadedBytes, 0, 'nothing was written');
    assert.ok(harness.log.some((line) => line.includes('caching paused')), harness.log.join('\n'));
  } finally {
    await harness.close();
  }
});

if (!canMount) {
  console.warn(skipMessage('the tmpfs test of test/cache/cacheDiskFull.test.ts'));
  test.skip('at the reserve of a real small disk (needs root)', () => undefined);
} else {
  test('at the reserve of a real 32 MiB disk: the least recently used entry that is neither pinned nor open goes, then the download pauses', async () => {
    const harness = await cacheHarness({}, settings);
    const folder = harness.folder.path;
    await harness.cache.close();
    await mountTmpfs(folder, 32 * mebibyte);
    try {
      const cache = await harness.reopen({ ...settings, startBuffer: size, freeReserve: 8 * mebibyte });
      const part = await harness.labPart(size);
      const opened = [];
      for (const name of ['old', 'open', 'pinned']) {
        const request = { ...part, key: `${part.key}#${name}`, title: name };
        const entry = cache.open(request);
        if (name === 'pinned') cache.setPinned(request.key, true);
        assert.is((await reachComplete(entry)).complete, true, name);
        opened.push({ name, request, entry });
      }
      await opened[0]!.entry.close();
      const big = await harness.labPart(64 * mebibyte);
      const bigEntry = cache.open(big);
      cache.setPinned(big.key, true);
      const error = await reachError(bigEntry);
      assert.is(error.code, 'disk-full');
      assert.match(error.message, /^caching paused: .* more are needed/);
      assert.ok((await freeBytes(folder)) >= 8 * mebibyte - 512 * 1024, `the reserve stays free: ${await freeBytes(folder)}`);
      assert.is(opened[0]!.entry.snapshot.state, 'evicted', 'the old, closed, unpinned entry made room');
      assert.ok(harness.log.some((line) => line.includes("evicted old to keep the disk's free reserve")), harness.log.join('\n'));
      for (const { name, entry } of opened.slice(1)) assert.ok(entry.snapshot.complete && entry.snapshot.state === 'ready', `${name} stays whole`);
      assert.ok(bigEntry.snapshot.downloadedBytes > size, 'the big entry got the room the old one left');

      // The person evicts the pinned entry: the paused download goes on into that room, then pauses again.
      const pausedAt = bigEntry.snapshot.downloadedBytes;
      const resumed = firstValueFrom(bigEntry.state$.pipe(filter((snapshot) => snapshot.error === null), timeout(timeLimit(10_000))));
      assert.ok(await cache.evict(opened[2]!.request.key));
      await resumed;
      const again = await reachError(bigEntry);
      assert.is(again.code, 'disk-full');
      assert.ok(bigEntry.snapshot.downloadedBytes > pausedAt + mebibyte, `it went on: ${pausedAt} → ${bigEntry.snapshot.downloadedBytes}`);
      assert.ok(harness.log.some((line) => line.includes('there is room again; caching goes on')), harness.log.join('\n'));
      assert.ok((await freeBytes(folder)) >= 8 * mebibyte - 512 * 1024);
    } finally {
      await harness.cache.close();
      await unmount(folder);
      await harness.close();
    }
  });
}

test.run();
