// The downloader's reads, chunking, dedupe, priorities, cancellation, wake-ups and recording, over real files.
import fc from 'fast-check';
import * as assert from 'uvu/assert';
import { RangeSet } from '../../../src/base/rangeSet.js';
import { ByteWaiters } from '../../../src/cache/download/byteWaiters.js';
import type { DownloadProgress } from '../../../src/cache/download/downloader.js';
import {
  assertPattern,
  collect,
  folderSuite,
  handled,
  type HarnessOptions,
  isSubset,
  openHarness,
  settlesWithin,
  SyncTrackingFile,
  withHarness,
} from '../../helpers/downloaderHarness.js';
import { deferred } from '../../helpers/patternUpstream.js';
import { rejection } from '../../helpers/plexTvFake.js';

const chunk = 64 * 1024;
const test = folderSuite('downloader');

/** Four chunks, no read-ahead, every request held before its first byte until `gate` opens. */
function heldFourChunks(folder: string, gate: Promise<void>): HarnessOptions {
  return { folder, upstream: { size: 4 * chunk, gate: () => gate }, downloader: { chunkSize: chunk, readAheadBytes: 0 } };
}

test('random reads are byte-for-byte equal to upstream, including 0, 1 and the last byte', async ({ folder }) => {
  const size = 5 * chunk + 777;
  await withHarness({
    folder: folder.path,
    upstream: { size, pieceSize: 10_000 },
    downloader: { chunkSize: chunk, readAheadBytes: chunk, readPieceSize: 16 * 1024 },
  }, async (harness) => {
    const { downloader } = harness;
    for (const [start, end] of [[0, 0], [0, 1], [size - 1, size], [size, size], [chunk - 1, chunk + 1]] as const) {
      assertPattern(await collect(downloader.read(start, end)), start, end);
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(size), fc.nat(size), async (first, second) => {
        const [start, end] = first <= second ? [first, second] : [second, first];
        assertPattern(await collect(downloader.read(start, end)), start, end);
      }),
      { numRuns: 60 },
    );
    assert.match((await rejection(downloader.read(size - 1, size + 1).next())).message, /outside the file/);
    assert.equal(harness.upstream.overlaps, []);
  });
});

test('concurrent reads never request the same bytes twice at once', async ({ folder }) => {
  const size = 9 * chunk + 5;
  const ranges = fc.array(fc.tuple(fc.nat(size), fc.nat(size)), { minLength: 2, maxLength: 6 });
  await fc.assert(
    fc.asyncProperty(ranges, async (pairs) => {
      const options = { folder: folder.path, upstream: { size }, downloader: { chunkSize: chunk, readAheadBytes: 2 * chunk } };
      await withHarness(options, async (harness) => {
        const reads = pairs.map(([first, second]) => [Math.min(first, second), Math.max(first, second)] as const);
        const results = await Promise.all(reads.map(([start, end]) => collect(harness.downloader.read(start, end))));
        results.forEach((result, index) => assertPattern(result, reads[index]![0], reads[index]![1]));
        assert.equal(harness.upstream.overlaps, [], 'two open requests served the same bytes');
      });
    }),
    { numRuns: 15 },
  );
});

test('a full download uses aligned chunks and the last partial chunk is exact', async ({ folder }) => {
  const size = 3 * chunk + 123;
  await withHarness({ folder: folder.path, upstream: { size }, downloader: { chunkSize: chunk } }, async (harness) => {
    await settlesWithin(harness.downloader.fillAll(), 'fillAll');
    const requested = harness.upstream.requests.map((request) => [request.start, request.end]);
    assert.equal(
      requested.sort((left, right) => left[0]! - right[0]!),
      [
        [0, chunk],
        [chunk, 2 * chunk],
        [2 * chunk, 3 * chunk],
        [3 * chunk, size],
      ],
    );
    assert.ok(harness.downloader.recordedRanges.equals(RangeSet.of(0, size)));
    assertPattern(Buffer.from(await harness.file.read(0, size + 10)), 0, size);
    const progress = await new Promise<DownloadProgress>((resolve) => harness.downloader.progress$.subscribe(resolve).unsubscribe());
    assert.equal([progress.downloadedBytes, progress.recordedBytes, progress.complete, progress.storageError], [size, size, true, null]);
  });
});

