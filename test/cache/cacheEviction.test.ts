// Cache limits end to end: least recently accessed first, never pinned or being read, files gone, re-open probes, orphans swept.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntry, CachePartRequest } from '../../src/cache/index.js';
import type { CacheManager } from '../../src/cache/cacheManager.js';
import { dataFileNameFor } from '../../src/cache/store/dataFile.js';
import { cacheHarness, reach, reachComplete, recordStates, type CacheHarness } from '../helpers/cacheHarness.js';
import { requestLog, requestsMatching } from '../helpers/cacheLab.js';
import { fetchReply, openResponse } from '../helpers/streamProxyHarness.js';
import { eventually } from '../helpers/extensionFixtures.js';

const mebibyte = 1024 * 1024;
/** A start buffer of a whole small part makes `ready` mean "all on disk"; no free-disk reserve, so only sizes count. */
const settings = { chunkSize: 256 * 1024, readAheadBytes: 256 * 1024, startBuffer: mebibyte, freeReserve: 0 };

interface OpenedEntry {
  request: CachePartRequest;
  entry: CacheEntry;
}

/** One ready entry per name, all of the Cache Lab part of `size` bytes under keys of their own. */
async function readyEntries(harness: CacheHarness, names: string[], size = mebibyte): Promise<Map<string, OpenedEntry>> {
  const part = await harness.labPart(size);
  const entries = new Map<string, OpenedEntry>();
  for (const name of names) {
    const request = { ...part, key: `${part.key}#${name}`, title: name };
    const entry = harness.cache.open(request);
    const snapshot = await reach(entry, ['ready', 'failed']);
    assert.is(snapshot.state, 'ready', JSON.stringify(snapshot.error));
    entries.set(name, { request, entry });
  }
  return entries;
}

/**
 * One request through the proxy, which counts as an access; a pause keeps the access times apart.
 * The proxy counts a reader until its side of the response has closed, which on a busy machine comes
 * a moment after the client has the bytes: wait for it, or the entry is still "being read" at a prune.
 */
async function touch(entry: CacheEntry): Promise<void> {
  const reply = await fetchReply(entry.snapshot.streamUrl ?? '', 'GET', { Range: 'bytes=0-0' });
  assert.is(reply.status, 206);
  await eventually(() => !entry.isBeingRead, 'the proxy has closed the touch');
  await delay(5);
}

function named(entries: Map<string, OpenedEntry>, name: string): OpenedEntry {
  const opened = entries.get(name);
  if (!opened) throw new Error(`no entry ${name}`);
  return opened;
}

function dataFileExists(cache: CacheManager, key: string): Promise<boolean> {
  return access(join(cache.dataFolder, dataFileNameFor(key))).then(
    () => true,
    () => false,
  );
}

test('prune evicts the least recently accessed first, never a pinned one; evicted entries go ready → evicted, files gone, re-open probes', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const entries = await readyEntries(harness, ['a', 'b', 'c', 'd']);
    const at = (name: string) => named(entries, name);
    for (const { entry } of entries.values()) await reachComplete(entry);
    for (const name of ['c', 'a', 'd', 'b']) await touch(at(name).entry);
    assert.ok(harness.cache.setPinned(at('a').request.key, true));
    const recorders = new Map([...entries].map(([name, { entry }]) => [name, recordStates(entry)]));
    const url = at('c').entry.snapshot.streamUrl ?? '';

    const evicted = await harness.cache.prune(2 * mebibyte);
    assert.equal(evicted, [at('c').request.key, at('d').request.key], 'c, then d: the oldest unpinned; a (older than d) is pinned');
    assert.is(harness.cache.usedBytes(), 2 * mebibyte);
    for (const name of ['c', 'd']) {
      const { entry, request } = at(name);
      assert.equal(recorders.get(name)?.states, ['ready', 'evicted']);
      assert.is(entry.snapshot.streamUrl, null);
      assert.not.ok(await dataFileExists(harness.cache, request.key), `the data file of ${name} is gone`);
      assert.not.ok(harness.cache.store.has(request.key));
    }
    for (const name of ['a', 'b']) assert.ok(await dataFileExists(harness.cache, at(name).request.key));
    assert.is((await fetchReply(url)).status, 404, 'an evicted URL stops working');
    assert.ok(harness.log.some((line) => line.includes('evicted c')), harness.log.join('\n'));

    const isProbe = (request: { range: string | null }) => request.range === `bytes=0-${settings.startBuffer - 1}`;
    const probesBefore = (await requestLog(harness.demo)).filter(isProbe).length;
    harness.cache.open(at('c').request);
    const ready = await reach(at('c').entry, ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    assert.equal(recorders.get('c')?.states, ['ready', 'evicted', 'probing', 'sized', 'ready']);
    // The new probe's answer may end after the entry is ready: it is waited for (and fails the test if it never comes).
    const probesAfter = (await requestsMatching(harness.demo, isProbe, probesBefore + 1)).length;
    assert.is(probesAfter, probesBefore + 1, 're-opening an evicted entry probes anew, once');
    for (const recorder of recorders.values()) recorder.stop();
  } finally {
    await harness.close();
  }
});

