// A play queue on a real playback service, cache and demo server: the server going away between entries, and the first
// entry's cache entry opened while the queue is made.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueEvent } from '../../../src/playback/queue/queueEvents.js';
import { playQueue } from '../../../src/playback/queue/queuePlayback.js';
import type { PlexClient } from '../../../src/plex/client.js';
import { playbackHarness, type PlaybackHarness } from '../../helpers/playbackHarness.js';

/** Season 1 of Orbital Kitchen: episodes 119, 121 and 123. */
const season = '117';

test('the server goes away between entries: an entry already cached still plays (its progress kept in the journal), the queue waits at the next, saying why', async () => {
  const harness = await playbackHarness({});
  try {
    // 121 is played once, so its copy is cached and was checked with the server just now.
    const earlier = harness.service.play({ ratingKey: '121', fromStart: true });
    (await harness.player.nextLaunch()).events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    assert.is((await earlier.done)?.type, 'ended');

    const events: QueueEvent[] = [];
    let waited: (event: QueueEvent) => void = () => {};
    const queueWaits = new Promise<QueueEvent>((resolve) => (waited = resolve));
    const subscription = playQueue(harness.client, harness.service, { ratingKey: season, playerId: 'fake', fromStart: true }).subscribe((event) => {
      events.push(event);
      if (event.type === 'waiting') waited(event);
    });
    try {
      const first = await harness.player.nextLaunch();
      assert.is(first.options.ratingKey, '119');
      first.events.next({ type: 'playing', position: 0, duration: 40_000 });
      // Its playing report reached the server before it goes away.
      while (!(await harness.timelines()).some((params) => params.get('ratingKey') === '119')) await new Promise((resolve) => setImmediate(resolve));
      await harness.demo.close();
      first.events.next({ type: 'ended', position: 40_000, duration: 40_000 });

      const second = await harness.player.nextLaunch();
      assert.is(second.options.ratingKey, '121', 'the cached episode plays without the server');
      second.events.next({ type: 'playing', position: 0, duration: 40_000 });
      second.events.next({ type: 'ended', position: 40_000, duration: 40_000 });

      const wait = await queueWaits;
      assert.equal(wait.type === 'waiting' ? wait.entry.item.ratingKey : wait, '123');
      assert.match(wait.type === 'waiting' ? wait.message : '', /Hydroponic Harvest.*(cannot connect|refused).*goes on when the server answers/);
      assert.ok(!events.some((event) => event.type === 'queueEnded'), 'the queue waits: it has not ended');
      assert.equal(harness.player.launches.map((launch) => launch.options.ratingKey), ['121', '119', '121'], 'the episode that is not cached never launched');
      const journal = JSON.parse(await readFile(harness.journalPath, 'utf8')) as { entries: { kind: string; ratingKey: string; state?: string }[] };
      assert.ok(journal.entries.some((entry) => entry.ratingKey === '121' && entry.kind === 'timeline' && entry.state === 'stopped'), JSON.stringify(journal.entries));
    } finally {
      subscription.unsubscribe();
    }
  } finally {
    await harness.close();
  }
});

test('a queue asks the server who it is once: its entries play with the machineIdentifier learnt making the queue', async () => {
  const harness = await playbackHarness({});
  try {
    let ended: () => void = () => {};
    const queueEnded = new Promise<void>((resolve) => (ended = resolve));
    const subscription = playQueue(harness.client, harness.service, { ratingKey: season, playerId: 'fake', fromStart: true }).subscribe((event) => {
      if (event.type === 'queueEnded') ended();
    });
    try {
      for (const ratingKey of ['119', '121', '123']) {
        const launch = await harness.player.nextLaunch();
        assert.is(launch.options.ratingKey, ratingKey);
        launch.events.next({ type: 'ended', position: 40_000, duration: 40_000 });
      }
      await queueEnded;
    } finally {
      subscription.unsubscribe();
    }
    const state = await harness.demoState();
    assert.is(state.requests.filter((request) => request.method === 'GET' && request.path.split('?')[0] === '/').length, 1, 'GET / once, for the whole queue');
  } finally {
    await harness.close();
  }
});

