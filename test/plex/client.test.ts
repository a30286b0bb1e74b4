import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlexClient } from '../../src/plex/client.js';
import { MediaType, type PlexMetadata } from '../../src/plex/models.js';
import { container, sendJson, sendText, startTestServer, testIdentity, type TestHandler, type TestServer } from '../helpers/plexTestServer.js';

const sectionSize = 25;

function movie(index: number): PlexMetadata {
  return { ratingKey: String(1000 + index), key: `/library/metadata/${1000 + index}`, type: 'movie', title: `Movie ${index}`, year: 2000 + index };
}

const library: TestHandler = (request, response) => {
  const path = request.path;
  if (path === '/library/sections') {
    sendJson(response, 200, container({ size: 1, Directory: [{ key: '1', title: 'Movies', type: 'movie', uuid: 'u1' }] }));
  } else if (path === '/library/sections/1/all') {
    const start = Number(request.query.get('X-Plex-Container-Start') ?? 0);
    const size = Number(request.query.get('X-Plex-Container-Size') ?? sectionSize);
    const items = Array.from({ length: sectionSize }, (_, index) => movie(index)).slice(start, start + size);
    sendJson(response, 200, container({ size: items.length, offset: start, totalSize: sectionSize, Metadata: items }));
  } else if (path === '/library/metadata/1001') {
    sendJson(response, 200, container({ size: 1, Metadata: [movie(1)] }));
  } else if (path === '/library/metadata/1001,1002') {
    sendJson(response, 200, container({ size: 2, Metadata: [movie(1), movie(2)] }));
  } else if (path === '/library/metadata/7/children' || path === '/library/metadata/7/allLeaves') {
    sendJson(response, 200, container({ size: 1, Metadata: [{ ratingKey: 8, key: '/library/metadata/8', type: 'season', title: 'Season 1' }] }));
  } else if (path === '/hubs/search') {
    sendJson(response, 200, container({
      size: 3,
      Hub: [
        { title: 'Movies', type: 'movie', hubIdentifier: 'movie', Metadata: [movie(3), movie(4)] },
        { title: 'Actors', type: 'actor', hubIdentifier: 'actor', Directory: [{ tag: 'Somebody' }] },
        { title: 'Shows', type: 'show', hubIdentifier: 'show', Metadata: [{ ratingKey: '7', key: '/library/metadata/7/children', type: 'show', title: 'Show' }] },
      ],
    }));
  } else if (path === '/library/onDeck' || path === '/library/recentlyAdded') {
    sendJson(response, 200, container({ size: 1, Metadata: [movie(5)] }));
  } else if (path === '/hubs/continueWatching') {
    sendJson(response, 200, container({ size: 1, Hub: [{ title: 'Continue Watching', type: 'mixed', Metadata: [movie(6)] }] }));
  } else if (path === '/:/scrobble' || path === '/:/unscrobble') {
    response.writeHead(200).end();
  } else if (path === '/:/timeline') {
    const stopped = request.query.get('state') === 'stopped';
    sendJson(response, 200, container(stopped ? {} : { terminationCode: 2001, terminationText: 'Stopped by the server owner' }));
  } else {
    sendText(response, 404, 'Not Found');
  }
};

