// RangeSet against a naive model: a bitmap of the first few dozen bytes, driven by fast-check.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { RangeSet, type ByteInterval } from '../../src/base/rangeSet.js';

const modelSize = 48;

type Operation = { kind: 'add' | 'remove'; start: number; end: number };

const intervalArbitrary = fc
  .tuple(fc.integer({ min: 0, max: modelSize }), fc.integer({ min: 0, max: modelSize }))
  .map(([left, right]) => [Math.min(left, right), Math.max(left, right)] as const);

const operationArbitrary: fc.Arbitrary<Operation> = fc
  .tuple(fc.constantFrom('add' as const, 'remove' as const), intervalArbitrary)
  .map(([kind, [start, end]]) => ({ kind, start, end }));

function apply(operations: Operation[]): { set: RangeSet; bitmap: boolean[] } {
  let set = RangeSet.empty;
  const bitmap = new Array<boolean>(modelSize).fill(false);
  for (const { kind, start, end } of operations) {
    set = kind === 'add' ? set.add(start, end) : set.remove(start, end);
    for (let offset = start; offset < end; offset += 1) bitmap[offset] = kind === 'add';
  }
  return { set, bitmap };
}

/** The bitmap's runs of held bytes as half-open intervals. */
function runsOf(bitmap: boolean[], from = 0, to = bitmap.length, held = true): ByteInterval[] {
  const runs: Array<[number, number]> = [];
  for (let offset = from; offset < to; offset += 1) {
    if (bitmap[offset] !== held) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === offset) last[1] = offset + 1;
    else runs.push([offset, offset + 1]);
  }
  return runs;
}

test('add and remove match the bitmap, and the intervals are merged and sorted', () => {
  fc.assert(
    fc.property(fc.array(operationArbitrary, { maxLength: 30 }), (operations) => {
      const { set, bitmap } = apply(operations);
      assert.equal(set.toJSON(), runsOf(bitmap));
      assert.is(set.totalBytes, bitmap.filter(Boolean).length);
      assert.is(set.intervalCount, runsOf(bitmap).length);
      assert.is(set.isEmpty, !bitmap.some(Boolean));
      assert.equal([...set], runsOf(bitmap));
    }),
  );
});

test('contains, covers, extentFrom, gaps and firstGap match the bitmap', () => {
  fc.assert(
    fc.property(fc.array(operationArbitrary, { maxLength: 20 }), intervalArbitrary, (operations, [start, end]) => {
      const { set, bitmap } = apply(operations);
      for (let offset = 0; offset <= modelSize; offset += 1) assert.is(set.contains(offset), bitmap[offset] === true);
      assert.is(set.covers(start, end), bitmap.slice(start, end).every(Boolean));
      let extent = start;
      while (bitmap[extent] === true) extent += 1;
      assert.is(set.extentFrom(start), extent);
      const gaps = runsOf(bitmap, start, end, false);
      assert.equal(set.gaps(start, end), gaps);
      assert.equal(set.firstGap(start, end), gaps[0] ?? null);
    }),
  );
});

test('union holds the bytes of both sets', () => {
  fc.assert(
    fc.property(fc.array(operationArbitrary), fc.array(operationArbitrary), (left, right) => {
      const one = apply(left);
      const other = apply(right);
      const union = one.bitmap.map((held, offset) => held || other.bitmap[offset] === true);
      assert.equal(one.set.union(other.set).toJSON(), runsOf(union));
    }),
  );
});

test('toJSON and fromJSON round-trip; fromIntervals normalizes any order', () => {
  fc.assert(
    fc.property(fc.array(intervalArbitrary, { maxLength: 20 }), (intervals) => {
      const normalized = RangeSet.fromIntervals(intervals);
      const added = intervals.reduce((set, [start, end]) => set.add(start, end), RangeSet.empty);
      assert.ok(normalized.equals(added));
      const parsed = RangeSet.fromJSON(JSON.parse(JSON.stringify(normalized)));
      assert.ok(parsed.equals(normalized));
    }),
  );
});

test('fromJSON rejects what the store would never write', () => {
  const rejected: unknown[] = [
    null,
    {},
    [[0]],
    [[0, 1, 2]],
    [['0', 1]],
    [[-1, 4]],
    [[0.5, 4]],
    [[4, 4]],
    [[5, 4]],
    [[0, Number.MAX_SAFE_INTEGER + 2]],
    [[5, 9], [0, 2]],
    [[0, 5], [3, 9]],
    [[0, 5], [5, 9]],
  ];
  for (const value of rejected) assert.throws(() => RangeSet.fromJSON(value), RangeError, JSON.stringify(value));
  assert.equal(RangeSet.fromJSON([[0, 5], [6, 9]]).toJSON(), [[0, 5], [6, 9]]);
});

test('invalid bounds throw; empty intervals change nothing', () => {
  const set = RangeSet.of(10, 20);
  assert.throws(() => set.add(5, 4), RangeError);
  assert.throws(() => set.remove(-1, 4), RangeError);
  assert.throws(() => set.covers(1.5, 4), RangeError);
  assert.is(set.add(3, 3), set);
  assert.is(set.remove(15, 15), set);
  assert.is(set.add(12, 18), set);
  assert.ok(set.covers(7, 7));
  assert.is(set.firstGap(10, 20), null);
  assert.is(set.toString(), '[10, 20)');
  assert.is(RangeSet.empty.toString(), '(empty)');
});

test('sets are immutable: operations leave the original unchanged', () => {
  const original = RangeSet.of(0, 10);
  original.add(20, 30);
  original.remove(2, 4);
  assert.equal(original.toJSON(), [[0, 10]]);
});

test('large offsets, beyond 32 bits, work', () => {
  const fourGiB = 4 * 1024 ** 3;
  const set = RangeSet.of(0, 2 * 1024 ** 2).add(fourGiB - 100, fourGiB);
  assert.is(set.totalBytes, 2 * 1024 ** 2 + 100);
  assert.ok(set.covers(fourGiB - 50, fourGiB));
  assert.equal(set.firstGap(0, fourGiB), [2 * 1024 ** 2, fourGiB - 100]);
});

test.run();
