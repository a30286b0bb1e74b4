// Playback end to end on a real cache and demo server with a fake player: stream URL and bytes, timeline, scrobble, resume, termination.
import { filter, firstValueFrom } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { PlaybackEvent, PlaybackItem } from '../../src/playback/playbackEvents.js';
import { demoFetch, findItem } from '../helpers/demoServer.js';
import type { PlayerLaunchOptions, PlayerSession, PreparedPlayer } from '../../src/playback/player.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { PlaybackService } from '../../src/playback/playbackService.js';
import { fakePlayer, playbackHarness, recordEvents, testTimings, type FakePlayer, type PlaybackHarness } from '../helpers/playbackHarness.js';
import { playbackItemFrom } from '../../src/playback/playbackItem.js';

async function withHarness(options: Parameters<typeof playbackHarness>[0], body: (harness: PlaybackHarness) => Promise<void>): Promise<void> {
  const harness = await playbackHarness(options);
  try {
    await body(harness);
  } finally {
    await harness.close();
  }
}

function resolvedItem(events: PlaybackEvent[]): PlaybackItem {
  const resolved = events.find((event) => event.type === 'resolved');
  if (!resolved) throw new Error(`no resolved event in ${JSON.stringify(events.map((event) => event.type))}`);
  return resolved.item;
}

test('the player gets a stream URL of its own for the part, which serves its bytes and expires when the playback ends; the timeline goes playing then stopped', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'general');
    const handle = harness.service.play({ ratingKey: movie.ratingKey });
    const events = recordEvents(handle.events$);
    const launch = await harness.player.nextLaunch();
    const item = resolvedItem(events);
    const entryUrl = harness.cache.cache.entry(item.part.key)?.snapshot.streamUrl ?? '';
    const [entryToken] = entryUrl.split('/').slice(-2);
    assert.match(launch.url, /^http:\/\/127\.0\.0\.1:\d+\/stream\//);
    assert.is.not(launch.url, entryUrl);
    assert.not.ok(launch.url.includes(entryToken ?? ''), 'not the entry\'s own token');
    assert.not.ok(launch.url.includes(harness.demo.token), 'never the Plex token');
    assert.equal(
      { ...launch.options },
      { startAt: 0, title: movie.title, ratingKey: movie.ratingKey, mediaType: 'video', args: [] },
    );
    const [local, upstream] = await Promise.all([fetch(launch.url), demoFetch(harness.demo, item.part.upstreamPath)]);
    assert.ok(Buffer.from(await local.arrayBuffer()).equals(Buffer.from(await upstream.arrayBuffer())), 'the stream URL serves the part’s bytes');

    launch.events.next({ type: 'playing', position: 0, duration: 10_000 });
    launch.events.next({ type: 'position', position: 3_000 });
    launch.events.next({ type: 'paused', position: 3_500 });
    launch.events.next({ type: 'ended', position: 4_000 });
    assert.equal(await handle.done, { type: 'ended', position: 4_000, duration: 10_000, headless: false });
    assert.equal(harness.player.launches.length, 1);
    assert.is((await fetch(launch.url)).status, 403, 'the playback\'s URL expired with it');
    assert.is((await fetch(entryUrl, { method: 'HEAD' })).status, 200, 'the entry itself is still served');

    const timelines = await harness.timelines();
    assert.equal(timelines.map((params) => `${params.get('state')} ${params.get('time')}`), ['playing 0', 'paused 3500', 'stopped 4000']);
    assert.ok(timelines.every((params) => params.get('ratingKey') === movie.ratingKey && params.get('key') === `/library/metadata/${movie.ratingKey}` && params.get('duration') === '10000'));
    const state = await harness.demoState();
    assert.is(state.items[movie.ratingKey]?.viewOffset, 4_000);
    assert.is(state.items[movie.ratingKey]?.viewCount, movie.viewCount ?? 0, 'not scrobbled below 90%');
    const session = await firstValueFrom(harness.service.session$);
    assert.is(session?.phase, 'ended');
  });
});

