// The plex layer against the demo server: library calls, lazy paging, PIN sign-in and connection racing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import { raceConnections } from '../../src/plex/connectionRace.js';
import { PlexTv } from '../../src/plex/plexTv.js';
import { waitForPin } from '../../src/plex/signIn.js';
import { testIdentity } from '../helpers/plexTestServer.js';
import { rejection } from '../helpers/plexTvFake.js';

const bigSectionSize = 10_000;
let demo: DemoServer;
let client: PlexClient;

test.before(async () => {
  demo = await startDemoServer({ bigSectionSize, inspect: true });
  client = new PlexClient({ baseUrl: demo.url, token: demo.token, serverName: demo.name, identity: testIdentity, retryBaseDelayMs: 1 });
});

test.after(async () => {
  client.dispose();
  await demo.close();
});

async function withDemo(options: DemoServerOptions, run: (server: DemoServer, plexTv: PlexTv) => Promise<void>): Promise<void> {
  const server = await startDemoServer(options);
  const plexTv = new PlexTv({ baseUrl: server.plexTv, identity: testIdentity, retryBaseDelayMs: 1 });
  try {
    await run(server, plexTv);
  } finally {
    plexTv.dispose();
    await server.close();
  }
}

/** How many requests the demo has logged whose path starts with `prefix`. */
async function loggedRequests(prefix: string): Promise<number> {
  const state = await client.request<{ requests: { path: string }[] }>('/__demo/state');
  return state.requests.filter((request) => request.path.startsWith(prefix)).length;
}

async function bigSectionId(): Promise<string> {
  const sections = await client.sections();
  const big = sections.find((section) => section.title === 'Big Library');
  assert.ok(big, `sections: ${sections.map((section) => section.title).join(', ')}`);
  return big.key;
}

test('identity and server info name the demo server', async () => {
  const identity = await client.identity();
  assert.is(identity.machineIdentifier, demo.machineIdentifier);
  const info = await client.serverInfo();
  assert.is(info.friendlyName, demo.name);
  assert.is(info.machineIdentifier, demo.machineIdentifier);
});

test('sections have string keys and known types', async () => {
  const sections = await client.sections();
  assert.ok(sections.length >= 2);
  for (const section of sections) {
    assert.type(section.key, 'string');
    assert.type(section.title, 'string');
  }
  assert.ok(sections.some((section) => section.type === 'movie'));
  assert.ok(sections.some((section) => section.type === 'show'));
});

test('pageSection walks a 10,000-item section lazily, every item once', async () => {
  const sectionId = await bigSectionId();
  const path = `/library/sections/${sectionId}/all`;
  const before = await loggedRequests(path);
  const seen = new Set<string>();
  let count = 0;
  for await (const item of client.pageSection(sectionId, { pageSize: 500 })) {
    seen.add(item.ratingKey);
    count += 1;
  }
  assert.is(count, bigSectionSize);
  assert.is(seen.size, bigSectionSize);
  assert.is((await loggedRequests(path)) - before, bigSectionSize / 500);

  const lazyBefore = await loggedRequests(path);
  let taken = 0;
  for await (const _item of client.pageSection(sectionId, { pageSize: 100 })) if (++taken === 250) break;
  assert.is((await loggedRequests(path)) - lazyBefore, 3, 'only the pages reached were fetched');
});

test('sectionItems reports offset and totalSize', async () => {
  const page = await client.sectionItems(await bigSectionId(), { start: 9_990, size: 50 });
  assert.is(page.offset, 9_990);
  assert.is(page.size, 10);
  assert.is(page.totalSize, bigSectionSize);
});

test('metadata, children, allLeaves and a missing item', async () => {
  const shows = await client.sections().then((sections) => sections.find((section) => section.type === 'show'));
  assert.ok(shows);
  const [show] = (await client.sectionItems(shows.key, { size: 1 })).items;
  assert.ok(show);
  const detail = await client.metadata(show.ratingKey);
  assert.is(detail.title, show.title);
  const seasons = await client.children(show.ratingKey);
  assert.ok(seasons.length > 0);
  assert.ok(seasons.every((season) => season.type === 'season' && typeof season.ratingKey === 'string'));
  const episodes = await client.allLeaves(show.ratingKey);
  assert.ok(episodes.length >= seasons.length);
  assert.ok(episodes.every((episode) => episode.type === 'episode'));
  const many = await client.metadataMany([show.ratingKey, seasons[0]?.ratingKey ?? '']);
  assert.equal(many.map((item) => item.ratingKey), [show.ratingKey, seasons[0]?.ratingKey]);
  const missing = await rejection(client.metadata('987654321'));
  assert.is(missing.code, 'not-found');
  assert.match(missing.message, '987654321');
});

