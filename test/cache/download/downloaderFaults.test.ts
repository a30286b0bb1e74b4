// The downloader against a faulty upstream and disk: cut bodies, ignored ranges, failures, a changed file, ENOSPC.
import * as assert from 'uvu/assert';
import { PlextermError } from '../../../src/base/errors.js';
import { assertPattern, collect, folderSuite, openHarness, settlesWithin, withHarness } from '../../helpers/downloaderHarness.js';
import { rejection } from '../../helpers/plexTvFake.js';

const chunk = 256 * 1024;
const test = folderSuite('downloader faults');

function spans(harness: { upstream: { requests: Array<{ start: number; end: number | undefined }> } }): Array<[number, number | undefined]> {
  return harness.upstream.requests.map((request) => [request.start, request.end]);
}

for (const how of ['error', 'end'] as const) {
  test(`a body cut by ${how === 'error' ? 'an error' : 'an early end'} resumes from the last byte written`, async ({ folder }) => {
    await withHarness({
      folder: folder.path,
      upstream: { size: chunk, cut: (request) => (request.number === 1 ? { after: 100_000, how } : undefined) },
      downloader: { chunkSize: chunk },
    }, async (harness) => {
      assertPattern(await settlesWithin(collect(harness.downloader.read(0, chunk)), 'read'), 0, chunk);
      assert.equal(spans(harness), [
        [0, chunk],
        [100_000, chunk],
      ]);
    });
  });
}

test('a server that ignores ranges is streamed sequentially; readers wait for its progress', async ({ folder }) => {
  // Three times the largest joined write (1 MiB): however the body's pieces arrive, at least two writes past the
  // sync threshold follow the first, so at least two recordings happen (a 1 MiB body could go down in one).
  const size = 12 * chunk + 3;
  await withHarness({
    folder: folder.path,
    upstream: { size, ignoreRanges: true },
    downloader: { chunkSize: chunk, rangeSupport: false },
  }, async (harness) => {
    const middle = 2 * chunk + 17;
    const [late, early] = await settlesWithin(
      Promise.all([collect(harness.downloader.read(middle, middle + 1000)), collect(harness.downloader.read(5, 10))]),
      'reads',
    );
    assertPattern(late, middle, middle + 1000);
    assertPattern(early, 5, 10);
    await settlesWithin(harness.downloader.fillAll(), 'fillAll');
    assert.equal(spans(harness), [[0, undefined]]);
    assert.is(harness.upstream.requests[0]!.status, 200);
    assert.ok(harness.recordings.length >= 2, 'a long stream is recorded as it goes');
  });
});

test('a 200 to a range request switches to streaming, and a cut stream resumes past what is written', async ({ folder }) => {
  const size = 4 * chunk + 3;
  await withHarness({
    folder: folder.path,
    upstream: { size, ignoreRanges: true, cut: (request) => (request.number === 1 ? { after: chunk + 5, how: 'error' } : undefined) },
    downloader: { chunkSize: chunk, rangeSupport: true },
  }, async (harness) => {
    await settlesWithin(harness.downloader.fillAll(), 'fillAll');
    assertPattern(Buffer.from(await harness.file.read(0, size)), 0, size);
    const requests = harness.upstream.requests;
    // Three chunk requests at first; the first 200 cancels the other two and streams alone.
    assert.equal(spans(harness).slice(0, 3), [
      [0, chunk],
      [chunk, 2 * chunk],
      [2 * chunk, 3 * chunk],
    ]);
    assert.is(requests.filter((request) => request.aborted).length, 2);
    const resumed = requests.slice(3).find((request) => request.end === undefined && request.start > 0);
    assert.ok(resumed, `a resumed stream from the last byte written: ${JSON.stringify(spans(harness))}`);
  });
});

test('a permanent failure rejects the readers of those bytes at once, and asking again tries again', async ({ folder }) => {
  await withHarness({
    folder: folder.path,
    upstream: {
      size: 4 * chunk,
      fail: (request) => (request.start >= 2 * chunk ? new PlextermError('the part is gone', { code: 'not-found', retryable: false }) : undefined),
    },
    downloader: { chunkSize: chunk, readAheadBytes: 0 },
  }, async (harness) => {
    const failing = (): string[] => harness.upstream.requests.filter((request) => request.start >= 2 * chunk).map((request) => `${request.start}-${request.end}`);
    assertPattern(await collect(harness.downloader.read(chunk - 10, 2 * chunk)), chunk - 10, 2 * chunk);
    const reader = collect(harness.downloader.read(2 * chunk - 5, 2 * chunk + 10));
    const error = await settlesWithin(rejection(reader), 'the failing read');
    assert.is(error.code, 'not-found');
    assert.match(error.message, /could not download bytes 524288-786431: the part is gone/);
    assert.equal(failing(), ['524288-786432'], 'a permanent error is not retried');
    const waiting = await settlesWithin(rejection(harness.downloader.waitFor(2 * chunk, 2 * chunk + 1)), 'waitFor');
    assert.is(waiting.code, 'not-found');
    assert.equal(failing(), ['524288-786432', '524288-786432'], 'asked again, tried again, once');
    assertPattern(await collect(harness.downloader.read(0, chunk)), 0, chunk);
  });
});