test('a play by ratingKey alone (the TUI\'s Enter) asks for the item with its markers; entering the intro is a markerEntered event', async () => {
  await withHarness({}, async (harness) => {
    const handle = harness.service.play({ ratingKey: '119' });
    const events = recordEvents(handle.events$);
    const launch = await harness.player.nextLaunch();
    const item = resolvedItem(events);
    assert.equal(item.markers.map((marker) => marker.type), ['intro', 'credits']);
    assert.is(item.skipIntro, 'never', 'nothing is skipped unless the caller says so');
    const intro = item.markers[0]!;
    launch.events.next({ type: 'playing', position: 0, duration: item.duration });
    launch.events.next({ type: 'position', position: intro.start + 500 });
    launch.events.next({ type: 'ended', position: intro.start + 600 });
    await handle.done;
    assert.equal(events.filter((event) => event.type === 'markerEntered'), [{ type: 'markerEntered', marker: intro }]);
    const asked = (await harness.demoState()).requests.filter((request) => request.path.startsWith('/library/metadata/119'));
    assert.ok(asked.length > 0 && asked.every((request) => new URL(request.path, 'http://demo').searchParams.get('includeMarkers') === '1'), asked.map((request) => request.path).join(' '));
  });
});

test('passing 90% raises viewCount once', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'metropolis');
    const before = (await harness.demoState()).items[movie.ratingKey]?.viewCount ?? 0;
    const handle = harness.service.play({ ratingKey: movie.ratingKey, fromStart: true });
    const events = recordEvents(handle.events$);
    const launch = await harness.player.nextLaunch();
    launch.events.next({ type: 'playing', position: 0, duration: 12_000 });
    launch.events.next({ type: 'position', position: 11_000 });
    launch.events.next({ type: 'position', position: 11_500 });
    launch.events.next({ type: 'ended', position: 12_000 });
    await handle.done;
    assert.equal(events.filter((event) => event.type === 'scrobbled'), [{ type: 'scrobbled', position: 11_000 }]);
    const state = await harness.demoState();
    assert.is(state.items[movie.ratingKey]?.viewCount, before + 1);
    assert.is(state.requests.filter((request) => request.path.startsWith('/:/scrobble')).length, 1);
  });
});

test('play resumes at viewOffset unless told to start over; a new play stops the running player', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'nosferatu');
    assert.ok((movie.viewOffset ?? 0) > 0);
    const first = harness.service.play({ ratingKey: movie.ratingKey });
    const resumed = await harness.player.nextLaunch();
    assert.is(resumed.options.startAt, movie.viewOffset);
    resumed.events.next({ type: 'playing', position: movie.viewOffset ?? 0, duration: 12_000 });

    const second = harness.service.play({ ratingKey: movie.ratingKey, fromStart: true });
    assert.is(await first.done, undefined, 'the first play was cancelled');
    assert.ok(resumed.stopped, 'its player was stopped');
    const restarted = await harness.player.nextLaunch();
    assert.is(restarted.options.startAt, 0);
    restarted.events.complete();
    assert.is((await second.done)?.type, 'ended');
    assert.equal(harness.player.launches.length, 2);
  });
});

test('evicted while sized, played again: the first play ends at evicted, the second probes anew and starts the player once (no 20 s wait)', async () => {
  let slow: DemoServer | undefined;
  const harness = await playbackHarness({}, () => (slow ? { baseUrl: slow.url } : {}));
  try {
    slow = await startDemoServer({ token: harness.demo.token, rateBytesPerSecond: 20_000 });
    const movie = await findItem(harness.demo, 'Movies', 'general');
    const first = harness.service.play({ ratingKey: movie.ratingKey });
    const events = recordEvents(first.events$);
    await firstValueFrom(first.events$.pipe(filter((event) => event.type === 'cache' && event.state === 'sized')));
    const item = resolvedItem(events);
    assert.ok(await harness.cache.cache.evict(item.part.key));
    assert.equal(await first.done, { type: 'failed', code: 'evicted', message: `the cached copy of "${movie.title}" was evicted before it could play; play it again` });

    const held = slow;
    slow = undefined;
    await held.close();
    const second = harness.service.play({ ratingKey: movie.ratingKey });
    const again = recordEvents(second.events$);
    const launch = await harness.player.nextLaunch();
    launch.events.complete();
    const done = await second.done;
    assert.is(done?.type, 'ended', JSON.stringify(done));
    assert.equal(again.filter((event) => event.type === 'cache').map((event) => (event.type === 'cache' ? event.state : '')), ['probing', 'sized', 'ready']);
    assert.equal(harness.player.launches.length, 1, 'the player started once, for the second play');
  } finally {
    await slow?.close();
    await harness.close();
  }
});

