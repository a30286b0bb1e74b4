// Every Plex endpoint of the demo answers JSON that matches the OpenAPI description, XML without Accept, 401/404/400 as Plex.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertResponseMatches, assertSchemaMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, expectStatuses, demoJson, findItem, withDemo } from '../helpers/demoServer.js';

const unauthorizedPage = '<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>';

test('identity needs no token and matches the description', async () => {
  await withDemo({}, async (server) => {
    const body = await demoJson(server, '/identity', { noToken: true });
    assertResponseMatches('/identity', 'get', body);
    assert.is((body as { MediaContainer: { machineIdentifier: string } }).MediaContainer.machineIdentifier, server.machineIdentifier);
  });
});

test('server root and sections match the description', async () => {
  await withDemo({}, async (server) => {
    const root = await demoJson(server, '/');
    assertResponseMatches('/', 'get', root);
    assert.is((root as { MediaContainer: { friendlyName: string } }).MediaContainer.friendlyName, server.name);
    for (const path of ['/library/sections', '/library/sections/all']) {
      const sections = await demoContainer(server, path);
      assertResponseMatches('/library/sections/all', 'get', sections);
      const titles = sections.MediaContainer.Directory?.map((entry) => `${entry.title}:${entry.type}`);
      assert.equal(titles, ['Movies:movie', 'TV Shows:show', 'Music:artist', 'Cache Lab:movie', 'World Cinema:movie']);
    }
  });
});

test('section listings, metadata, children and leaves match the description, with real type numbers and string keys', async () => {
  await withDemo({}, async (server) => {
    for (const [section, type, count] of [['1', 'movie', 8], ['2', 'show', 2], ['3', 'artist', 1], ['4', 'movie', 7]] as const) {
      const list = await demoContainer(server, `/library/sections/${section}/all`);
      assertResponseMatches('/library/sections/{sectionId}/all', 'get', list);
      assert.is(list.MediaContainer.size, count);
      assert.is(list.MediaContainer.totalSize, count);
      assert.is(list.MediaContainer.offset, 0);
      for (const item of list.MediaContainer.Metadata ?? []) {
        assert.is(item.type, type);
        assert.type(item.ratingKey, 'string');
        assert.is(item.librarySectionID, Number(section));
      }
    }
    const episodes = await demoContainer(server, '/library/sections/2/all?type=4');
    assert.is(episodes.MediaContainer.size, 10);
    assert.ok(episodes.MediaContainer.Metadata?.every((item) => item.type === 'episode' && item.grandparentRatingKey && item.parentRatingKey));
    assert.is((await demoContainer(server, '/library/sections/2/all?type=3')).MediaContainer.size, 3);
    assert.is((await demoContainer(server, '/library/sections/3/all?type=9')).MediaContainer.size, 2);
    assert.is((await demoContainer(server, '/library/sections/3/all?type=10')).MediaContainer.size, 5);

    const movie = await findItem(server, 'Movies', 'nosferatu');
    assert.is(movie.key, `/library/metadata/${movie.ratingKey}`);
    const part = movie.Media?.[0]?.Part[0];
    assert.ok(part && /^\/library\/parts\/\d+\/\d+\/file\.mp4$/.test(part.key));
    const one = await demoContainer(server, `/library/metadata/${movie.ratingKey}`);
    assertResponseMatches('/library/metadata/{ids}', 'get', one);

    const show = await findItem(server, 'TV Shows', 'orbital');
    assert.is(show.leafCount, 6);
    assert.is(show.viewedLeafCount, 3);
    assert.is(show.childCount, 2);
    const seasons = await demoContainer(server, `/library/metadata/${show.ratingKey}/children`);
    // The description has no /children; its answer has the shape of every metadata list.
    assertSchemaMatches('MediaContainerWithMetadata', seasons);
    assert.equal(seasons.MediaContainer.Metadata?.map((season) => season.type), ['season', 'season']);
    const leaves = await demoContainer(server, `/library/metadata/${show.ratingKey}/allLeaves`);
    assertResponseMatches('/library/metadata/{ids}/allLeaves', 'get', leaves);
    assert.is(leaves.MediaContainer.size, 6);
    const both = await demoContainer(server, `/library/metadata/${movie.ratingKey},${show.ratingKey}`);
    assert.equal(both.MediaContainer.Metadata?.map((item) => item.ratingKey), [movie.ratingKey, show.ratingKey]);

    const artist = await findItem(server, 'Music');
    const tracks = await demoContainer(server, `/library/metadata/${artist.ratingKey}/allLeaves`);
    assertResponseMatches('/library/metadata/{ids}/allLeaves', 'get', tracks);
    assert.ok(tracks.MediaContainer.Metadata?.every((track) => track.type === 'track' && track.Media?.[0]?.container === 'mp3'));
  });
});

