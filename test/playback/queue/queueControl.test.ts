// QueueControl: the queue's state (items, index, version) as the run reports it, and jumps asked of it only where there is an entry to go to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexPlayQueueItem } from '../../../src/plex/models.js';
import { QueueControl, type QueueState } from '../../../src/playback/queue/queueControl.js';
import type { QueuePlan } from '../../../src/playback/queue/queueEvents.js';

function item(ratingKey: string): PlexPlayQueueItem {
  return { ratingKey, key: `/library/metadata/${ratingKey}`, type: 'episode', title: `Episode ${ratingKey}`, playQueueItemID: Number(ratingKey) + 100 };
}

const plan: QueuePlan = { playQueueID: 7, items: ['1', '2', '3'].map(item), startIndex: 1 };

test('the state starts null, then follows the plan and each entry the run reaches; the version grows with every change', () => {
  const control = new QueueControl();
  const seen: Array<QueueState | null> = [];
  const subscription = control.state$.subscribe((state) => seen.push(state));
  control.planned(plan);
  control.entered({ playQueueID: 7, index: 1, total: 3, item: item('2') });
  control.entered({ playQueueID: 7, index: 2, total: 3, item: item('3') });
  assert.equal(seen.map((state) => (state === null ? null : [state.index, state.version])), [null, [1, 1], [2, 2]]);
  assert.equal(seen[1]?.items.map((entry) => entry.ratingKey), ['1', '2', '3']);
  subscription.unsubscribe();
  control.dispose();
});

test('next and previous ask the run to jump, except past the last entry or before a queue exists', () => {
  const control = new QueueControl();
  const jumps: number[] = [];
  const subscription = control.jumps$.subscribe((by) => jumps.push(by));
  assert.is(control.next(), false);
  control.planned(plan);
  assert.is(control.next(), true);
  assert.is(control.previous(), true);
  control.entered({ playQueueID: 7, index: 2, total: 3, item: item('3') });
  assert.is(control.next(), false, 'the last entry has no next');
  assert.equal(jumps, [1, -1]);
  subscription.unsubscribe();
  control.dispose();
});

test('jumpTo asks the run to move by the distance to the entry (either way); not for the entry that plays, refused for one not queued', () => {
  const control = new QueueControl();
  const jumps: number[] = [];
  const subscription = control.jumps$.subscribe((by) => jumps.push(by));
  assert.is(control.jumpTo(103), false, 'no queue yet');
  control.planned({ ...plan, items: ['1', '2', '3', '4'].map(item) });
  assert.is(control.jumpTo(104), true);
  assert.is(control.jumpTo(101), true);
  assert.is(control.jumpTo(102), false, 'the entry that plays');
  assert.throws(() => control.jumpTo(999), /the queue has no entry 999/);
  assert.equal(jumps, [2, -1]);
  subscription.unsubscribe();
  control.dispose();
});

test.run();
