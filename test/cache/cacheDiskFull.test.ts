// ENOSPC injected into the data-file writes: the reader still gets every right byte (passed through), and the person is told.
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntry } from '../../src/cache/cacheEntry.js';
import { DataFile } from '../../src/cache/dataFile.js';
import type { CacheEntryError } from '../../src/cache/entryState.js';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';

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
      timeout(5000),
    ),
  );
}

test('ENOSPC after the start buffer: the reader gets all the right bytes by pass-through, the snapshot says disk-full, the log tells', async () => {
  const restore = diskFullAfter(2 * mebibyte);
  const harness = await cacheHarness({ rateBytesPerSecond: 20_000_000 }, settings);
  try {
    const part = await harness.labPart(size);
    const entry = harness.cache.open(part);
    const ready = await reach(entry, ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));

    const whole = await fetchReply(ready.streamUrl ?? '');
    assert.is(whole.status, 200);
    assert.ok(whole.complete, 'the body arrived whole');
    assert.is(whole.body.length, size);
    assert.ok(whole.body.equals(syntheticBytes(part.partId, 0, size)), 'every byte equals upstream');

    const failed = await reachError(entry);
    assert.is(failed.code, 'disk-full');
    assert.is(entry.snapshot.state, 'ready', 'the entry still plays');
    assert.ok(entry.snapshot.downloadedBytes <= 2 * mebibyte, 'caching stopped at the full disk');
    assert.ok(
      harness.log.some((line) => /disk is full/.test(line)),
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

test.run();
