// A cached replay against the real demo server: an entry the server confirmed recently is ready without a round trip, checked once a player reads, and stops serving when the server's bytes changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheSettings } from '../../src/cache/cacheSettings.js';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach, recordStates, type CacheHarness } from '../helpers/cacheHarness.js';
import { requestLog, requestsFor } from '../helpers/cacheLab.js';
import { demoFetch } from '../helpers/demoServer.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';

const size = 7_340_033;
const mebibyte = 1024 * 1024;
const settings: Partial<CacheSettings> = { chunkSize: mebibyte, readAheadBytes: mebibyte, startBuffer: mebibyte };

/** Caches the start of the part in one run, then reopens the cache as the next run would; resolves with the part and the part requests so far. */
async function cachedInAnEarlierRun(harness: CacheHarness, overrides = settings) {
  const part = await harness.labPart(size);
  const first = await reach(harness.cache.open(part), ['ready', 'failed']);
  assert.is(first.state, 'ready', JSON.stringify(first.error));
  await harness.reopen(overrides);
  const before = (await requestLog(harness.demo)).filter((request) => request.path === part.upstreamPath).length;
  return { part, before };
}

async function partRequests(harness: CacheHarness, path: string): Promise<number> {
  return (await requestLog(harness.demo)).filter((request) => request.path === path).length;
}

test('a replay the server confirmed within revalidateAfter is ready without a request; the first read checks it in the background', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const { part, before } = await cachedInAnEarlierRun(harness);
    const validatedBefore = harness.cache.store.get(part.key)?.validatedAt ?? 0;
    assert.ok(validatedBefore > 0, 'the first open recorded when the server confirmed the file');
    const entry = harness.cache.open(part);
    const recorder = recordStates(entry);
    const ready = await reach(entry, ['ready', 'failed']);
    recorder.stop();
    assert.equal(recorder.states, ['probing', 'sized', 'ready'], 'the same states, in order');
    assert.is(await partRequests(harness, part.upstreamPath), before, 'ready without asking the server');
    const head = await fetchReply(ready.streamUrl ?? '', 'GET', { Range: 'bytes=0-999' });
    assert.ok(head.body.equals(syntheticBytes(part.partId, 0, 1000)));
    // The read starts the check: one 1-byte probe, after which the record says when.
    const asked = await requestsFor(harness.demo, part.upstreamPath, before + 1);
    assert.is(asked[before]?.range, 'bytes=0-0');
    assert.is(entry.snapshot.state, 'ready');
    assert.ok((harness.cache.store.get(part.key)?.validatedAt ?? 0) >= validatedBefore);
  } finally {
    await harness.close();
  }
});

test('bytes changed on the server (same key, size and changestamp): the check stops serving the entry, says why, and the next open fetches the new bytes', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const { part } = await cachedInAnEarlierRun(harness);
    const rewrite = await demoFetch(harness.demo, `/__demo/parts/${part.partId}/rewrite`, { method: 'POST' });
    assert.is(rewrite.status, 200);
    const entry = harness.cache.open(part);
    const ready = await reach(entry, ['ready', 'failed']);
    assert.is(ready.state, 'ready', 'trusted: it did not ask the server');
    const url = ready.streamUrl ?? '';
    // The player's first read starts the check; that read may itself be cut once the check finds the bytes changed.
    await fetchReply(url, 'GET', { Range: 'bytes=0-999' }).catch((error: unknown) => assert.match(String(error), /socket hang up|ECONNRESET/));
    const stale = await reach(entry, ['failed']);
    assert.is(stale.error?.code, 'stale');
    assert.match(stale.error?.message ?? '', /changed on the server/);
    assert.is((await fetchReply(url, 'GET', { Range: 'bytes=0-999' })).status, 404, 'the old copy is no longer served');
    assert.ok(harness.log.some((line) => line.includes('changed on the server')), harness.log.join('\n'));

    const again = await reach(harness.cache.open(part), ['ready', 'failed']);
    assert.is(again.state, 'ready', JSON.stringify(again.error));
    const fresh = await fetchReply(again.streamUrl ?? '', 'GET', { Range: 'bytes=0-999' });
    const inverted = Buffer.from(syntheticBytes(part.partId, 0, 1000).map((byte) => byte ^ 0xff));
    assert.ok(fresh.body.equals(inverted), 'the new bytes are played');
  } finally {
    await harness.close();
  }
});

test('revalidateAfter 0: a replay asks the server before it is ready', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const { part, before } = await cachedInAnEarlierRun(harness, { ...settings, revalidateAfter: 0 });
    const ready = await reach(harness.cache.open(part), ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    const asked = await requestsFor(harness.demo, part.upstreamPath, before + 1);
    assert.is(asked[before]?.range, 'bytes=0-0', 'the probe, before ready');
  } finally {
    await harness.close();
  }
});

test.run();
