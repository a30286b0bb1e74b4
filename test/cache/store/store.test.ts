// The cache metadata store in one process: round trips, the two write paths, secrets, read-only mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RangeSet } from '../../../src/base/rangeSet.js';
import { CacheStore, shardIndex, storeFolderName, storeShardCount } from '../../../src/cache/store/store.js';
import { sampleEntry } from '../../helpers/storeEntries.js';
import { withCacheFolder } from '../../helpers/cacheFolder.js';

function shardPath(folder: string, key: string): string {
  return join(folder, storeFolderName, `store-${shardIndex(key).toString(16).padStart(2, '0')}.json`);
}

async function diskEntries(folder: string, key: string): Promise<unknown[]> {
  const parsed = JSON.parse(await readFile(shardPath(folder, key), 'utf8')) as { entries: unknown[] };
  return parsed.entries;
}

test('entries survive close and open, in compact versioned shard files', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    const entries = [0, 1, 2].map((index) => sampleEntry(index));
    for (const entry of entries) store.upsert(entry);
    await store.close();
    const reopened = await CacheStore.open(folder);
    assert.is(reopened.recovered, null);
    assert.is(reopened.size, 3);
    for (const entry of entries) assert.equal(reopened.get(entry.key), entry);
    await reopened.close();
    const text = await readFile(shardPath(folder, entries[0]!.key), 'utf8');
    assert.not.match(text, /\n/);
    assert.match(text, /^\{"format":"plexterm-cache-store","version":1,"entries":\[/);
  }),
);

test('writeNow makes a change visible on disk before it resolves', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder, { coalesceMs: 60_000 });
    const entry = store.upsert(sampleEntry(7, { totalSize: null, ranges: [] }));
    await store.writeNow();
    store.update(entry.key, { totalSize: 123_456 });
    await store.writeNow();
    assert.equal(await diskEntries(folder, entry.key), [{ ...entry, totalSize: 123_456 }]);
    const reader = await CacheStore.open(folder, { readOnly: true });
    assert.is(reader.get(entry.key)?.totalSize, 123_456);
    await reader.close();
    await store.close();
  }),
);

test('coalesced changes wait for the timer or for close', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder, { coalesceMs: 60_000 });
    const entry = store.upsert(sampleEntry(3));
    await store.writeNow();
    store.update(entry.key, { ranges: RangeSet.of(0, 10).add(20, 30) });
    store.update(entry.key, { lastAccess: 42 });
    store.scheduleWrite();
    assert.equal(await diskEntries(folder, entry.key), [entry]);
    await store.close();
    assert.equal(await diskEntries(folder, entry.key), [{ ...entry, ranges: [[0, 10], [20, 30]], lastAccess: 42 }]);
  }),
);

test('a coalesced write happens by itself', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder, { coalesceMs: 1 });
    const entry = store.upsert(sampleEntry(4));
    while ((await readdir(join(folder, storeFolderName))).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await store.writeNow();
    assert.equal(await diskEntries(folder, entry.key), [entry]);
    await store.close();
  }),
);

test('entries are frozen; update and delete replace them', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    const entry = store.upsert(sampleEntry(1));
    assert.ok(Object.isFrozen(entry) && Object.isFrozen(entry.ranges));
    const updated = store.update(entry.key, { pinned: true });
    assert.is(updated.pinned, true);
    assert.is(entry.pinned, false);
    assert.throws(() => store.update('nope', { pinned: true }), (error: Error & { code?: string }) => error.code === 'cache-entry-unknown');
    assert.ok(store.delete(entry.key));
    assert.not.ok(store.delete(entry.key));
    assert.is(store.get(entry.key), undefined);
    await store.close();
    const reopened = await CacheStore.open(folder);
    assert.is(reopened.size, 0);
    await reopened.close();
  }),
);

test('the store refuses an upstream path carrying a token, and invalid entries', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    for (const upstreamPath of ['/library/parts/1/2/file.mkv?X-Plex-Token=abcdef', '/library/parts/1?x-plex-token=abc', '/a?token=secret123']) {
      assert.is(codeOf(() => store.upsert(sampleEntry(1, { upstreamPath }))), 'cache-entry-secret', upstreamPath);
    }
    assert.is(codeOf(() => store.upsert(sampleEntry(1, { dataFile: '../escape.part' }))), 'cache-entry-invalid');
    assert.is(codeOf(() => store.upsert(sampleEntry(1, { totalSize: 10, ranges: [[0, 11]] }))), 'cache-entry-invalid');
    assert.is(codeOf(() => store.upsert(sampleEntry(1, { ranges: [[0, 5], [5, 9]] }))), 'cache-entry-invalid');
    assert.is(store.size, 0);
    await store.close();
    assert.equal(await readdir(join(folder, storeFolderName)), []);
  }),
);

