// The demo's uplink: one bandwidth shared by every part body at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticBytes } from '../../src/demo/index.js';
import { Uplink } from '../../src/demo/uplink.js';
import { demoFetch, findItem, withDemo } from '../helpers/demoServer.js';

test('chunks booked at once queue behind each other at the rate', () => {
  const link = new Uplink(1000); // 1 byte per millisecond
  assert.is(link.book(100, 0), 0);
  assert.is(link.book(100, 0), 100);
  assert.is(link.book(50, 10), 190);
  // Once the queue has drained, a chunk goes at once.
  assert.is(link.book(10, 1000), 0);
});

test('time lost to a late timer is made up, but never more than a few milliseconds of it', () => {
  const link = new Uplink(1000);
  link.book(100, 0); // free again at 100
  // Woken at 105 instead of 100: the next chunk may start at once, as if sent on time.
  assert.is(link.book(100, 105), 0);
  // The link was booked up to 200; a chunk asked for at 200 waits for nothing either.
  assert.is(link.book(100, 200), 0);
  // Long idle: no burst of saved-up time beyond the catch-up window.
  assert.is(link.book(1000, 10_000), 0);
  assert.ok(link.book(1, 10_000) >= 980);
});

test('a rate that is not positive is refused', () => {
  assert.throws(() => new Uplink(0), /positive rate/);
  assert.throws(() => new Uplink(Number.NaN), /positive rate/);
});

test('two part streams at once share the uplink: together they take at least as long as their bytes at its rate, and every byte is right', async () => {
  const rate = 4_000_000;
  await withDemo({ uplinkBytesPerSecond: rate }, async (server) => {
    const item = await findItem(server, 'Cache Lab', `(${1024 * 1024} bytes)`);
    const part = item.Media?.[0]?.Part[0];
    if (!part) throw new Error('no 1 MiB Cache Lab part');
    const started = performance.now();
    const bodies = await Promise.all(
      [0, 1].map(async () => Buffer.from(await (await demoFetch(server, part.key, { headers: { Range: 'bytes=0-1048575' } })).arrayBuffer())),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const body of bodies) assert.ok(body.equals(syntheticBytes(part.id, 0, 1024 * 1024)));
    // Each alone at the full rate would take about 0.26 s; sharing one link, the pair needs about 0.52 s.
    assert.ok(seconds >= (0.8 * 2 * 1024 * 1024) / rate, `two 1 MiB bodies through a 4 MB/s uplink took ${seconds.toFixed(3)} s`);
  });
});

test.run();