test('a timeline answer with terminationCode (terminate-after) stops the player and surfaces the text', async () => {
  await withHarness({ quirks: { terminateAfter: 0 } }, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'general');
    const handle = harness.service.play({ ratingKey: movie.ratingKey });
    const launch = await harness.player.nextLaunch();
    launch.events.next({ type: 'playing', position: 0, duration: 10_000 });
    const done = await handle.done;
    assert.equal(done, { type: 'terminated', code: 2006, message: 'This playback session was terminated by the server owner (demo terminate-after).' });
    assert.ok(launch.stopped);
    const session = await firstValueFrom(harness.service.session$);
    assert.is(session?.phase, 'terminated');
    assert.is(session?.message, done?.type === 'terminated' ? done.message : 'not terminated');
    assert.equal((await harness.timelines()).map((params) => params.get('state')), ['playing', 'stopped']);
  });
});

/** What a preparing player was asked: each prepared player's story, in order. */
interface PreparedRecord {
  args: string[];
  /** The events the play had published when it was prepared. */
  eventsAtPrepare: string[];
  launchedWith: string | null;
  disposed: boolean;
}

/** The harness's fake player, made to prepare: `gone` makes a prepared player's launch fail, as an mpv that quit would. */
function preparing(player: FakePlayer, events: () => PlaybackEvent[], gone = false): PreparedRecord[] {
  const records: PreparedRecord[] = [];
  player.prepare = async ({ args }) => {
    const record: PreparedRecord = { args, eventsAtPrepare: events().map((event) => event.type), launchedWith: null, disposed: false };
    records.push(record);
    const prepared: PreparedPlayer = {
      launch: (url: string, options: PlayerLaunchOptions): Promise<PlayerSession> => {
        if (gone) return Promise.reject(new Error('the idle mpv is gone (it quit)'));
        record.launchedWith = url;
        return player.launch(url, options);
      },
      dispose: async () => {
        if (record.launchedWith === null) record.disposed = true;
      },
    };
    return prepared;
  };
  return records;
}

test('a play naming its player prepares it at once; the prepared player gets the stream URL at ready, and is not disposed', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'general');
    let events: PlaybackEvent[] = [];
    const prepared = preparing(harness.player, () => events);
    const handle = harness.service.play({ ratingKey: movie.ratingKey, playerId: 'fake', args: ['--mute=yes'] });
    events = recordEvents(handle.events$);
    const launch = await harness.player.nextLaunch();
    assert.equal(prepared.length, 1, 'prepared once');
    assert.equal(prepared[0]!.args, ['--mute=yes']);
    assert.not.ok(prepared[0]!.eventsAtPrepare.includes('resolved'), `prepared before the metadata came: ${prepared[0]!.eventsAtPrepare}`);
    assert.is(prepared[0]!.launchedWith, launch.url, 'the URL went through the prepared player');
    launch.events.complete();
    assert.is((await handle.done)?.type, 'ended');
    const shown = events.map((event) => (event.type === 'cache' ? `cache:${event.state}` : event.type));
    assert.ok(shown.indexOf('launched') > shown.indexOf('cache:ready'), `launched after ready: ${shown}`);
    assert.not.ok(prepared[0]!.disposed);
  });
});

