// A play queue on a real playback service, cache and demo server: the server going away between entries.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueEvent } from '../../../src/playback/queue/queueEvents.js';
import { playQueue } from '../../../src/playback/queue/queuePlayback.js';
import { playbackHarness } from '../../helpers/playbackHarness.js';

/** Season 1 of Orbital Kitchen: episodes 119, 121 and 123. */
const season = '117';

test('the server goes away between entries: an entry already cached still plays (its progress kept in the journal), the next ends the queue saying why', async () => {
  const harness = await playbackHarness({});
  try {
    // 121 is played once, so its copy is cached and was checked with the server just now.
    const earlier = harness.service.play({ ratingKey: '121', fromStart: true });
    (await harness.player.nextLaunch()).events.next({ type: 'ended', position: 40_000, duration: 40_000 });
    assert.is((await earlier.done)?.type, 'ended');

    const events: QueueEvent[] = [];
    let ended: (event: QueueEvent) => void = () => {};
    const queueEnded = new Promise<QueueEvent>((resolve) => (ended = resolve));
    const subscription = playQueue(harness.client, harness.service, { ratingKey: season, playerId: 'fake', fromStart: true }).subscribe((event) => {
      events.push(event);
      if (event.type === 'queueEnded') ended(event);
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

      const end = await queueEnded;
      assert.equal(end.type === 'queueEnded' ? [end.reason, end.played, end.skipped] : end, ['failed', 2, 0]);
      assert.match(end.type === 'queueEnded' ? (end.message ?? '') : '', /Hydroponic Harvest.*(cannot connect|refused)/);
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

test.run();
