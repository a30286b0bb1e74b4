// Editing a play queue while it plays, on a real playback service, cache and demo server (the player is the test's): the
// server queue follows each edit (read back with GET /playQueues/{id}), and the run plays the queue as edited.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueEvent } from '../../../src/playback/queue/queueEvents.js';
import { QueueControl } from '../../../src/playback/queue/queueControl.js';
import { playQueue } from '../../../src/playback/queue/queuePlayback.js';
import { playbackHarness, type PlaybackHarness } from '../../helpers/playbackHarness.js';

/** Season 1 of Orbital Kitchen: episodes 119, 121 and 123; season 2 (124) holds 126, 128 and 130. */
const season = '117';
const secondSeason = '124';
/** A movie (Nosferatu) and an artist (The Test Tones) of the demo. */
const movie = '103';
const artist = '141';

interface Run {
  control: QueueControl;
  ended: Promise<Extract<QueueEvent, { type: 'queueEnded' }>>;
  stop(): void;
}

function playSeason(harness: PlaybackHarness): Run {
  const control = new QueueControl();
  let ended: (event: Extract<QueueEvent, { type: 'queueEnded' }>) => void = () => {};
  const queueEnded = new Promise<Extract<QueueEvent, { type: 'queueEnded' }>>((resolve) => (ended = resolve));
  const subscription = playQueue(harness.client, harness.service, { ratingKey: season, playerId: 'fake', fromStart: true }, control).subscribe((event) => {
    if (event.type === 'queueEnded') ended(event);
  });
  return {
    control, ended: queueEnded,
    stop: () => {
      subscription.unsubscribe();
      control.dispose();
    },
  };
}

/** Runs `body` while the season plays on a harness of its own; both are closed after it. */
async function whileSeasonPlays(body: (harness: PlaybackHarness, run: Run) => Promise<void>): Promise<void> {
  const harness = await playbackHarness({});
  const run = playSeason(harness);
  try {
    await body(harness, run);
  } finally {
    run.stop();
    await harness.close();
  }
}

/** The ratingKeys of the queue as the server has it now. */
async function serverQueue(harness: PlaybackHarness, control: QueueControl): Promise<string[]> {
  const state = control.current;
  if (!state) throw new Error('no queue yet');
  return (await harness.client.playQueue(state.playQueueID)).items.map((item) => item.ratingKey);
}

function idOf(control: QueueControl, ratingKey: string): number {
  const item = control.current?.items.find((entry) => entry.ratingKey === ratingKey);
  if (!item) throw new Error(`${ratingKey} is not queued`);
  return item.playQueueItemID;
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('it was not refused');
}

test('a removed queue item is not played: the server queue loses it, the run goes from the first episode to the third', () =>
  whileSeasonPlays(async (harness, run) => {
    const first = await harness.player.nextLaunch();
    assert.is(first.options.ratingKey, '119');
    const before = run.control.current?.version ?? 0;
    await run.control.remove(idOf(run.control, '121'));
    assert.equal(await serverQueue(harness, run.control), ['119', '123']);
    assert.equal(run.control.current?.items.map((item) => item.ratingKey), ['119', '123']);
    assert.equal([run.control.current?.index, (run.control.current?.version ?? 0) > before], [0, true], 'the entry that plays is still the first; a new version');
    // The entry that plays cannot leave the queue (skip it instead), nor can an entry the queue does not hold.
    assert.match(await rejection(run.control.remove(idOf(run.control, '119'))), /^"Freeze-Dried Beginnings" plays now: skip to the next entry instead of removing it$/);
    assert.match(await rejection(run.control.remove(987_654)), /^the queue has no entry 987654$/);
    first.events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    const second = await harness.player.nextLaunch();
    assert.is(second.options.ratingKey, '123');
    second.events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    const end = await run.ended;
    assert.equal([end.reason, end.played], ['finished', 2]);
    assert.equal(harness.player.launches.map((launch) => launch.options.ratingKey), ['119', '123'], 'the removed episode never launched');
  }));

test('a moved item plays in its new place; add to queue and play next reach the server queue, play next right after the entry that plays', () =>
  whileSeasonPlays(async (harness, run) => {
    const first = await harness.player.nextLaunch();
    // The third episode moves right after the first; the second season goes to the end.
    await run.control.move(idOf(run.control, '123'), idOf(run.control, '119'));
    assert.equal(await serverQueue(harness, run.control), ['119', '123', '121']);
    const added = await run.control.add(secondSeason, 'end');
    assert.is(added.title, 'Season 2');
    assert.equal(await serverQueue(harness, run.control), ['119', '123', '121', '126', '128', '130']);
    first.events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    const second = await harness.player.nextLaunch();
    assert.is(second.options.ratingKey, '123', 'the moved episode plays in its new place');
    // Play next while the second entry plays: the server has heard of no skip (its selected entry may lag), the movie still comes next.
    await run.control.add(movie, 'next');
    assert.equal(await serverQueue(harness, run.control), ['119', '123', movie, '121', '126', '128', '130']);
    assert.equal(run.control.current?.index, 1);
    // The demo put it after the entry it last selected (the first, as a server that has not heard of the second yet): moved after the one that plays.
    const moves = (await harness.demoState()).requests.filter((request) => request.method === 'PUT' && request.path.split('?')[0]?.endsWith('/move'));
    assert.is(moves.length, 2, moves.map((request) => request.path).join('\n'));
    second.events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    const third = await harness.player.nextLaunch();
    assert.is(third.options.ratingKey, movie);
  }));

test('bad input is one line each: an unknown item, music in a video queue, an edit the server refuses', () =>
  whileSeasonPlays(async (harness, run) => {
    await harness.player.nextLaunch();
    assert.is(await rejection(run.control.add('987654', 'end')), 'no item 987654 on the server');
    assert.is(await rejection(run.control.add(artist, 'next')), '"The Test Tones" is music: it cannot join a video queue');
    // The second episode leaves the server queue behind plexterm's back: removing it again is refused by the server.
    const state = run.control.current;
    if (!state) throw new Error('no queue');
    const response = await fetch(`${harness.demo.url}/playQueues/${state.playQueueID}/items/${idOf(run.control, '121')}`, { method: 'DELETE', headers: { 'X-Plex-Token': harness.demo.token } });
    await response.arrayBuffer();
    assert.is(response.status, 200);
    const refused = await rejection(run.control.remove(idOf(run.control, '121')));
    assert.match(refused, /^the server did not remove it: .*HTTP 404\)$/);
    assert.not.match(refused, new RegExp(harness.demo.token));
    assert.equal(run.control.current?.items.map((item) => item.ratingKey), ['119', '121', '123'], 'a refused edit changes nothing');
  }));

test('with no queue playing, an edit says so in one line', async () => {
  const none = new QueueControl();
  assert.is(await rejection(none.remove(1)), 'no queue is playing');
  assert.is(await rejection(none.add(movie, 'next')), 'no queue is playing');
  none.dispose();
});

test.run();
