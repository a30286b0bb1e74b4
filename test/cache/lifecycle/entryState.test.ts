// The entry's reducer against its one table, every state × every event, and the properties the table must keep: every state can be left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allows,
  cacheEntryEventTypes,
  cacheStates,
  reduceEntryState,
  restingState,
  transition,
  transitionTable,
  type CacheEntryEvent,
  type CacheEntryEventType,
  type CacheState,
} from '../../../src/cache/lifecycle/entryState.js';

// Records over the types: a state or event added to src/ without a line here fails to compile.
const everyState: Record<CacheState, true> = { new: true, stored: true, probing: true, sized: true, ready: true, failed: true, evicted: true };
const oneOfEach: Record<CacheEntryEventType, CacheEntryEvent[]> = {
  opened: [{ type: 'opened' }],
  probeStarted: [{ type: 'probeStarted' }],
  sized: [{ type: 'sized', totalSize: 1000, rangeSupport: true }],
  startBufferFilled: [{ type: 'startBufferFilled', streamUrl: 'http://127.0.0.1:1/stream/t/f.mkv' }],
  failed: [{ type: 'failed', error: { code: 'not-found', message: 'no part 9', retryable: false } }],
  evicted: [{ type: 'evicted' }],
  closed: [
    { type: 'closed', recorded: true },
    { type: 'closed', recorded: false },
  ],
};
const events = Object.values(oneOfEach).flat();
const notOpen: CacheState[] = ['new', 'stored', 'failed', 'evicted'];

function run(from: CacheState, sequence: CacheEntryEvent[]): CacheState[] {
  const visited: CacheState[] = [];
  let state = from;
  for (const event of sequence) {
    state = reduceEntryState(state, event);
    visited.push(state);
  }
  return visited;
}

const open: CacheEntryEvent[] = [{ type: 'opened' }, { type: 'probeStarted' }, ...oneOfEach.sized, ...oneOfEach.startBufferFilled];

test('the lists of states and events are complete, and the table has a row for every state', () => {
  assert.equal([...cacheStates].sort(), Object.keys(everyState).sort());
  assert.equal([...cacheEntryEventTypes].sort(), Object.keys(oneOfEach).sort());
  assert.equal(Object.keys(transitionTable).sort(), [...cacheStates].sort());
});

test('every state × every event: the table’s target when it lists the event, else the state unchanged', () => {
  let listed = 0;
  for (const state of cacheStates) {
    for (const event of events) {
      const cell = transitionTable[state][event.type];
      const expected = cell === undefined ? state : typeof cell === 'string' ? cell : event.type === 'closed' && event.recorded ? cell.recorded : cell.unrecorded;
      const label = `${state} + ${JSON.stringify(event)}`;
      assert.is(reduceEntryState(state, event), expected, label);
      assert.is(transition(state, event), cell === undefined ? null : expected, label);
      assert.is(allows(state, event.type), cell !== undefined, label);
      assert.ok(cacheStates.includes(expected), label);
      if (cell !== undefined) listed += 1;
    }
  }
  assert.is(listed, 31, 'the number of allowed (state, event) pairs; change it with the table');
});

test('evicting is allowed from every state and frees it: evicted, and the next open probes', () => {
  for (const state of cacheStates) {
    assert.equal(run(state, [{ type: 'evicted' }, ...open]), ['evicted', 'probing', 'probing', 'sized', 'ready'], state);
  }
});

test('closing is allowed from every state: stored when the record stays, new when nothing was recorded; the next open probes', () => {
  for (const state of cacheStates) {
    assert.equal(run(state, [{ type: 'closed', recorded: true }, ...open]), ['stored', 'probing', 'probing', 'sized', 'ready'], state);
    assert.equal(run(state, [{ type: 'closed', recorded: false }, ...open]), ['new', 'probing', 'probing', 'sized', 'ready'], state);
  }
});

test('opening starts a probe exactly from the states that are not open; an open on its way is left alone', () => {
  for (const state of cacheStates) {
    const expected = notOpen.includes(state) ? 'probing' : state;
    assert.is(reduceEntryState(state, { type: 'opened' }), expected, state);
    assert.is(allows(state, 'opened'), notOpen.includes(state), state);
  }
});

test('ready comes only from sized on startBufferFilled, sized only from probing: no player starts without a probe', () => {
  for (const state of cacheStates) {
    for (const event of events) {
      const next = transition(state, event);
      if (next === 'ready' && state !== 'ready') assert.equal([state, event.type], ['sized', 'startBufferFilled']);
      if (next === 'sized' && state !== 'sized') assert.equal([state, event.type], ['probing', 'sized']);
    }
  }
});

test('nothing brings a left entry back: late lifecycle events after evicted, closed or failed change nothing', () => {
  const late = [{ type: 'probeStarted' }, ...oneOfEach.sized, ...oneOfEach.startBufferFilled] satisfies CacheEntryEvent[];
  for (const state of ['evicted', 'stored', 'new', 'failed'] satisfies CacheState[]) {
    for (const event of late) assert.is(transition(state, event), null, `${state} + ${event.type}`);
  }
});

test('failing is possible only on the way (probing, sized, ready); every failure can be opened again', () => {
  for (const state of cacheStates) {
    assert.is(allows(state, 'failed'), ['probing', 'sized', 'ready'].includes(state), state);
  }
  assert.equal(run('probing', [...oneOfEach.failed, ...open]), ['failed', 'probing', 'probing', 'sized', 'ready']);
});

test('every state is reachable from new, and from every state ready is reachable', () => {
  const reachable = new Set<CacheState>(['new']);
  for (let round = 0; round < cacheStates.length; round += 1) {
    for (const state of [...reachable]) for (const event of events) reachable.add(reduceEntryState(state, event));
  }
  assert.equal([...reachable].sort(), [...cacheStates].sort());
  for (const state of cacheStates) assert.is(run(state, [{ type: 'evicted' }, ...open]).at(-1), 'ready', state);
});

test('the bug this table fixes: evicting while sized leaves evicted, and the next open probes again', () => {
  assert.equal(run('sized', [{ type: 'evicted' }, { type: 'opened' }]), ['evicted', 'probing']);
});

test('an entry that is not open rests in stored when recorded, else in new', () => {
  assert.is(restingState(true), 'stored');
  assert.is(restingState(false), 'new');
});

test.run();