test('a prepared player that is gone at ready (it quit): the player is launched afresh and plays', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'general');
    const prepared = preparing(harness.player, () => [], true);
    const handle = harness.service.play({ ratingKey: movie.ratingKey, playerId: 'fake' });
    const launch = await harness.player.nextLaunch();
    assert.is(prepared.length, 1);
    assert.is(prepared[0]!.launchedWith, null, 'not through the prepared player');
    launch.events.next({ type: 'playing', position: 0, duration: 12_000 });
    launch.events.complete();
    assert.is((await handle.done)?.type, 'ended');
  });
});

test('a play that fails before ready (no such item) disposes its prepared player; a play without a player id prepares nothing', async () => {
  await withHarness({}, async (harness) => {
    const prepared = preparing(harness.player, () => []);
    const failed = await harness.service.play({ ratingKey: '987654', playerId: 'fake' }).done;
    assert.is(failed?.type, 'failed');
    assert.is(prepared.length, 1);
    await eventually(() => prepared[0]!.disposed, 'the prepared player is disposed');
    assert.is(harness.player.launches.length, 0);
    const movie = await findItem(harness.demo, 'Movies', 'general');
    const handle = harness.service.play({ ratingKey: movie.ratingKey });
    (await harness.player.nextLaunch()).events.complete();
    await handle.done;
    assert.is(prepared.length, 1, 'the player is chosen by the metadata: nothing to prepare before it');
  });
});

test('a player started ahead (takeAhead) serves the first request that asks for it with its options, once: it gets the URL only at ready; the next request prepares its own', async () => {
  await withHarness({}, async (harness) => {
    const movie = await findItem(harness.demo, 'Movies', 'general');
    // The ahead player, started before any request: what the session's startPlayerAhead makes.
    const ahead: PreparedRecord = { args: ['--mute=yes'], eventsAtPrepare: [], launchedWith: null, disposed: false };
    const aheadPlayer: PreparedPlayer = {
      launch: (url, options) => {
        ahead.launchedWith = url;
        return harness.player.launch(url, options);
      },
      dispose: async () => {
        if (ahead.launchedWith === null) ahead.disposed = true;
      },
    };
    const asked: Array<{ playerId: string; args: string[]; queue: boolean }> = [];
    let offered: Promise<PreparedPlayer | null> | null = Promise.resolve(aheadPlayer);
    const service = new PlaybackService({
      client: harness.client,
      cache: harness.cache.cache,
      timings: testTimings,
      takeAhead: (playerId, options) => {
        asked.push({ playerId, args: options.args, queue: options.queue === true });
        const taken = offered;
        offered = null;
        return taken;
      },
    });
    service.registerPlayer(harness.player);
    const ownPrepared = preparing(harness.player, () => []);
    try {
      const handle = service.play({ ratingKey: movie.ratingKey, playerId: 'fake', args: ['--mute=yes'] });
      const events = recordEvents(handle.events$);
      const launch = await harness.player.nextLaunch();
      assert.is(ahead.launchedWith, launch.url, 'the URL went through the player started ahead');
      assert.equal(ownPrepared, [], 'the player was not prepared a second time');
      launch.events.complete();
      assert.is((await handle.done)?.type, 'ended');
      const shown = events.map((event) => (event.type === 'cache' ? `cache:${event.state}` : event.type));
      assert.ok(shown.indexOf('launched') > shown.indexOf('cache:ready'), `launched after ready: ${shown}`);
      assert.not.ok(ahead.disposed);
      // Taken once: the next play prepares its own player.
      const second = service.play({ ratingKey: movie.ratingKey, playerId: 'fake', args: ['--mute=yes'] });
      const secondLaunch = await harness.player.nextLaunch();
      assert.is(ownPrepared.length, 1);
      assert.is(ownPrepared[0]!.launchedWith, secondLaunch.url);
      secondLaunch.events.complete();
      await second.done;
      assert.equal(asked, [{ playerId: 'fake', args: ['--mute=yes'], queue: false }, { playerId: 'fake', args: ['--mute=yes'], queue: false }]);
    } finally {
      service.dispose();
    }
  });
});