test('readers wanting bytes already in flight wait for that fetch', async ({ folder }) => {
  const gate = deferred();
  await withHarness(heldFourChunks(folder.path, gate.promise), async (harness) => {
    const first = handled(collect(harness.downloader.read(100, 200)));
    const second = handled(collect(harness.downloader.read(150, chunk)));
    const third = handled(harness.downloader.waitFor(0, chunk));
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    assertPattern(await settlesWithin(first, 'first read'), 100, 200);
    assertPattern(await settlesWithin(second, 'second read'), 150, chunk);
    await settlesWithin(third, 'waitFor');
    assert.equal(
      harness.upstream.requests.map((request) => [request.start, request.end]),
      [[100, chunk], [0, 100]],
    );
  });
});

test('recorded ranges and bytes of an earlier run are not fetched again', async ({ folder }) => {
  const size = 3 * chunk;
  const first = await openHarness({ folder: folder.path, fileName: 'again', upstream: { size }, downloader: { chunkSize: chunk, readAheadBytes: 0 } });
  await collect(first.downloader.read(0, chunk));
  await first.downloader.flush();
  const recorded = first.downloader.recordedRanges;
  await first.close();
  assert.ok(recorded.covers(0, chunk));
  const second = await openHarness({
    folder: folder.path,
    fileName: 'again',
    upstream: { size },
    downloader: { chunkSize: chunk, recordedRanges: recorded, readAheadBytes: 0 },
  });
  try {
    assertPattern(await collect(second.downloader.read(0, size)), 0, size);
    assert.ok(second.upstream.requests.every((request) => request.start >= chunk));
  } finally {
    await second.close();
  }
});

test('a range is recorded only after its bytes are written and fsynced', async ({ folder }) => {
  let tracking: SyncTrackingFile | undefined;
  const violations: string[] = [];
  await withHarness({
    folder: folder.path,
    upstream: { size: 6 * chunk + 99, pieceSize: 5000 },
    wrap: (file) => (tracking = new SyncTrackingFile(file)),
    downloader: {
      chunkSize: chunk,
      onRecorded: (ranges) => {
        if (!isSubset(ranges, tracking!.durable)) violations.push(`recorded ${ranges} but durable only ${tracking!.durable}`);
      },
    },
  }, async (harness) => {
    await settlesWithin(harness.downloader.fillAll(), 'fillAll');
    assert.equal(violations, []);
    assert.ok(harness.recordings.length > 0 && tracking!.syncCount >= harness.recordings.length);
    assert.ok(harness.recordings.at(-1)!.equals(RangeSet.of(0, 6 * chunk + 99)));
  });
});

test('a read far away is served while background fill holds every slot: the newest background fetch is cancelled', async ({ folder }) => {
  const backgroundGate = deferred();
  const size = 8 * chunk;
  await withHarness({
    folder: folder.path,
    upstream: { size, gate: (request) => (request.start < 2 * chunk ? backgroundGate.promise : undefined) },
    downloader: { chunkSize: chunk, concurrency: 2, readAheadBytes: 0 },
  }, async (harness) => {
    const filling = handled(harness.downloader.fillAll());
    const requests = harness.upstream.requests;
    assert.equal(requests.map((request) => [request.start, request.end]), [[0, chunk], [chunk, 2 * chunk]]);
    const seekTo = 6 * chunk + 10;
    assertPattern(await settlesWithin(collect(harness.downloader.read(seekTo, seekTo + 10)), 'the far read'), seekTo, seekTo + 10);
    assert.is(requests[0]!.aborted, false, 'the older background fetch keeps its slot');
    assert.is(requests[1]!.aborted, true, 'the newest background fetch made room');
    assert.equal([requests[2]!.start, requests[2]!.end], [seekTo, 7 * chunk]);
    backgroundGate.resolve();
    await settlesWithin(filling, 'fillAll');
    assert.ok(requests.slice(3).some((request) => request.start === chunk), 'the cancelled chunk was fetched again');
    assertPattern(Buffer.from(await harness.file.read(0, size)), 0, size);
  });
});

test('read-ahead never cancels background work, it waits for a slot', async ({ folder }) => {
  const gate = deferred();
  await withHarness({
    folder: folder.path,
    upstream: { size: 8 * chunk, gate: () => gate.promise },
    downloader: { chunkSize: chunk, concurrency: 2, readAheadBytes: 2 * chunk },
  }, async (harness) => {
    const filling = handled(harness.downloader.fillAll());
    const reading = handled(collect(harness.downloader.read(0, 10)));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(harness.upstream.requests.every((request) => !request.aborted));
    gate.resolve();
    assertPattern(await settlesWithin(reading, 'read'), 0, 10);
    await settlesWithin(filling, 'fillAll');
  });
});

