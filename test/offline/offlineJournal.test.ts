// Progress made while the server is down is journaled and sent with offline=1 and updated= once it is back.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { TimelineJournal, TimelineReporter } from '../../src/offline/index.js';
import { PlaybackService } from '../../src/playback/playbackService.js';
import { findItem } from '../helpers/demoServer.js';
import { clientFor, fakePlayer, playbackHarness, testTimings } from '../helpers/playbackHarness.js';

test('the demo server stops mid-playback: reports go to the journal, and reach the restarted server with offline=1', async () => {
  const harness = await playbackHarness({});
  const { demo } = harness;
  const port = Number(new URL(demo.url).port);
  let restarted: Awaited<ReturnType<typeof startDemoServer>> | undefined;
  try {
    const movie = await findItem(demo, 'Movies', 'general');
    const handle = harness.service.play({ ratingKey: movie.ratingKey, fromStart: true });
    const launch = await harness.player.nextLaunch();
    launch.events.next({ type: 'playing', position: 0, duration: 10_000 });
    while ((await harness.timelines()).length === 0) await new Promise((resolve) => setImmediate(resolve));

    await demo.close();
    const secondsBefore = Math.floor(Date.now() / 1000);
    launch.events.next({ type: 'paused', position: 5_000 });
    launch.events.next({ type: 'position', position: 9_500 });
    launch.events.next({ type: 'ended', position: 9_600 });
    const done = await handle.done;
    assert.is(done?.type, 'ended', 'an unreachable server does not end playback with an error');

    const journal = JSON.parse(await readFile(harness.journalPath, 'utf8')) as { version: number; entries: { kind: string; state?: string; time?: number; updated: number }[] };
    assert.is(journal.version, 1);
    assert.equal(
      journal.entries.map((entry) => `${entry.kind} ${entry.state ?? ''} ${entry.time ?? ''}`.trim()),
      ['timeline paused 5000', 'scrobble', 'timeline stopped 9600'],
      'in order; a later position replaces an earlier one only when no scrobble came between',
    );
    assert.ok(journal.entries.every((entry) => entry.updated >= secondsBefore && entry.updated <= Math.floor(Date.now() / 1000)));

    restarted = await startDemoServer({ port, token: demo.token, inspect: true });
    const result = await harness.reporter.flush();
    assert.equal(result, { sent: 3, dropped: [], remaining: 0 });
    const timelines = await harness.timelines(restarted);
    assert.equal(timelines.map((params) => params.get('state')), ['paused', 'stopped']);
    const sent = timelines[1] as URLSearchParams;
    assert.is(sent.get('offline'), '1');
    assert.is(sent.get('state'), 'stopped');
    assert.is(sent.get('time'), '9600');
    assert.is(sent.get('updated'), String(journal.entries[2]?.updated));
    const state = await harness.demoState(restarted);
    assert.is(state.items[movie.ratingKey]?.viewCount, (movie.viewCount ?? 0) + 1);
    assert.equal(JSON.parse(await readFile(harness.journalPath, 'utf8')), { version: 1, entries: [] });
  } finally {
    await restarted?.close();
    await harness.close();
  }
});

test('a journal kept by an earlier run is flushed at the start of the next play', async () => {
  const harness = await playbackHarness({});
  const away = clientFor({ ...harness.demo, url: 'http://127.0.0.1:9' });
  const reporter = new TimelineReporter(away, new TimelineJournal(harness.journalPath));
  const offline = new PlaybackService({ client: away, cache: harness.cache.cache, progress: reporter, timings: testTimings });
  try {
    const movie = await findItem(harness.demo, 'Movies', 'charade');
    await reporter.report({ ratingKey: movie.ratingKey, key: `/library/metadata/${movie.ratingKey}`, state: 'stopped', time: 1_234, duration: 10_000 });
    assert.is((await reporter.journal.pending()).length, 1);

    const player = fakePlayer('other');
    harness.service.registerPlayer(player);
    const handle = harness.service.play({ ratingKey: movie.ratingKey, playerId: 'other' });
    const launch = await player.nextLaunch();
    launch.events.complete();
    await handle.done;
    const first = (await harness.timelines())[0];
    assert.is(first?.get('offline'), '1', 'the journal went first');
    assert.is(first?.get('time'), '1234');
  } finally {
    offline.dispose();
    await harness.close();
  }
});

test.run();
