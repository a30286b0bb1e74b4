import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecentPieces } from '../../../src/cache/download/recentPieces.js';

const piece = (length: number, fill: number) => new Uint8Array(length).fill(fill);

test('a remembered piece answers reads inside it, clipped to the piece', () => {
  const recent = new RecentPieces(1000);
  recent.remember(piece(100, 7), 500);
  assert.equal([...(recent.read(550, 10) ?? [])], Array(10).fill(7));
  assert.is(recent.read(590, 50)?.byteLength, 10);
  assert.is(recent.read(499, 1), null);
  assert.is(recent.read(600, 1), null);
});

test('the oldest pieces go once the capacity is passed; the newest is always kept', () => {
  const recent = new RecentPieces(150);
  recent.remember(piece(100, 1), 0);
  recent.remember(piece(100, 2), 100);
  assert.is(recent.read(0, 1), null);
  assert.is(recent.read(100, 1)?.[0], 2);
  recent.remember(piece(500, 3), 200);
  assert.is(recent.read(100, 1), null);
  assert.is(recent.read(650, 1)?.[0], 3);
});

test('the newest piece wins where pieces overlap, and clear forgets everything', () => {
  const recent = new RecentPieces(1000);
  recent.remember(piece(100, 1), 0);
  recent.remember(piece(100, 2), 50);
  assert.is(recent.read(60, 1)?.[0], 2);
  recent.clear();
  assert.is(recent.read(60, 1), null);
});

test('forgetBefore lets go of the pieces that end at or before a position, whatever order they came in', () => {
  const recent = new RecentPieces(1000);
  recent.remember(piece(100, 2), 100);
  recent.remember(piece(100, 1), 0);
  recent.remember(piece(100, 3), 200);
  recent.forgetBefore(150);
  assert.is(recent.read(50, 1), null);
  assert.is(recent.read(150, 1)?.[0], 2);
  assert.is(recent.read(250, 1)?.[0], 3);
  recent.forgetBefore(200);
  assert.is(recent.read(199, 1), null);
  assert.is(recent.read(200, 1)?.[0], 3);
});

test.run();