/** The harness's client, its play queue's making held until `release()`; `asked` resolves when the queue was asked for. */
function heldQueueClient(client: PlexClient): { client: PlexClient; asked: Promise<void>; release(): void; fail(error: Error): void } {
  let release: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const gate = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  let asked: () => void = () => {};
  const askedPromise = new Promise<void>((resolve) => (asked = resolve));
  const held = Object.create(client) as PlexClient;
  held.createPlayQueue = async (queue) => {
    asked();
    await gate;
    return client.createPlayQueue(queue);
  };
  return { client: held, asked: askedPromise, release, fail };
}

/** The states of the harness's cache entries that are open (a closed one is `stored`, or `new` when nothing was recorded). */
function openStates(harness: PlaybackHarness): string[] {
  return harness.cache.cache.snapshots().map((snapshot) => snapshot.state).filter((state) => !['new', 'stored', 'evicted', 'failed'].includes(state));
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('a movie\'s cache entry opens while its play queue is made: it is ready before the queue answers, and its play takes that entry (one probe)', async () => {
  const harness = await playbackHarness({});
  try {
    const held = heldQueueClient(harness.client);
    let ended: () => void = () => {};
    const queueEnded = new Promise<void>((resolve) => (ended = resolve));
    const subscription = playQueue(held.client, harness.service, { ratingKey: '101', playerId: 'fake', fromStart: true }).subscribe((event) => {
      if (event.type === 'queueEnded') ended();
    });
    try {
      await held.asked;
      await until(() => openStates(harness).includes('ready'), 'the movie\'s entry to be ready while the queue is held');
      assert.is(harness.player.launches.length, 0, 'nothing launches before the queue is made');
      held.release();
      const launch = await harness.player.nextLaunch();
      assert.is(launch.options.ratingKey, '101');
      launch.events.next({ type: 'ended', position: 10_000, duration: 10_000 });
      await queueEnded;
    } finally {
      subscription.unsubscribe();
    }
    const parts = (await harness.demoState()).requests.filter((request) => request.path.startsWith('/library/parts/'));
    assert.is(parts.length, 1, `one request for the movie's bytes: ${JSON.stringify(parts)}`);
  } finally {
    await harness.close();
  }
});

test('a season\'s or a shuffled queue\'s first entry is not guessed: nothing opens before the queue answers', async () => {
  for (const request of [{ ratingKey: season }, { ratingKey: '101', shuffle: true }]) {
    const harness = await playbackHarness({});
    try {
      const held = heldQueueClient(harness.client);
      const subscription = playQueue(held.client, harness.service, { ...request, playerId: 'fake', fromStart: true }).subscribe();
      try {
        await held.asked;
        // The request for the queue is out; an entry opened beside it would have been opened by now (before createPlayQueue was called).
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(openStates(harness), [], JSON.stringify(request));
        held.release();
        await harness.player.nextLaunch();
      } finally {
        subscription.unsubscribe();
      }
    } finally {
      await harness.close();
    }
  }
});

test('the queue cannot be made, or the play is stopped while it is made: the movie\'s entry opened beside it is closed', async () => {
  for (const outcome of ['refused', 'stopped'] as const) {
    const harness = await playbackHarness({});
    try {
      const held = heldQueueClient(harness.client);
      const events: string[] = [];
      const subscription = playQueue(held.client, harness.service, { ratingKey: '101', playerId: 'fake', fromStart: true }).subscribe((event) => events.push(event.type));
      await held.asked;
      await until(() => openStates(harness).length === 1, 'the movie\'s entry to open');
      if (outcome === 'refused') {
        held.fail(new Error('the server refused the queue'));
      } else {
        // Stopped while the queue is on its way: the entry closes once the queue's answer comes, and nothing plays.
        subscription.unsubscribe();
        held.release();
      }
      await until(() => openStates(harness).length === 0, `the entry to close (${outcome})`);
      if (outcome === 'refused') {
        // The run's failure comes once the entry's close has finished, a few turns after its state says closed.
        await until(() => events.includes('queueEnded'), 'the queue to end');
        assert.equal(events, ['failed', 'queueEnded']);
      }
      subscription.unsubscribe();
      assert.is(harness.player.launches.length, 0);
    } finally {
      await harness.close();
    }
  }
});

test.run();