test('transient failures are retried a bounded number of times, then reject', async ({ folder }) => {
  await withHarness({
    folder: folder.path,
    upstream: { size: 2 * chunk, fail: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) },
    downloader: { chunkSize: chunk, readAheadBytes: 0, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
  }, async (harness) => {
    const error = await settlesWithin(rejection(harness.downloader.waitFor(0, 10)), 'waitFor');
    assert.is(error.code, 'network');
    assert.match(error.message, /socket hang up/);
    assert.is(harness.upstream.requests.length, 3);
  });
});

test('a few bytes per answer and then a cut is not progress: the tries stay bounded and the reader gets the cause', async ({ folder }) => {
  // Like a server that sends a little and then stalls until the idle timeout, every time.
  await withHarness({
    folder: folder.path,
    upstream: { size: chunk, cut: () => ({ after: 16, how: 'error' }) },
    downloader: { chunkSize: chunk, readAheadBytes: 0, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
  }, async (harness) => {
    const error = await settlesWithin(rejection(harness.downloader.waitFor(0, chunk)), 'waitFor');
    assert.is(error.code, 'network');
    assert.equal(spans(harness), [
      [0, chunk],
      [16, chunk],
      [32, chunk],
    ]);
  });
});

test('background fill rejects when a range fails for good instead of hanging', async ({ folder }) => {
  await withHarness({
    folder: folder.path,
    upstream: { size: 3 * chunk, cut: (request) => (request.start >= chunk ? { after: 0, how: 'error' } : undefined) },
    downloader: { chunkSize: chunk, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } },
  }, async (harness) => {
    const error = await settlesWithin(rejection(harness.downloader.fillAll()), 'fillAll');
    assert.is(error.code, 'network');
    // A failure elsewhere leaves the good chunk alone.
    await settlesWithin(harness.downloader.waitFor(0, chunk), 'waitFor');
    await harness.downloader.flush();
    assert.ok(harness.downloader.recordedRanges.covers(0, chunk));
  });
});

test('a file whose size changed on the server fails as upstream-changed', async ({ folder }) => {
  await withHarness({
    folder: folder.path,
    upstream: { size: 2 * chunk, reportedSize: 2 * chunk + 1 },
    downloader: { chunkSize: chunk },
  }, async (harness) => {
    const error = await settlesWithin(rejection(collect(harness.downloader.read(0, 10))), 'read');
    assert.is(error.code, 'upstream-changed');
    assert.is(harness.upstream.requests.length, 2, 'the first chunk and its read-ahead neighbour, neither retried');
  });
});

test('ENOSPC stops caching: waiting readers get disk-full, bytes on disk are still served', async ({ folder }) => {
  await withHarness({
    folder: folder.path,
    upstream: { size: 4 * chunk },
    downloader: { chunkSize: chunk, readAheadBytes: 0 },
    wrap: (file) => ({
      read: (position, length) => file.read(position, length),
      sync: () => file.sync(),
      write: (bytes, position) =>
        position >= 2 * chunk ? Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) : file.write(bytes, position),
    }),
  }, async (harness) => {
    assertPattern(await collect(harness.downloader.read(0, chunk)), 0, chunk);
    const error = await settlesWithin(rejection(collect(harness.downloader.read(2 * chunk, 2 * chunk + 10))), 'read');
    assert.is(error.code, 'disk-full');
    const progress = await new Promise<{ storageError: { code: string } | null }>((resolve) => harness.downloader.progress$.subscribe(resolve).unsubscribe());
    assert.is(progress.storageError?.code, 'disk-full');
    assertPattern(await collect(harness.downloader.read(10, 100)), 10, 100);
    assert.is((await rejection(collect(harness.downloader.read(3 * chunk, 3 * chunk + 1)))).code, 'disk-full');
  });
});

test('closing rejects waiting readers and leaves nothing in flight', async ({ folder }) => {
  const harness = await openHarness({
    folder: folder.path,
    upstream: { size: 2 * chunk, gate: () => new Promise(() => undefined) },
    downloader: { chunkSize: chunk },
  });
  const reading = rejection(collect(harness.downloader.read(0, 10)));
  await harness.close();
  assert.is((await settlesWithin(reading, 'read')).code, 'cancelled');
  assert.equal(harness.upstream.openRequests, []);
  assert.is((await rejection(harness.downloader.waitFor(0, 1))).code, 'cancelled');
});

test.run();
