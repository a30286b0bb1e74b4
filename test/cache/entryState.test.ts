import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertTransition, canTransition, type CacheState } from '../../src/cache/entryState.js';

const states: CacheState[] = ['new', 'probing', 'sized', 'ready', 'failed', 'evicted'];
const allowed = new Set([
  'new>probing',
  'probing>sized',
  'sized>ready',
  'new>failed',
  'probing>failed',
  'sized>failed',
  'ready>failed',
  'ready>evicted',
  'failed>probing',
  'evicted>probing',
]);

test('exactly the transitions of the design are allowed', () => {
  for (const from of states) {
    for (const to of states) {
      assert.is(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    }
  }
});

test('a forbidden transition throws, naming both states', () => {
  assert.throws(() => assertTransition('probing', 'ready'), /probing to ready/);
  assert.throws(() => assertTransition('new', 'sized'), /new to sized/);
  assertTransition('sized', 'ready');
});

test.run();