test('play queues: a season from a chosen episode, an episode continuous into its show, read back by id; timelines name the queue entry', async () => {
  const shows = await client.sections().then((sections) => sections.find((section) => section.type === 'show'));
  assert.ok(shows);
  const show = (await client.sectionItems(shows.key)).items.find((item) => item.title === 'Orbital Kitchen');
  assert.ok(show);
  const [season] = await client.children(show.ratingKey);
  assert.ok(season);
  const episodes = await client.children(season.ratingKey);
  const second = episodes[1];
  assert.ok(second, 'the season has two episodes or more');
  const queue = await client.createPlayQueue({ machineIdentifier: demo.machineIdentifier, path: `/library/metadata/${season.ratingKey}`, type: 'video', key: second.key });
  assert.equal(queue.items.map((item) => item.ratingKey), episodes.map((episode) => episode.ratingKey));
  assert.is(queue.playQueueSelectedItemID, queue.items[1]?.playQueueItemID);
  assert.ok(queue.items.every((item) => Number.isInteger(item.playQueueItemID) && (item.Media?.[0]?.Part?.length ?? 0) > 0), 'every entry has its id and its part');
  const continued = await client.createPlayQueue({ machineIdentifier: demo.machineIdentifier, path: second.key, type: 'video', continuous: true });
  const allEpisodes = await client.allLeaves(show.ratingKey);
  assert.equal(continued.items.map((item) => item.ratingKey), allEpisodes.slice(1).map((episode) => episode.ratingKey));
  const alone = await client.createPlayQueue({ machineIdentifier: demo.machineIdentifier, path: second.key, type: 'video' });
  assert.equal(alone.items.map((item) => item.ratingKey), [second.ratingKey]);
  const again = await client.playQueue(queue.playQueueID);
  assert.equal(again.items.map((item) => item.playQueueItemID), queue.items.map((item) => item.playQueueItemID));
  const missing = await rejection(client.playQueue(987654));
  assert.is(missing.code, 'not-found');
  const entry = queue.items[1];
  await client.timeline({ ratingKey: second.ratingKey, key: second.key, state: 'stopped', time: 0, duration: 1000, playQueueItemID: entry?.playQueueItemID, containerKey: `/playQueues/${queue.playQueueID}` });
  const state = await client.request<{ requests: { path: string }[] }>('/__demo/state');
  const timeline = state.requests.map((request) => new URL(request.path, 'http://demo').searchParams).filter((params) => params.has('state')).at(-1);
  assert.is(timeline?.get('playQueueItemID'), String(entry?.playQueueItemID));
  assert.is(timeline?.get('containerKey'), `/playQueues/${queue.playQueueID}`);
});

test('search returns the Metadata of every hub', async () => {
  const results = await client.search('the', 3);
  assert.ok(results.length > 0);
  assert.ok(results.some((item) => item.title === 'Night of the Living Dead'));
});

test('onDeck, continueWatching and recentlyAdded answer lists', async () => {
  for (const list of [await client.onDeck(), await client.continueWatching(), await client.recentlyAdded()]) {
    assert.ok(Array.isArray(list));
    for (const item of list) assert.type(item.ratingKey, 'string');
  }
});

test('scrobble and unscrobble change viewCount', async () => {
  const movies = await client.sections().then((sections) => sections.find((section) => section.title === 'Movies'));
  assert.ok(movies);
  const { items } = await client.sectionItems(movies.key, { unwatched: true, size: 1 });
  const movie = items[0];
  assert.ok(movie, 'an unwatched movie');
  const before = (await client.metadata(movie.ratingKey)).viewCount ?? 0;
  await client.scrobble(movie.ratingKey);
  assert.is((await client.metadata(movie.ratingKey)).viewCount ?? 0, before + 1);
  await client.unscrobble(movie.ratingKey);
  assert.is((await client.metadata(movie.ratingKey)).viewCount ?? 0, 0);
});

test('a wrong token is unauthorized, naming the server', async () => {
  const stranger = new PlexClient({ baseUrl: demo.url, token: 'wrong-token-xyz', serverName: demo.name, identity: testIdentity });
  try {
    const error = await rejection(stranger.sections());
    assert.is(error.code, 'unauthorized');
    assert.is(error.message, `${demo.name} rejected the token (HTTP 401): run plexterm login`);
  } finally {
    stranger.dispose();
  }
});

test('a flaky server (seeded 5xx bursts) is ridden out by retries', () =>
  withDemo({ quirks: { flaky: 0.3 } }, async (server) => {
    const flaky = new PlexClient({ baseUrl: server.url, token: server.token, identity: testIdentity, retries: 6, retryBaseDelayMs: 1 });
    try {
      for (let round = 0; round < 30; round += 1) assert.ok((await flaky.sections()).length > 0);
    } finally {
      flaky.dispose();
    }
  }));

