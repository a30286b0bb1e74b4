// Keeping an item offline (the TUI's `o`) on real parts: a demo server, the session's kind of client
// (answers kept in a real ListingStore folder) and a real cache. What offline play asks for must be kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeptAnswers, ListingStore, withKeptAnswers } from '../../../src/offline/index.js';
import { PlexClient } from '../../../src/plex/index.js';
import { ItemActions } from '../../../src/tui/state/itemActions.js';
import { cacheHarness } from '../../helpers/cacheHarness.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';
import { eventually } from '../../helpers/extensionFixtures.js';
import { playbackHarness } from '../../helpers/playbackHarness.js';
import type { PlexMetadata } from '../../../src/plex/models.js';

test('o on a row whose details were never shown keeps its metadata: the next run plays it while the server is gone', async () => {
  const harness = await cacheHarness();
  const listings = await makeTempFolder('plexterm-listings-');
  const identity = { clientIdentifier: 'plexterm-item-actions-test' };
  const client = new PlexClient({ baseUrl: harness.demo.url, token: harness.demo.token, identity, retries: 0, retryBaseDelayMs: 1 });
  const later = new PlexClient({ baseUrl: harness.demo.url, token: harness.demo.token, identity, retries: 0, retryBaseDelayMs: 1 });
  try {
    const logged: string[] = [];
    const store = new ListingStore(listings.path, (line) => logged.push(line));
    const kept = withKeptAnswers(client, new KeptAnswers(store, harness.demo.url));
    // A row as a listing gives it: it names its part already, so nothing about it had to be fetched.
    const sections = await client.sections();
    const movies = sections.find((section) => section.type === 'movie');
    if (!movies) throw new Error('the demo has no movie library');
    const row = (await client.sectionItems(movies.key, { size: 1 })).items[0];
    if (!row?.Media?.[0]?.Part?.[0]) throw new Error('the first movie row names no part');
    const messages: string[] = [];
    const actions = new ItemActions(
      {
        client: kept,
        cache: async () => harness.cache,
        playback: () => Promise.reject(new Error('nothing plays in this test')),
        preparePlayer: async () => undefined,
        playersOff: async () => null,
        playerId: 'none',
        machineIdentifier: () => harness.demo.machineIdentifier,
      },
      { message: (text) => messages.push(text), changed: () => undefined, replaceItem: () => undefined },
    );
    await actions.togglePin(row);
    assert.match(messages.join('\n'), /keeping ".*" offline/);
    await store.flush();
    assert.equal(logged, []);
    await harness.demo.close();

    // The next run: a new store on the same folder, the server gone.
    const nextStore = new ListingStore(listings.path, () => undefined);
    const offline = withKeptAnswers(later, new KeptAnswers(nextStore, harness.demo.url));
    const answered = await offline.metadata(row.ratingKey);
    assert.is(answered.ratingKey, row.ratingKey);
    assert.is(answered.Media?.[0]?.Part?.[0]?.key, row.Media[0].Part[0].key);
    actions.dispose();
  } finally {
    client.dispose();
    later.dispose();
    await harness.close();
    await listings.remove();
  }
});

test('a season played from the TUI caches its next episode ahead at the config\'s prefetch point, not the default one', async () => {
  const harness = await playbackHarness();
  // Where each prefetch was asked: the position the playback service had then (the queue asks at the event that passed the point).
  const prefetched: { ratingKey: string; position: number }[] = [];
  let position = -1;
  const following = harness.service.session$.subscribe((state) => (position = state?.position ?? -1));
  const prefetch = harness.service.prefetch.bind(harness.service);
  harness.service.prefetch = (metadata) => {
    prefetched.push({ ratingKey: metadata.ratingKey, position });
    return prefetch(metadata);
  };
  const messages: string[] = [];
  const actions = new ItemActions(
    {
      client: harness.client,
      cache: async () => harness.cache.cache,
      playback: async () => harness.service,
      preparePlayer: async () => undefined,
      playersOff: async () => null,
      playerId: harness.player.id,
      machineIdentifier: () => harness.demo.machineIdentifier,
      // 5 s before the end of a 40 s episode (the default, 60 s before the end, is passed as soon as one starts).
      playOptions: { skipIntro: 'never', autoplay: true, prefetch: { secondsBeforeEnd: 5, percent: 100 } },
    },
    { message: (text) => messages.push(text), changed: () => undefined, replaceItem: () => undefined },
  );
  try {
    // Orbital Kitchen, Season 1: episodes 119, 121, 123.
    const season: PlexMetadata = await harness.client.metadata('117');
    await actions.start(season, 'fromStart');
    const launch = await harness.player.nextLaunch();
    assert.is(launch.options.ratingKey, '119');
    // One at a time: each is through the queue before the next is said.
    const say = async (type: 'playing' | 'position', at: number) => {
      launch.events.next({ type, position: at, duration: 40_000 });
      await eventually(() => position === at, `the service is at ${at} ms`);
    };
    await say('playing', 0);
    await say('position', 20_000);
    await say('position', 36_000);
    await eventually(() => prefetched.length > 0, 'the next episode was prefetched');
    assert.equal(prefetched, [{ ratingKey: '121', position: 36_000 }], messages.join('\n'));
  } finally {
    following.unsubscribe();
    actions.dispose();
    await harness.close();
  }
});

/** `client` with the order of its answers and requests written down: `metadata answered`, `POST /playQueues`. */
function orderOf<T extends object>(client: T, steps: string[]): T {
  return new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      if (name === 'createPlayQueue') return (...args: unknown[]) => (steps.push('POST /playQueues'), Reflect.apply(value, target, args));
      if (name === 'metadata') return async (...args: unknown[]) => {
        const answer: unknown = await Reflect.apply(value, target, args);
        steps.push('metadata answered');
        return answer;
      };
      return value.bind(target);
    },
  });
}

test('Enter on a movie asks for its queue beside its metadata (its type as listed, the server known); without the server\'s identity, after it', async () => {
  for (const [known, expected] of [[true, ['POST /playQueues', 'metadata answered']], [false, ['metadata answered', 'POST /playQueues']]] as const) {
    const harness = await playbackHarness();
    const steps: string[] = [];
    const actions = new ItemActions(
      {
        client: orderOf(harness.client, steps),
        cache: async () => harness.cache.cache,
        playback: async () => harness.service,
        preparePlayer: async () => undefined,
        playersOff: async () => null,
        playerId: harness.player.id,
        machineIdentifier: () => (known ? harness.demo.machineIdentifier : null),
      },
      { message: () => undefined, changed: () => undefined, replaceItem: () => undefined },
    );
    try {
      // The row as the movie library lists it.
      const row = (await harness.client.sectionItems('1', { size: 1 })).items[0];
      if (!row) throw new Error('the demo has no movie');
      await actions.start(row, 'fromStart');
      const launch = await harness.player.nextLaunch();
      assert.is(launch.options.ratingKey, row.ratingKey);
      assert.equal(steps, expected);
    } finally {
      actions.dispose();
      await harness.close();
    }
  }
});

test.run();
