import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatBytes, formatDuration } from '../../src/cli/output.js';

test('durations read like a clock', () => {
  assert.is(formatDuration(0), '0:00');
  assert.is(formatDuration(61_000), '1:01');
  assert.is(formatDuration(3_723_000), '1:02:03');
  assert.is(formatDuration(undefined), '');
});

test('byte counts use binary units', () => {
  assert.is(formatBytes(512), '512 B');
  assert.is(formatBytes(1536), '1.5 KiB');
  assert.is(formatBytes(7_340_033), '7.0 MiB');
  assert.is(formatBytes(5 * 1024 ** 3), '5.0 GiB');
});

test.run();
