// The text progress bar of `cache pin` and `cache watch`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBar } from '../../src/cli/progressBar.js';

test('half done is half a bar and 50%', () => {
  assert.is(progressBar(50, 100, 10), '[#####-----] 50%');
});

test('empty, complete, and an empty file', () => {
  assert.is(progressBar(0, 100, 4), '[----] 0%');
  assert.is(progressBar(100, 100, 4), '[####] 100%');
  assert.is(progressBar(0, 0, 4), '[####] 100%');
});

test('rounds down, so 100% and a full bar mean finished', () => {
  assert.is(progressBar(999, 1000, 10), '[#########-] 99%');
  assert.is(progressBar(1, 3, 3), '[#--] 33%');
});

test('an unknown total, and values out of range, never break the bar', () => {
  assert.is(progressBar(10, null, 5), '[-----] ?%');
  assert.is(progressBar(200, 100, 5), '[#####] 100%');
  assert.is(progressBar(-5, 100, 5), '[-----] 0%');
  assert.is(progressBar(Number.NaN, 100, 5), '[-----] ?%');
  assert.is(progressBar(1, 2, 0), '[-] 50%');
});

test('the default width is 20 cells', () => {
  assert.is(progressBar(1, 4), `[${'#'.repeat(5)}${'-'.repeat(15)}] 25%`);
});

test.run();