test('read-only stores never write, and refuse changes', () =>
  withCacheFolder(async (folder) => {
    const writer = await CacheStore.open(folder);
    writer.upsert(sampleEntry(5));
    await writer.writeNow();
    const reader = await CacheStore.open(folder, { readOnly: true });
    assert.is(reader.size, 1);
    assert.throws(() => reader.upsert(sampleEntry(6)), (error: Error & { code?: string }) => error.code === 'cache-read-only');
    await reader.writeNow();
    await reader.close();
    await writer.close();
    const empty = await CacheStore.open(join(folder, 'missing'), { readOnly: true });
    assert.is(empty.size, 0);
    await empty.close();
    assert.equal((await readdir(folder)).sort(), [storeFolderName]);
  }),
);

test('a closed store refuses changes; close twice is fine', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    await store.close();
    await store.close();
    assert.throws(() => store.upsert(sampleEntry(1)), (error: Error & { code?: string }) => error.code === 'cache-store-closed');
    try {
      await store.writeNow();
      assert.unreachable('writeNow after close');
    } catch (error) {
      assert.is((error as { code?: string }).code, 'cache-store-closed');
    }
  }),
);

test('many entries spread over the shards; a write rewrites only the changed shard', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    for (let index = 0; index < 1000; index += 1) store.upsert(sampleEntry(index));
    await store.writeNow();
    const files = await readdir(join(folder, storeFolderName));
    assert.is(files.length, storeShardCount);
    const untouched = shardPath(folder, sampleEntry(1).key);
    const before = await readFile(untouched, 'utf8');
    const changed = [...Array(1000).keys()].map((index) => sampleEntry(index)).find((entry) => shardIndex(entry.key) !== shardIndex(sampleEntry(1).key))!;
    await writeFile(untouched, before.replace('"version":1', '"version":1 '));
    store.update(changed.key, { lastAccess: 1 });
    await store.writeNow();
    assert.is(await readFile(untouched, 'utf8'), before.replace('"version":1', '"version":1 '));
    await store.close();
    const reopened = await CacheStore.open(folder);
    assert.is(reopened.size, 1000);
    assert.is(reopened.get(changed.key)?.lastAccess, 1);
    await reopened.close();
  }),
);

test('an entry found in another shard\u2019s file moves to its own shard', () =>
  withCacheFolder(async (folder) => {
    const entry = sampleEntry(11);
    const wrongIndex = (shardIndex(entry.key) + 1) % storeShardCount;
    const wrongPath = join(folder, storeFolderName, `store-${wrongIndex.toString(16).padStart(2, '0')}.json`);
    await mkdir(join(folder, storeFolderName), { recursive: true });
    await writeFile(wrongPath, JSON.stringify({ format: 'plexterm-cache-store', version: 1, entries: [entry] }));
    const store = await CacheStore.open(folder);
    assert.equal(store.get(entry.key), entry);
    assert.is(store.recovered, null);
    await store.close();
    assert.equal(await diskEntries(folder, entry.key), [entry]);
    assert.equal(JSON.parse(await readFile(wrongPath, 'utf8')).entries, []);
  }),
);

test('a failed write is reported and its changes stay pending for the next one', () =>
  withCacheFolder(async (folder) => {
    const errors: unknown[] = [];
    const store = await CacheStore.open(folder, { coalesceMs: 1, onWriteError: (error) => errors.push(error) });
    const storeFolder = join(folder, storeFolderName);
    await rm(storeFolder, { recursive: true });
    await writeFile(storeFolder, 'not a folder');
    const entry = store.upsert(sampleEntry(21));
    while (errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      await store.writeNow();
      assert.unreachable('wrote into a file');
    } catch (error) {
      assert.is((error as NodeJS.ErrnoException).code, 'ENOTDIR');
    }
    await rm(storeFolder);
    await mkdir(storeFolder);
    await store.writeNow();
    assert.equal(await diskEntries(folder, entry.key), [entry]);
    await store.close();
  }),
);

test('leftover temporary files of a crashed write are removed at open', () =>
  withCacheFolder(async (folder) => {
    const store = await CacheStore.open(folder);
    await store.close();
    const leftover = join(folder, storeFolderName, 'store-00.json.12345-0a1b2c3d.tmp');
    await writeFile(leftover, '{"format":');
    const reopened = await CacheStore.open(folder);
    await reopened.close();
    assert.equal(await readdir(join(folder, storeFolderName)), []);
  }),
);

test.run();
