import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listParams, pageThrough, toPage, type Page } from '../../src/plex/pager.js';

/** A fake listing of `total` numbers that records the pages asked for; `maxPage` makes pages short, `claimTotal` lies about the total. */
function listing(total: number, options: { claimTotal?: number; maxPage?: number } = {}) {
  const asked: [number, number][] = [];
  const fetchPage = async (start: number, size: number): Promise<Page<number>> => {
    asked.push([start, size]);
    const length = Math.min(size, options.maxPage ?? size);
    const items = Array.from({ length }, (_, index) => start + index).filter((value) => value < total);
    return { items, offset: start, size: items.length, totalSize: options.claimTotal ?? total };
  };
  return { asked, fetchPage };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test('walks every page once and stops at totalSize', async () => {
  const { asked, fetchPage } = listing(25);
  assert.equal(await collect(pageThrough(fetchPage, { pageSize: 10 })), Array.from({ length: 25 }, (_, index) => index));
  assert.equal(asked, [[0, 10], [10, 10], [20, 10]]);
});

test('short pages from the server are followed by the next offset, not skipped', async () => {
  const { asked, fetchPage } = listing(7, { maxPage: 3 });
  assert.is((await collect(pageThrough(fetchPage, { pageSize: 5 }))).length, 7);
  assert.equal(asked.map(([start]) => start), [0, 3, 6]);
});

test('an empty page ends the walk even when totalSize claims more', async () => {
  const { asked, fetchPage } = listing(4, { claimTotal: 1000 });
  assert.is((await collect(pageThrough(fetchPage, { pageSize: 3 }))).length, 4);
  assert.is(asked.length, 3);
});

test('limit caps the total and the size of the last request', async () => {
  const { asked, fetchPage } = listing(100);
  assert.equal(await collect(pageThrough(fetchPage, { start: 5, pageSize: 4, limit: 6 })), [5, 6, 7, 8, 9, 10]);
  assert.equal(asked, [[5, 4], [9, 2]]);
});

test('nothing is fetched before iteration', async () => {
  const { asked, fetchPage } = listing(10);
  pageThrough(fetchPage);
  assert.is(asked.length, 0);
});

test('listParams leaves out what is not set and sends unwatched as 1', () => {
  const params = listParams({ start: 0, size: 50, unwatched: true });
  assert.equal(Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)), {
    'X-Plex-Container-Start': 0,
    'X-Plex-Container-Size': 50,
    unwatched: 1,
  });
});

test('toPage falls back to the paging headers, then to the request', () => {
  assert.equal(toPage([1, 2], { offset: 4, totalSize: 9 }, {}), { items: [1, 2], offset: 4, size: 2, totalSize: 9 });
  assert.equal(toPage([1], {}, { 'x-plex-container-start': '3', 'x-plex-container-total-size': '8' }), { items: [1], offset: 3, size: 1, totalSize: 8 });
  assert.equal(toPage([1, 2], {}, {}, 6), { items: [1, 2], offset: 6, size: 2, totalSize: 8 });
});

test.run();
