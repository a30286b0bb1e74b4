// QueueControl: the queue's state (items, index, version) as the run reports it, and jumps asked of it only where there is an entry to go to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexPlayQueue, PlexPlayQueueItem } from '../../../src/plex/models.js';
import type { QueueEditor } from '../../../src/playback/queue/queueEdits.js';
import { eventually } from '../../helpers/extensionFixtures.js';
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

test('an entry asked to be removed is left out of what the run goes by until the server answers; back if the server refuses', async () => {
  const control = new QueueControl();
  control.planned({ ...plan, startIndex: 0 });
  // The server's answers, held until the test gives them.
  const answers: Array<{ resolve(queue: PlexPlayQueue): void; reject(error: Error): void }> = [];
  const editor = { remove: () => new Promise<PlexPlayQueue>((resolve, reject) => answers.push({ resolve, reject })) } as unknown as QueueEditor;
  control.editWith(editor);
  const upcoming = () => control.upcomingItems?.map((entry) => entry.ratingKey);
  const removed = control.remove(102);
  assert.equal(upcoming(), ['1', '3'], 'the run, moving on now, goes to 3');
  assert.equal(control.current?.items.map((entry) => entry.ratingKey), ['1', '2', '3'], 'the queue shown is the server\'s until it answers');
  await eventually(() => answers.length === 1, 'the removal reached the server');
  answers[0]?.resolve({ playQueueID: 7, items: [item('1'), item('3')] } as PlexPlayQueue);
  await removed;
  assert.equal(upcoming(), ['1', '3']);
  assert.equal(control.current?.items.map((entry) => entry.ratingKey), ['1', '3']);

  const refused = control.remove(103);
  assert.equal(upcoming(), ['1']);
  await eventually(() => answers.length === 2, 'the second removal reached the server');
  answers[1]?.reject(new Error('the server did not remove it'));
  await refused.catch(() => undefined);
  assert.equal(upcoming(), ['1', '3'], 'refused: 3 is played after all');
  // A jump counts in the entries the run goes by: with 2 being removed from [1, 2, 3, 4], 4 is two on from 1.
  control.planned({ ...plan, items: ['1', '2', '3', '4'].map(item), startIndex: 0 });
  const jumps: number[] = [];
  const subscription = control.jumps$.subscribe((by) => jumps.push(by));
  const pending = control.remove(102);
  assert.is(control.jumpTo(104), true);
  assert.throws(() => control.jumpTo(102), /^"Episode 2" is being removed from the queue$/);
  assert.equal(jumps, [2]);
  subscription.unsubscribe();
  await eventually(() => answers.length === 3, 'the third removal reached the server');
  answers[2]?.resolve({ playQueueID: 7, items: ['1', '3', '4'].map(item) } as PlexPlayQueue);
  await pending;
  // The entry that plays is refused at once, and never left out.
  const playing = control.remove(101);
  assert.equal(upcoming(), ['1', '3', '4']);
  await playing.catch(() => undefined);
  control.dispose();
});

test.run();
