import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DisposableStore, toDisposable } from '../../src/base/disposable.js';

test('a store disposes everything once, in reverse order', () => {
  const order: number[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push(1)));
  store.add(toDisposable(() => order.push(2)));
  store.dispose();
  store.dispose();
  assert.equal(order, [2, 1]);
});

test('adding to a disposed store disposes at once', () => {
  let disposed = false;
  const store = new DisposableStore();
  store.dispose();
  store.add(toDisposable(() => (disposed = true)));
  assert.ok(disposed);
});

test('one failing disposable does not stop the others', () => {
  let second = false;
  const store = new DisposableStore();
  store.add(toDisposable(() => (second = true)));
  store.add(toDisposable(() => {
    throw new Error('boom');
  }));
  assert.throws(() => store.dispose(), /boom/);
  assert.ok(second);
});

test.run();
