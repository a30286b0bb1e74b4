// Store files deleted or damaged, sidecars cut short: a pinned entry keeps its proven bytes and its pin, and no data file is deleted.
import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeSet } from '../../../src/base/rangeSet.js';
import type { CachePartRequest } from '../../../src/cache/lifecycle/cachePartRequest.js';
import { dataFileNameFor } from '../../../src/cache/store/dataFile.js';
import { syntheticBytes } from '../../../src/demo/index.js';
import { mismatches } from '../../helpers/cacheDataCheck.js';
import { cacheHarness, reach, type CacheHarness } from '../../helpers/cacheHarness.js';

const size = 7_340_033;

async function withHarness(body: (harness: CacheHarness, part: CachePartRequest & { partId: number }) => Promise<void>): Promise<void> {
  const harness = await cacheHarness();
  try {
    await body(harness, await harness.labPart(size));
  } finally {
    await harness.close();
  }
}

/** Pins the part through its open entry and waits until every byte is recorded; the cache is closed and opened again. */
async function pinComplete(harness: CacheHarness, part: CachePartRequest): Promise<void> {
  const entry = harness.cache.open(part);
  await reach(entry, ['ready']);
  entry.setPinned(true);
  await entry.waitUntilComplete();
  await harness.reopen();
}

function storeFolder(harness: CacheHarness): string {
  return join(harness.folder.path, 'store');
}

function dataPath(harness: CacheHarness, part: CachePartRequest): string {
  return join(harness.folder.path, 'data', dataFileNameFor(part.key));
}

async function damageEveryShard(harness: CacheHarness): Promise<void> {
  for (const name of await readdir(storeFolder(harness))) {
    if (name.endsWith('.json')) await writeFile(join(storeFolder(harness), name), '{"format": "plexterm-cache-st');
  }
}

test('a deleted store file: the pinned, complete entry comes back from its sidecar and still serves the demo\u2019s bytes', () =>
  withHarness(async (harness, part) => {
    await pinComplete(harness, part);
    for (const name of await readdir(storeFolder(harness))) await rm(join(storeFolder(harness), name));
    const cache = await harness.reopen();
    const stored = cache.store.get(part.key);
    assert.ok(stored, `the record is back; log: ${harness.log.join('\n')}`);
    assert.equal(stored.ranges, [[0, size]]);
    assert.is(stored.pinned, true);
    const ready = await reach(cache.open(part), ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    const whole = Buffer.from(await (await fetch(ready.streamUrl ?? '')).arrayBuffer());
    assert.ok(whole.equals(Buffer.from(syntheticBytes(part.partId, 0, size))));
  }));

test('a damaged store file: a pinned, unfinished entry keeps its recorded bytes and its pin', () =>
  withHarness(async (harness, part) => {
    // Opened unpinned, it stops after its start buffer; the pin is set while it is not open.
    await reach(harness.cache.open(part), ['ready']);
    await harness.reopen();
    assert.ok(harness.cache.setPinned(part.key, true));
    const cache = await harness.reopen();
    const before = cache.store.get(part.key)?.ranges ?? [];
    const recordedBytes = RangeSet.fromIntervals(before).totalBytes;
    assert.ok(recordedBytes > 0 && recordedBytes < size, `an unfinished entry: ${JSON.stringify(before)}`);

    await damageEveryShard(harness);
    const rebuilt = (await harness.reopen()).store.get(part.key);
    assert.ok(rebuilt, 'the entry is rebuilt');
    assert.equal(rebuilt.ranges, before, 'the progress is kept');
    assert.is(rebuilt.pinned, true, 'the pin is kept');
    assert.equal(await mismatches(dataPath(harness, part), part.partId, rebuilt.ranges), []);
  }));

test('a damaged store file and a data file cut short: the rebuilt entry keeps only the bytes the file still holds', () =>
  withHarness(async (harness, part) => {
    await pinComplete(harness, part);
    await truncate(dataPath(harness, part), 3_000_000);
    await damageEveryShard(harness);
    const rebuilt = (await harness.reopen()).store.get(part.key);
    assert.equal(rebuilt?.ranges, [[0, 3_000_000]]);
    assert.is(rebuilt?.pinned, true);
  }));

test('a sidecar cut short and a damaged store file: which part the bytes are cannot be proven, so the data file is moved aside, never deleted', () =>
  withHarness(async (harness, part) => {
    await pinComplete(harness, part);
    const sidecar = `${dataPath(harness, part)}.meta.json`;
    await writeFile(sidecar, (await readFile(sidecar, 'utf8')).slice(0, 30));
    await damageEveryShard(harness);
    const cache = await harness.reopen();
    assert.is(cache.store.get(part.key), undefined);
    const names = await readdir(join(harness.folder.path, 'data'));
    const kept = names.find((name) => name.startsWith(`${dataFileNameFor(part.key)}.corrupt-`));
    assert.ok(kept, `the data file is kept: ${names.join(', ')}`);
    assert.is((await stat(join(harness.folder.path, 'data', kept))).size, size);
    assert.ok(harness.log.some((line) => /moved aside, not deleted/.test(line)), harness.log.join('\n'));
    // Kept for good: the next start does not sweep it away as an orphan.
    await harness.reopen();
    assert.ok((await readdir(join(harness.folder.path, 'data'))).includes(kept));
  }));

test('a deleted sidecar is written again at the next start, so a store file damaged later still finds the entry', () =>
  withHarness(async (harness, part) => {
    await pinComplete(harness, part);
    await rm(`${dataPath(harness, part)}.meta.json`);
    await harness.reopen();
    assert.ok(harness.log.some((line) => /its sidecar was missing; written again/.test(line)), harness.log.join('\n'));
    await damageEveryShard(harness);
    const rebuilt = (await harness.reopen()).store.get(part.key);
    assert.equal(rebuilt?.ranges, [[0, size]]);
    assert.is(rebuilt?.pinned, true);
  }));

test('a deleted sidecar and a damaged store file at once: the data file is moved aside, not deleted', () =>
  withHarness(async (harness, part) => {
    await pinComplete(harness, part);
    await rm(`${dataPath(harness, part)}.meta.json`);
    await damageEveryShard(harness);
    await harness.reopen();
    const names = await readdir(join(harness.folder.path, 'data'));
    const kept = names.find((name) => name.startsWith(`${dataFileNameFor(part.key)}.corrupt-`));
    assert.ok(kept, `the data file is kept: ${names.join(', ')}`);
    assert.is((await stat(join(harness.folder.path, 'data', kept))).size, size);
  }));

test.run();
