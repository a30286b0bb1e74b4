import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatBytes, formatDuration, formatTable } from '../../src/cli/output.js';

test('tables align columns, right-align numbers and cut long cells', () => {
  const table = formatTable(
    [
      { key: '1', title: 'A rather long title that goes on' },
      { key: '1000', title: 'Short' },
    ],
    [
      { header: 'KEY', value: (row) => row.key, align: 'right' },
      { header: 'TITLE', value: (row) => row.title, maxWidth: 12 },
    ],
    undefined,
  );
  assert.is(table, [' KEY  TITLE', '   1  A rather lo…', '1000  Short'].join('\n'));
});

test('cells never break a line', () => {
  const table = formatTable([{ text: 'two\nlines' }], [{ header: 'T', value: (row) => row.text }], undefined);
  assert.is(table.split('\n').length, 2);
});

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