test('PIN sign-in: approved, then the token works for plex.tv and the server', () =>
  withDemo({ pinApproveAfterMs: 50 }, async (server, plexTv) => {
    const pin = await plexTv.createPin();
    const token = await waitForPin(pin, { plexTv, intervalMs: 20 });
    const user = await plexTv.user(token);
    assert.type(user.username, 'string');
    const resources = await plexTv.resources(token);
    const resource = resources.find((entry) => entry.clientIdentifier === server.machineIdentifier);
    assert.ok(resource, 'the demo server is listed');
    assert.is(resource.connections.length, 3);
  }));

test('PIN sign-in: a PIN that expires first is pin-expired', () =>
  withDemo({ pinApproveAfterMs: 600_000, pinLifetimeMs: 100 }, async (_server, plexTv) => {
    const pin = await plexTv.createPin();
    const error = await rejection(waitForPin(pin, { plexTv, intervalMs: 20 }));
    assert.is(error.code, 'pin-expired');
  }));

async function raceOnDemo(connections: DemoServerOptions['connections']) {
  let outcome: { kind?: string; error?: Error & { code?: string }; uris: Record<string, string> } = { uris: {} };
  await withDemo({ connections, slowConnectionDelayMs: 300 }, async (server, plexTv) => {
    const [resource] = (await plexTv.resources(server.token)).filter((entry) => entry.provides.includes('server'));
    assert.ok(resource);
    const racing = raceConnections(resource.connections, { identity: testIdentity, timeoutMs: 2000, serverName: resource.name, machineIdentifier: server.machineIdentifier });
    outcome = await racing.then(
      (winner) => ({ kind: winner.kind, uris: server.connections }),
      (error: unknown) => ({ error: error as Error & { code?: string }, uris: server.connections }),
    );
  });
  return outcome;
}

test('racing: local dead, remote slow, relay live picks remote', async () => {
  const { kind } = await raceOnDemo({ local: 'dead', remote: 'slow', relay: 'live' });
  assert.is(kind, 'remote');
});

test('racing: all live picks local', async () => {
  const { kind } = await raceOnDemo({ local: 'live', remote: 'live', relay: 'live' });
  assert.is(kind, 'local');
});

test('racing: all dead is one error listing all three', async () => {
  const { error, uris } = await raceOnDemo({ local: 'dead', remote: 'dead', relay: 'dead' });
  assert.is(error?.code, 'network');
  for (const [kind, uri] of Object.entries(uris)) assert.match(error?.message ?? '', `${kind} ${uri} (`);
});

test('hubs of the home screen and of a section, each with its items and a key that lists them all', async () => {
  const home = await client.hubs();
  assert.equal(home.map((hub) => hub.title).slice(0, 3), ['Continue Watching', 'On Deck', 'Recently Added Movies']);
  const recent = home.find((hub) => hub.hubIdentifier === 'home.movies.recent');
  assert.ok(recent?.key && recent.more === true);
  const all = await client.items(recent.key);
  assert.equal(all.items.slice(0, recent.Metadata?.length).map((item) => item.ratingKey), recent.Metadata?.map((item) => item.ratingKey));
  const television = await client.hubs({ sectionId: '2' });
  assert.ok(television.length > 0 && television.every((hub) => hub.hubIdentifier?.endsWith('.2')), television.map((hub) => hub.hubIdentifier).join(', '));
});

test('a section\'s real filters, their values and sorts list what the query then finds', async () => {
  const filters = await client.sectionFilters('1');
  assert.ok(['genre', 'year', 'unwatched'].every((name) => filters.some((filter) => filter.filter === name)), filters.map((filter) => filter.filter).join(', '));
  const genre = filters.find((filter) => filter.filter === 'genre');
  const genres = await client.filterValues(genre?.key ?? '');
  const horror = genres.find((value) => value.title === 'Horror');
  assert.ok(horror);
  const found = await client.sectionItems('1', { filters: { genre: horror.key }, sort: 'year:desc' });
  assert.ok(found.items.length > 0);
  for (const item of found.items) assert.ok((await client.metadata(item.ratingKey)).Genre?.some((tag) => tag.tag === 'Horror'), item.title);
  const years = found.items.map((item) => item.year ?? 0);
  assert.equal(years, [...years].sort((a, b) => b - a));
  const sorts = await client.sectionSorts('1');
  assert.ok(sorts.some((sort) => sort.key === 'year' && sort.descKey === 'year:desc'));
});

test('a section\'s collections, and what each holds', async () => {
  const collections = await client.collections('1');
  assert.equal(collections.items.map((collection) => collection.title), ['Silent Era', 'Midnight Horror']);
  const silent = collections.items[0];
  const held = await client.collectionItems(silent?.ratingKey ?? '');
  assert.is(held.items.length, silent?.childCount);
  assert.ok(held.items.every((item) => item.type === 'movie' && (item.year ?? 9999) < 1930));
});

test.run();
