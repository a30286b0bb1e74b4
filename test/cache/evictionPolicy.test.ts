// Which entries go first when room is needed: least recently used, never pinned or kept ones, until both needs are met.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evictionOrder } from '../../src/cache/evictionPolicy.js';
import type { StoreEntry } from '../../src/cache/store/storeEntry.js';

function entry(key: string, bytes: number, lastAccess: number, pinned = false): StoreEntry {
  return {
    key,
    upstreamPath: `/library/parts/${key}/1/file.mkv`,
    title: key,
    totalSize: Math.max(bytes, 1),
    ranges: bytes > 0 ? [[0, bytes]] : [],
    pinned,
    lastAccess,
    etag: null,
    lastModified: null,
    rangeSupport: true,
    dataFile: key,
    validatedAt: null,
  } as StoreEntry;
}

const keys = (chosen: readonly StoreEntry[]) => chosen.map((stored) => stored.key);
const entries = [entry('newest', 100, 40), entry('pinned-oldest', 100, 10, true), entry('old', 100, 20), entry('empty', 0, 5), entry('middle', 100, 30)];
const keepNothing = () => false;

test('frees bytes from the least recently used first, skipping pinned and empty entries, and stops once enough is freed', () => {
  assert.equal(keys(evictionOrder(entries, { maxBytes: Infinity, bytesToFree: 150, keep: keepNothing })), ['old', 'middle']);
  assert.equal(keys(evictionOrder(entries, { maxBytes: Infinity, bytesToFree: 1, keep: keepNothing })), ['old']);
  assert.equal(keys(evictionOrder(entries, { maxBytes: Infinity, bytesToFree: 0, keep: keepNothing })), []);
});

test('kept entries (open ones, the one asking) never go, even when that leaves the need unmet', () => {
  const keep = (stored: StoreEntry) => stored.key === 'old' || stored.key === 'middle';
  assert.equal(keys(evictionOrder(entries, { maxBytes: Infinity, bytesToFree: 1000, keep })), ['newest']);
  assert.equal(keys(evictionOrder(entries, { maxBytes: Infinity, bytesToFree: 1000, keep: () => true })), []);
});

test('a size limit: evicts until what is left fits it, and both needs together take the larger', () => {
  assert.equal(keys(evictionOrder(entries, { maxBytes: 250, bytesToFree: 0, keep: keepNothing })), ['old', 'middle']);
  assert.equal(keys(evictionOrder(entries, { maxBytes: 350, bytesToFree: 150, keep: keepNothing })), ['old', 'middle']);
  assert.equal(keys(evictionOrder(entries, { maxBytes: 0, bytesToFree: 0, keep: keepNothing })), ['old', 'middle', 'newest'], 'pinned stay even at 0');
});

test.run();
