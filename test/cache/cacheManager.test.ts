// The cache end to end against the demo server: states in order, no HEAD, bytes through the proxy equal upstream.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultCacheSettings } from '../../src/cache/cacheSettings.js';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';
import { requestLog, requestsMatching } from '../helpers/cacheLab.js';

async function fetchBytes(url: string, range?: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(url, { headers: range ? { Range: range } : {} });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

test('an opened entry is probing at once, then sized, then ready, and the proxy serves the upstream bytes', async () => {
  const harness = await cacheHarness();
  try {
    const part = await harness.labPart(7_340_033);
    const entry = harness.cache.open(part);
    const states: string[] = [];
    const subscription = entry.state$.subscribe((snapshot) => {
      if (states.at(-1) !== snapshot.state) states.push(snapshot.state);
    });
    const ready = await reach(entry, ['ready', 'failed']);
    subscription.unsubscribe();
    assert.equal(states, ['probing', 'sized', 'ready'], JSON.stringify(ready.error));
    assert.is(ready.totalSize, 7_340_033);
    assert.is(ready.rangeSupport, true);
    assert.ok(ready.streamUrl?.startsWith('http://127.0.0.1:'));
    const stored = harness.cache.store.get(part.key);
    assert.is(stored?.totalSize, 7_340_033, 'the size is in the store by ready');
    assert.not.ok(JSON.stringify(stored).includes(harness.demo.token), 'the store never holds the token');

    const whole = await fetchBytes(ready.streamUrl ?? '');
    assert.is(whole.status, 200);
    assert.ok(whole.bytes.equals(syntheticBytes(part.partId, 0, 7_340_033)));
    const tail = await fetchBytes(ready.streamUrl ?? '', 'bytes=-1000');
    assert.is(tail.status, 206);
    assert.ok(tail.bytes.equals(syntheticBytes(part.partId, 7_339_033, 1000)));

    // The log lists a request once its answer has ended, in the order the requests arrived: once the
    // probe is listed (its answer may end after the entry is ready), whatever came before it is too.
    const probe = `bytes=0-${defaultCacheSettings.startBuffer - 1}`;
    await requestsMatching(harness.demo, (request) => request.path === part.upstreamPath && request.range === probe);
    const log = await requestLog(harness.demo);
    assert.ok(log.length > 0);
    assert.not.ok(log.some((request) => request.method === 'HEAD'), 'no HEAD ever reaches upstream');
    const partRanges = log.filter((request) => request.path.includes('/library/parts/')).map((request) => request.range);
    assert.is(partRanges[0], `bytes=0-${defaultCacheSettings.startBuffer - 1}`, 'the probe comes first, and asks for the start buffer');
    // Its answer brought the start buffer: no second request from byte 0 (before, a 1-byte probe was followed by one).
    assert.is(partRanges.filter((range) => range?.startsWith('bytes=0-')).length, 1, partRanges.join(', '));
  } finally {
    await harness.close();
  }
});

test.run();