test('aborting a reader cancels the fetches only it wanted, not those another reader waits for', async ({ folder }) => {
  const gate = deferred();
  await withHarness(heldFourChunks(folder.path, gate.promise), async (harness) => {
    const leaving = new AbortController();
    const staying = new AbortController();
    const lonely = handled(harness.downloader.read(2 * chunk, 2 * chunk + 100, leaving.signal)[Symbol.asyncIterator]().next());
    const shared = handled(collect(harness.downloader.read(100, 200, staying.signal)));
    const sharedToo = handled(harness.downloader.read(150, 250, leaving.signal)[Symbol.asyncIterator]().next());
    await new Promise((resolve) => setImmediate(resolve));
    const before = harness.upstream.requests.filter((request) => request.open).map((request) => request.start);
    assert.ok(before.includes(2 * chunk) && before.includes(100), `open requests: ${before}`);
    leaving.abort();
    assert.is((await rejection(lonely)).name, 'AbortError');
    assert.is((await rejection(sharedToo)).name, 'AbortError');
    const lonelyRequest = harness.upstream.requests.find((request) => request.start === 2 * chunk)!;
    assert.ok(lonelyRequest.aborted, 'the fetch only the aborted reader wanted was cancelled');
    const sharedRequest = harness.upstream.requests.find((request) => request.start === 100)!;
    assert.not.ok(sharedRequest.aborted, 'the fetch another reader waits for goes on');
    gate.resolve();
    assertPattern(await settlesWithin(shared, 'the remaining reader'), 100, 200);
    staying.abort();
  });
});

test('a waiter registered exactly as its bytes land is woken', async ({ folder }) => {
  const size = 2 * chunk;
  let landing: Promise<void> | undefined;
  let early: Promise<void> | undefined;
  const harness = await openHarness({
    folder: folder.path,
    upstream: { size, pieceSize: 1000 },
    downloader: { chunkSize: chunk, readAheadBytes: 0 },
    // Registers the wait after the write finished but before the downloader marks the bytes written.
    wrap: (file) => ({
      read: (position, length) => file.read(position, length),
      sync: () => file.sync(),
      write: (bytes, position) =>
        file.write(bytes, position).then(() => {
          // Writes may join several pieces: the one that holds byte 3000 is the landing.
          if (landing === undefined && position <= 3000 && 3000 < position + bytes.byteLength) landing = handled(harness.downloader.waitFor(3000, 4000));
        }),
    }),
  });
  // Registers synchronously from the progress emitted right after bytes land.
  const subscription = harness.downloader.progress$.subscribe((progress) => {
    if (progress.downloadedBytes > 0 && early === undefined) early = handled(harness.downloader.waitFor(0, 1));
  });
  try {
    assertPattern(await collect(harness.downloader.read(0, 5000)), 0, 5000);
    assert.ok(landing && early);
    await settlesWithin(landing, 'the waiter registered as its bytes landed');
    await settlesWithin(early, 'the waiter registered from the progress');
    assert.is(harness.upstream.requests.filter((request) => request.start < chunk).length, 1);
  } finally {
    subscription.unsubscribe();
    await harness.close();
  }
});

test('byte waiters check and register in one step, and wake on notify', async () => {
  let written = RangeSet.empty;
  const waiters = new ByteWaiters(() => written);
  written = RangeSet.of(0, 10);
  await settlesWithin(waiters.wait(0, 5), 'a wait for bytes already written, before notify');
  const later = waiters.wait(10, 20);
  written = written.add(10, 20);
  waiters.notify();
  await settlesWithin(later, 'a wait woken by notify');
  const failing = waiters.wait(30, 40);
  waiters.rejectMissing(35, 36, new Error('gone'));
  assert.is((await rejection(failing)).message, 'gone');
  assert.is(waiters.size, 0);
});

test('progress reports recorded bytes and completes on close', async ({ folder }) => {
  const harness = await openHarness({ folder: folder.path, upstream: { size: 2 * chunk + 1 }, downloader: { chunkSize: chunk } });
  let last: unknown;
  let completed = false;
  harness.downloader.progress$.subscribe({ next: (progress) => (last = progress), complete: () => (completed = true) });
  await collect(harness.downloader.read(0, 10));
  await harness.downloader.fillAll();
  await harness.close();
  assert.ok(completed);
  assert.equal(last, { downloadedBytes: 2 * chunk + 1, recordedBytes: 2 * chunk + 1, bytesPerSecond: 0, complete: true, storageError: null });
});

test.run();
