// syntheticBytes: deterministic, equal to syntheticByte at any offset (past 2^32 too), and not periodic.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticByte, syntheticBytes } from '../../src/demo/index.js';

test('the block variant equals the byte variant at any offset and length', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 6 * 2 ** 30 }), fc.integer({ min: 0, max: 70 }), (partId, offset, length) => {
      const block = syntheticBytes(partId, offset, length);
      assert.is(block.length, length);
      for (let index = 0; index < length; index += 1) assert.is(block[index], syntheticByte(partId, offset + index));
    }),
  );
});

test('the same part and offset always give the same bytes; parts differ', () => {
  assert.ok(syntheticBytes(7, 2 ** 32 + 5, 64).equals(syntheticBytes(7, 2 ** 32 + 5, 64)));
  assert.not.ok(syntheticBytes(7, 0, 64).equals(syntheticBytes(8, 0, 64)));
});

test('no power-of-two period: blocks 2^k apart differ', () => {
  const base = syntheticBytes(3, 0, 32);
  for (let power = 5; power <= 33; power += 1) assert.not.ok(base.equals(syntheticBytes(3, 2 ** power, 32)), `period 2^${power}`);
});

test.run();