/** A service on the harness's cache and client whose players are registered only when `register` is called (as the session does once its plugin host has read the plugins). */
function serviceAwaitingPlayers(harness: PlaybackHarness): { service: PlaybackService; register(players: FakePlayer[]): void } {
  let registered: () => void = () => {};
  const players = new Promise<void>((resolve) => (registered = resolve));
  const service = new PlaybackService({ client: harness.client, cache: harness.cache.cache, timings: testTimings, playersRegistered: () => players });
  return {
    service,
    register(list) {
      for (const player of list) service.registerPlayer(player);
      registered();
    },
  };
}

test('a play naming its player does not wait for the plugins: its metadata and cache entry get ready first, and the player launches once they are read', async () => {
  await withHarness({}, async (harness) => {
    const { service, register } = serviceAwaitingPlayers(harness);
    try {
      const movie = await findItem(harness.demo, 'Movies', 'general');
      const handle = service.play({ ratingKey: movie.ratingKey, playerId: 'fake' });
      const events = recordEvents(handle.events$);
      await eventually(() => events.some((event) => event.type === 'cache' && event.state === 'ready'), 'the entry is ready before any player is registered');
      assert.ok(events.some((event) => event.type === 'resolved'));
      assert.not.ok(events.some((event) => event.type === 'launched' || event.type === 'failed'), `nothing launched or failed yet: ${events.map((event) => event.type)}`);
      const player = fakePlayer();
      register([player]);
      const launch = await player.nextLaunch();
      launch.events.complete();
      assert.is((await handle.done)?.type, 'ended');
      assert.is(player.launches.length, 1);
    } finally {
      service.dispose();
    }
  });
});

test('a named player the plugins turn out not to have fails the play with its name, and nothing launches', async () => {
  await withHarness({}, async (harness) => {
    const { service, register } = serviceAwaitingPlayers(harness);
    try {
      const movie = await findItem(harness.demo, 'Movies', 'general');
      const handle = service.play({ ratingKey: movie.ratingKey, playerId: 'nosuch' });
      const events = recordEvents(handle.events$);
      await eventually(() => events.some((event) => event.type === 'resolved'), 'resolved before the players are known');
      const player = fakePlayer();
      register([player]);
      const done = await handle.done;
      assert.is(done?.type, 'failed');
      assert.match(done?.type === 'failed' ? done.message : '', /no player "nosuch" \(registered: fake\)/);
      assert.is(player.launches.length, 0);
      assert.is(events.filter((event) => event.type === 'failed').length, 1, 'one terminal event');
    } finally {
      service.dispose();
    }
  });
});

test('prefetch opens an item\'s cache entry ahead of its play: ready, its start buffer on disk; its play then starts from it; close() closes one nobody plays, its bytes kept', async () => {
  await withHarness({}, async (harness) => {
    const [first, second] = await Promise.all([harness.client.metadata('121'), harness.client.metadata('123')]);
    const { machineIdentifier } = await harness.client.serverInfo();
    const entryOf = (item: typeof first) => harness.cache.cache.entry(playbackItemFrom(item, machineIdentifier, '').part.key);
    harness.service.prefetch(first);
    await eventually(() => entryOf(first)?.snapshot.state === 'ready', 'the prefetched entry is ready');
    assert.ok((entryOf(first)?.snapshot.downloadedBytes ?? 0) > 0, 'its start is on disk');
    const handle = harness.service.play({ ratingKey: '121', metadata: first });
    const events = recordEvents(handle.events$);
    (await harness.player.nextLaunch()).events.complete();
    await handle.done;
    assert.equal(events.filter((event) => event.type === 'cache').map((event) => (event.type === 'cache' ? event.state : '')), ['ready'], 'the play found it ready');
    // One that will not play now (the person stopped): closed, its bytes kept for the cache to evict as any.
    const unplayed = harness.service.prefetch(second);
    await eventually(() => entryOf(second)?.snapshot.state === 'ready', 'the second prefetched entry is ready');
    await unplayed.close();
    assert.is(entryOf(second)?.snapshot.state, 'stored');
    assert.ok((entryOf(second)?.snapshot.downloadedBytes ?? 0) > 0);
  });
});

test.run();
