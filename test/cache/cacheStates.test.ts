// The cache entry's states end to end: from the open on, every state in order under each demo quirk, no HEAD upstream, size discovery, failures.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticBytes, type DemoServerOptions } from '../../src/demo/index.js';
import { cacheHarness, reach, recordStates } from '../helpers/cacheHarness.js';
import { assertNoHead, requestLog, requestsFor, requestsMatching } from '../helpers/cacheLab.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';

const size = 7_340_033;
const settings = { chunkSize: 512 * 1024, readAheadBytes: 512 * 1024, startBuffer: 1024 * 1024 };

const quirks: Array<[string, DemoServerOptions]> = [
  ['a well-behaved server (HEAD answers 500)', {}],
  ['ignore-range', { quirks: { ignoreRange: true } }],
  ['unknown-total, sized from metadata', { quirks: { unknownTotal: true } }],
  ['drop-after=300000', { quirks: { dropAfter: 300_000 } }],
  ['flaky=0.2', { quirks: { flaky: 0.2 }, seed: 11 }],
  ['latency 20 ms', { latencyMs: 20 }],
  ['rate 8 MB/s', { rateBytesPerSecond: 8_000_000 }],
];

for (const [name, options] of quirks) {
  test(`${name}: opened → probing → sized → ready, every state once and in order; no HEAD reaches upstream`, async () => {
    const harness = await cacheHarness(options, settings);
    try {
      const part = await harness.labPart(size);
      const entry = harness.cache.open(part);
      const recorder = recordStates(entry);
      const ready = await reach(entry, ['ready', 'failed']);
      recorder.stop();
      assert.equal(recorder.states, ['probing', 'sized', 'ready'], JSON.stringify(ready.error));
      assert.is(ready.totalSize, size);
      assert.is(ready.rangeSupport, !options.quirks?.ignoreRange);
      const head = await fetchReply(ready.streamUrl ?? '', 'GET', { Range: 'bytes=0-999' });
      assert.ok(head.body.equals(syntheticBytes(part.partId, 0, 1000)));
      await assertNoHead(harness.demo);
      // The probe asks for the start buffer's bytes: one answer tells the size and brings them. The log
      // lists a request once its answer has ended (which may be after the entry is ready), in the order
      // the requests arrived: once the probe is listed, whatever came before it is listed too.
      const probe = `bytes=0-${settings.startBuffer - 1}`;
      await requestsMatching(harness.demo, (request) => request.path === part.upstreamPath && request.range === probe);
      const partRequests = (await requestLog(harness.demo)).filter((request) => request.path === part.upstreamPath);
      assert.is(partRequests[0]?.range, probe, 'the first request for the part is the probe');
    } finally {
      await harness.close();
    }
  });
}

test('unknown-total without a metadata size: the file is downloaded sequentially while probing, then sized', async () => {
  const harness = await cacheHarness({ quirks: { unknownTotal: true }, rateBytesPerSecond: 20_000_000 }, settings);
  try {
    const part = { ...(await harness.labPart(size)), metadataSize: null };
    const entry = harness.cache.open(part);
    const recorder = recordStates(entry);
    let progressWhileProbing = 0;
    const progress = entry.state$.subscribe((snapshot) => {
      if (snapshot.state === 'probing') progressWhileProbing = Math.max(progressWhileProbing, snapshot.downloadedBytes);
    });
    const ready = await reach(entry, ['ready', 'failed']);
    recorder.stop();
    progress.unsubscribe();
    assert.equal(recorder.states, ['probing', 'sized', 'ready'], JSON.stringify(ready.error));
    assert.is(ready.totalSize, size);
    assert.ok(progressWhileProbing > 0, 'the person sees the download before the size is known');
    const sequential = [`bytes=0-${settings.startBuffer - 1}`, 'bytes=0-'];
    await requestsMatching(harness.demo, (request) => request.path === part.upstreamPath && sequential.includes(request.range ?? ''), 2);
    const ranges = (await requestLog(harness.demo)).filter((request) => request.path === part.upstreamPath).map((request) => request.range);
    assert.equal(ranges.slice(0, 2), [`bytes=0-${settings.startBuffer - 1}`, 'bytes=0-'], 'probe, then one sequential download from byte 0');
    const tail = await fetchReply(ready.streamUrl ?? '', 'GET', { Range: 'bytes=-5000' });
    assert.ok(tail.body.equals(syntheticBytes(part.partId, size - 5000, 5000)));
    await assertNoHead(harness.demo);
  } finally {
    await harness.close();
  }
});

test('a wrong token fails at once with `unauthorized`, no retry, no token in the message; with the right one a re-open gets ready', async () => {
  let token = 'wrong-token-0123456789';
  const harness = await cacheHarness({}, settings, () => ({ token }));
  try {
    const part = await harness.labPart(size);
    const entry = harness.cache.open(part);
    const recorder = recordStates(entry);
    const failed = await reach(entry, ['ready', 'failed']);
    assert.equal(recorder.states, ['probing', 'failed']);
    assert.is(failed.error?.code, 'unauthorized');
    assert.not.ok(failed.error?.message.includes(token), 'the message holds no token');
    // Retries would all be answered before `failed`; the log records each request as its connection closes.
    const attempts = await requestsFor(harness.demo, part.upstreamPath, 1);
    assert.equal(attempts.map((request) => request.status), [401], '401 is not retried');

    // The person signs in again: the next open must use the new token, not the upstream of the failed open.
    token = harness.demo.token;
    harness.cache.open(part);
    await reach(entry, ['probing']);
    const ready = await reach(entry, ['ready', 'failed']);
    recorder.stop();
    assert.equal(recorder.states, ['probing', 'failed', 'probing', 'sized', 'ready'], JSON.stringify(ready.error));
    assert.is(ready.error, null);
  } finally {
    await harness.close();
  }
});

test('an unknown part fails with `not-found`; opening the failed entry again goes → probing again', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const part = { ...(await harness.labPart(size)), key: 'missing/999999/1', upstreamPath: '/library/parts/999999/1/file.mkv' };
    const entry = harness.cache.open(part);
    const recorder = recordStates(entry);
    const failed = await reach(entry, ['ready', 'failed']);
    assert.is(failed.error?.code, 'not-found');
    assert.is(failed.streamUrl, null);
    harness.cache.open(part);
    await reach(entry, ['probing']);
    await reach(entry, ['failed']);
    recorder.stop();
    assert.equal(recorder.states, ['probing', 'failed', 'probing', 'failed']);
    const attempts = await requestsFor(harness.demo, part.upstreamPath, 2);
    assert.equal(attempts.map((request) => request.status), [404, 404], 'one request per open: 404 is not retried');
    await assertNoHead(harness.demo);
  } finally {
    await harness.close();
  }
});

test.run();