async function withLibrary(run: (client: PlexClient, server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(library);
  const client = new PlexClient({ baseUrl: `${server.url}/`, token: 'library-token', identity: testIdentity, retryBaseDelayMs: 1 });
  try {
    await run(client, server);
  } finally {
    client.dispose();
    await server.close();
  }
}

test('real MediaType numbers', () => {
  assert.equal([MediaType.movie, MediaType.show, MediaType.season, MediaType.episode, MediaType.artist, MediaType.album, MediaType.track], [1, 2, 3, 4, 8, 9, 10]);
});

test('baseUrl loses its trailing slash', () =>
  withLibrary(async (client, server) => {
    assert.is(client.baseUrl, server.url);
  }));

test('sections come from Directory, with string keys', () =>
  withLibrary(async (client) => {
    const sections = await client.sections();
    assert.equal(sections.map((section) => [section.key, section.title]), [['1', 'Movies']]);
  }));

test('sectionItems sends paging and filters, and reads the page', () =>
  withLibrary(async (client, server) => {
    const page = await client.sectionItems('1', { start: 10, size: 5, sort: 'year:desc', unwatched: true, type: MediaType.movie, title: 'Mov' });
    assert.equal({ offset: page.offset, size: page.size, totalSize: page.totalSize }, { offset: 10, size: 5, totalSize: sectionSize });
    assert.is(page.items[0]?.title, 'Movie 10');
    const query = server.requests.at(-1)?.query;
    assert.is(query?.get('X-Plex-Container-Start'), '10');
    assert.is(query?.get('X-Plex-Container-Size'), '5');
    assert.is(query?.get('sort'), 'year:desc');
    assert.is(query?.get('unwatched'), '1');
    assert.is(query?.get('type'), '1');
    assert.is(query?.get('title'), 'Mov');
  }));

test('pageSection yields every item once, fetching pages lazily', () =>
  withLibrary(async (client, server) => {
    const seen: string[] = [];
    for await (const item of client.pageSection('1', { pageSize: 10 })) seen.push(item.ratingKey);
    assert.is(seen.length, sectionSize);
    assert.is(new Set(seen).size, sectionSize);
    assert.is(server.count('/library/sections/1/all'), 3);

    const before = server.count('/library/sections/1/all');
    const iterable = client.pageSection('1', { pageSize: 10 });
    assert.is(server.count('/library/sections/1/all'), before, 'nothing fetched before iterating');
    let taken = 0;
    for await (const _item of iterable) if (++taken === 10) break;
    assert.is(server.count('/library/sections/1/all'), before + 1, 'only the first page was fetched');
  }));

test('pageSection honours start and size as a total limit', () =>
  withLibrary(async (client) => {
    const titles: string[] = [];
    for await (const item of client.pageSection('1', { start: 20, size: 3, pageSize: 2 })) titles.push(item.title);
    assert.equal(titles, ['Movie 20', 'Movie 21', 'Movie 22']);
  }));

test('metadata, metadataMany, children and allLeaves', () =>
  withLibrary(async (client) => {
    assert.is((await client.metadata('1001')).title, 'Movie 1');
    assert.equal((await client.metadataMany(['1001', '1002'])).map((item) => item.ratingKey), ['1001', '1002']);
    assert.equal(await client.metadataMany([]), []);
    const [season] = await client.children('7');
    assert.is(season?.ratingKey, '8', 'a numeric ratingKey is turned into a string');
    assert.is((await client.allLeaves('7')).length, 1);
  }));

test('metadata of a missing item is not-found naming the ratingKey and host', () =>
  withLibrary(async (client) => {
    try {
      await client.metadata('999');
      assert.unreachable();
    } catch (error) {
      const failure = error as Error & { code: string };
      assert.is(failure.code, 'not-found');
      assert.match(failure.message, /^127\.0\.0\.1:\d+ has no item with ratingKey 999$/);
    }
  }));

test('search flattens the Metadata of every hub, in hub order', () =>
  withLibrary(async (client, server) => {
    const results = await client.search('mov', 5);
    assert.equal(results.map((item) => item.title), ['Movie 3', 'Movie 4', 'Show']);
    const query = server.requests.at(-1)?.query;
    assert.is(query?.get('query'), 'mov');
    assert.is(query?.get('limit'), '5');
  }));

test('onDeck, continueWatching and recentlyAdded', () =>
  withLibrary(async (client) => {
    assert.is((await client.onDeck())[0]?.title, 'Movie 5');
    assert.is((await client.continueWatching())[0]?.title, 'Movie 6');
    assert.is((await client.recentlyAdded())[0]?.title, 'Movie 5');
  }));

test('hubs, filters, sorts and filter values: what cannot be shown is left out with one warning per list, the rest kept', async () => {
  const server = await startTestServer((request, response) => {
    if (request.path === '/hubs') {
      sendJson(response, 200, container({ size: 4, Hub: [
        { title: 'Continue Watching', type: 'mixed', hubIdentifier: 'home.continue', key: '/hubs/continueWatching/items', size: '2', more: false, Metadata: [movie(1), { key: '/library/metadata/x', title: 'no ratingKey' }] },
        { type: 'movie', hubIdentifier: 'untitled', Metadata: [movie(2)] },
        'not a hub',
        { title: 'Recently Added', type: 'movie', hubIdentifier: 'home.recent', Metadata: [movie(3)] },
      ] }));
    } else if (request.path === '/library/sections/1/filters') {
      sendJson(response, 200, container({ size: 2, Directory: [{ filter: 'genre', filterType: 'string', key: '/library/sections/1/genre', title: 'Genre' }, { title: 'No parameter' }] }));
    } else if (request.path === '/library/sections/1/sorts') {
      sendJson(response, 200, container({ size: 1, Directory: [{ key: 'year', descKey: 'year:desc', title: 'Year', defaultDirection: 'desc' }] }));
    } else if (request.path === '/library/sections/1/genre') {
      sendJson(response, 200, container({ size: 2, Directory: [{ key: 17, title: 'Drama' }, { title: 'keyless' }] }));
    } else sendText(response, 404, 'Not Found');
  });
  const warnings: string[] = [];
  const client = new PlexClient({ baseUrl: server.url, token: 'hub-token', identity: testIdentity, retryBaseDelayMs: 1, onMalformed: (warning) => warnings.push(warning) });
  try {
    const hubs = await client.hubs({ count: 5 });
    assert.equal(hubs.map((hub) => [hub.title, hub.size, (hub.Metadata ?? []).map((item) => item.title)]), [['Continue Watching', 2, ['Movie 1']], ['Recently Added', undefined, ['Movie 3']]]);
    assert.is(server.requests.at(-1)?.query.get('count'), '5');
    assert.equal(warnings.map((warning) => warning.replace(/^.* sent /, '')), ['2 hubs without a usable title (GET /hubs); left out, showing the rest', '1 item without a usable ratingKey (GET /hubs); left out, showing the rest']);
    assert.equal((await client.sectionFilters('1')).map((filter) => filter.filter), ['genre']);
    assert.equal((await client.sectionSorts('1')).map((sort) => [sort.key, sort.descKey]), [['year', 'year:desc']]);
    assert.equal((await client.filterValues('/library/sections/1/genre')).map((value) => [value.key, value.title]), [['17', 'Drama']]);
    await client.sectionItems('1', { filters: { genre: '17' }, sort: 'year:desc' }).catch(() => undefined);
    assert.is(server.requests.at(-1)?.query.get('genre'), '17');
    assert.is(server.requests.at(-1)?.query.get('sort'), 'year:desc');
  } finally {
    client.dispose();
    await server.close();
  }
});

test('scrobble and unscrobble send GET with key and the library identifier', () =>
  withLibrary(async (client, server) => {
    await client.scrobble('1001');
    await client.unscrobble('1001');
    const [scrobble, unscrobble] = server.requests.slice(-2);
    assert.is(scrobble?.method, 'GET');
    assert.is(scrobble?.path, '/:/scrobble');
    assert.is(scrobble?.query.get('key'), '1001');
    assert.is(scrobble?.query.get('identifier'), 'com.plexapp.plugins.library');
    assert.is(unscrobble?.path, '/:/unscrobble');
  }));

test('timeline reports the state and returns a termination when the server sends one', () =>
  withLibrary(async (client, server) => {
    const playing = await client.timeline({ ratingKey: '1001', key: '/library/metadata/1001', state: 'playing', time: 1500.4, duration: 60000, offline: false });
    assert.is(playing.terminationCode, 2001);
    assert.is(playing.terminationText, 'Stopped by the server owner');
    const query = server.requests.at(-1)?.query;
    assert.equal(
      [query?.get('ratingKey'), query?.get('key'), query?.get('state'), query?.get('time'), query?.get('duration'), query?.get('offline'), query?.get('identifier')],
      ['1001', '/library/metadata/1001', 'playing', '1500', '60000', '0', 'com.plexapp.plugins.library'],
    );
    const stopped = await client.timeline({ ratingKey: '1001', key: '/library/metadata/1001', state: 'stopped', time: 0, duration: 60000 });
    assert.is(stopped.terminationCode, undefined);
  }));

test('many requests at once on one client work without leak warnings', () =>
  withLibrary(async (client) => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const results = await Promise.all(Array.from({ length: 30 }, () => client.sections()));
      assert.is(results.length, 30);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(warnings, []);
    } finally {
      process.off('warning', onWarning);
    }
  }));

test('request is an escape hatch returning the parsed body', () =>
  withLibrary(async (client) => {
    const body = await client.request<{ MediaContainer: { Directory: unknown[] } }>('/library/sections');
    assert.is(body.MediaContainer.Directory.length, 1);
  }));

test.run();