test('an entry being read is never evicted, even when least recently accessed; once the reader hangs up, it is', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const held = named(await readyEntries(harness, ['held'], 7_340_033), 'held');
    const stream = await openResponse(held.entry.snapshot.streamUrl ?? '');
    // Paused after its first bytes, the player keeps the response open against backpressure.
    await stream.waitFor(1);
    stream.response.pause();
    await delay(5);
    const others = await readyEntries(harness, ['x', 'y']);
    for (const { entry } of others.values()) await touch(entry);
    assert.ok(held.entry.isBeingRead);
    assert.ok(held.entry.snapshot.lastAccess < Math.min(...[...others.values()].map(({ entry }) => entry.snapshot.lastAccess)));

    const evicted = await harness.cache.prune(0);
    assert.equal(evicted.sort(), [...others.values()].map(({ request }) => request.key).sort(), 'every entry but the one being read');
    assert.is(held.entry.snapshot.state, 'ready');
    assert.ok(await dataFileExists(harness.cache, held.request.key));

    stream.destroy();
    await stream.closed;
    await eventually(() => !held.entry.isBeingRead, 'the entry is no longer being read');
    assert.equal(await harness.cache.prune(0), [held.request.key]);
    assert.is(held.entry.snapshot.state, 'evicted');
  } finally {
    await harness.close();
  }
});

test('with a small maxSize setting, the cache evicts on its own as it grows, least recently accessed first', async () => {
  const harness = await cacheHarness({}, { ...settings, maxSize: 2.5 * mebibyte });
  try {
    const entries = await readyEntries(harness, ['first', 'second', 'third']);
    const first = named(entries, 'first');
    const evicted = await reach(first.entry, ['evicted'], 10_000);
    assert.is(evicted.state, 'evicted');
    for (const name of ['second', 'third']) assert.is(named(entries, name).entry.snapshot.state, 'ready', name);
    assert.ok(harness.cache.usedBytes() <= 2.5 * mebibyte);
  } finally {
    await harness.close();
  }
});

test('orphaned data files (and leftover temporary files) are removed at start; the files of known entries stay', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const kept = named(await readyEntries(harness, ['kept']), 'kept');
    await reachComplete(kept.entry);
    const dataFolder = harness.cache.dataFolder;
    await mkdir(dataFolder, { recursive: true });
    const orphan = dataFileNameFor('nobody/1/1');
    await writeFile(join(dataFolder, orphan), 'left from a lost store');
    const cache = await harness.reopen();
    assert.not.ok(await access(join(dataFolder, orphan)).then(() => true, () => false), 'the orphan is gone');
    assert.ok(await dataFileExists(cache, kept.request.key), 'a known entry keeps its data');
    assert.ok(harness.log.some((line) => /removed 1 orphaned/.test(line)), harness.log.join('\n'));
    const reopened = cache.open(kept.request);
    const ready = await reach(reopened, ['ready', 'failed']);
    assert.is(ready.downloadedBytes, mebibyte, 'its recorded bytes are still known');
  } finally {
    await harness.close();
  }
});

test.run();
