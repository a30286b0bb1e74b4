import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatTable } from '../../src/cli/table.js';

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

test.run();