test('hubs: search, continue watching; lists: on deck, recently added', async () => {
  await withDemo({}, async (server) => {
    const search = await demoContainer(server, '/hubs/search?query=the&limit=10');
    assertResponseMatches('/hubs/search', 'get', search);
    const movies = search.MediaContainer.Hub?.find((hub) => hub.hubIdentifier === 'movie');
    assert.ok(movies && movies.size >= 4);
    const genres = await demoContainer(server, '/hubs/search?query=horror');
    assert.ok(genres.MediaContainer.Hub?.find((hub) => hub.hubIdentifier === 'genre')?.Directory?.length);
    assert.is((await demoFetch(server, '/hubs/search')).status, 400);

    const hub = await demoContainer(server, '/hubs/continueWatching');
    assertResponseMatches('/hubs/continueWatching', 'get', hub);
    const items = await demoContainer(server, '/hubs/continueWatching/items');
    const deck = await demoContainer(server, '/library/onDeck');
    const recent = await demoContainer(server, '/library/recentlyAdded');
    // Not in the description: validated as the metadata lists they are.
    for (const list of [items, deck, recent]) assertSchemaMatches('MediaContainerWithMetadata', list);
    assert.ok(deck.MediaContainer.size >= 3);
    assert.equal(items.MediaContainer.Metadata?.map((item) => item.ratingKey), deck.MediaContainer.Metadata?.map((item) => item.ratingKey));
    assert.equal(hub.MediaContainer.Hub?.[0]?.Metadata?.map((item) => item.ratingKey), deck.MediaContainer.Metadata?.map((item) => item.ratingKey));
    assert.ok(deck.MediaContainer.Metadata?.every((item) => item.type === 'movie' || item.type === 'episode'));
    assert.is(recent.MediaContainer.Metadata?.[0]?.title, 'Plan 9 from Outer Space');
  });
});

test('XML without Accept: application/json', async () => {
  await withDemo({}, async (server) => {
    const response = await demoFetch(server, '/library/sections/1/all', { xml: true });
    assert.is(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /xml/);
    const text = await response.text();
    assert.match(text, /<MediaContainer size="8" totalSize="8" offset="0"/);
    assert.match(text, /<Video ratingKey="\d+" key="\/library\/metadata\/\d+"/);
    assert.match(text, /<Part id="\d+" key="\/library\/parts\//);
  });
});

test('a missing or wrong token gets the HTML 401 page, in the header or the query', async () => {
  await withDemo({}, async (server) => {
    const attempts = [
      demoFetch(server, '/library/sections', { noToken: true }),
      demoFetch(server, '/library/sections', { noToken: true, headers: { 'X-Plex-Token': 'wrong' } }),
      demoFetch(server, '/library/sections?X-Plex-Token=wrong', { noToken: true }),
      demoFetch(server, '/library/parts/1/1/file.mkv', { noToken: true }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.is(response.status, 401);
      assert.is(response.headers.get('content-type'), 'text/html');
      assert.is(await response.text(), unauthorizedPage);
    }
    const byQuery = await demoFetch(server, `/library/sections?X-Plex-Token=${server.token}`, { noToken: true });
    assert.is(byQuery.status, 200);
    await byQuery.arrayBuffer();
  });
});

test('bad requests never crash the server: 404 for unknown paths and items, 400 for bad parameters', async () => {
  await withDemo({}, async (server) => {
    const expectations: [string, number][] = [
      ['/nothing/here', 404],
      ['/library/metadata/999999', 404],
      ['/library/metadata/101,999999', 404],
      ['/library/sections/99/all', 404],
      ['/library/parts/999999/1/file.mkv', 404],
      ['/library/sections/1/all?X-Plex-Container-Start=-1', 400],
      ['/library/sections/1/all?X-Plex-Container-Size=ten', 400],
      ['/library/sections/1/all?sort=nonsense', 400],
      ['/library/sections/1/all?type=77', 400],
      ['/%E0%A4%A', 404],
    ];
    await expectStatuses(server, expectations);
    const headerPaging = await demoFetch(server, '/library/sections/1/all', { headers: { 'X-Plex-Container-Size': 'x' } });
    assert.is(headerPaging.status, 400);
    await headerPaging.arrayBuffer();
    assert.is((await demoFetch(server, '/identity')).status, 200);
  });
});

test.run();
