// Hubs: the home screen's (GET /hubs) and a section's (GET /hubs/sections/{id}), as a real server shapes them, in XML and JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, withDemo, type ContainerJson } from '../helpers/demoServer.js';
import { assertShape, fixture, xmlAndJson } from '../helpers/demoXml.js';

interface HubJson {
  hubIdentifier: string;
  title: string;
  type: string;
  key: string;
  hubKey: string;
  size: number;
  more: boolean;
  Metadata?: { ratingKey: string; type: string; librarySectionID?: number }[];
}

function hubsOf(body: unknown): HubJson[] {
  return ((body as { MediaContainer: { Hub?: HubJson[] } }).MediaContainer.Hub ?? []);
}

test('GET /hubs: Continue Watching, On Deck and Recently Added per type, the same in XML and JSON, shaped like the real server', async () => {
  await withDemo({}, async (server) => {
    const { xml, json } = await xmlAndJson(server, '/hubs');
    assertShape(xml, fixture('hubs.xml'));
    assertResponseMatches('/hubs', 'get', json);
    const hubs = hubsOf(json);
    assert.equal(hubs.map((hub) => hub.hubIdentifier), ['home.continue', 'home.ondeck', 'home.movies.recent', 'home.television.recent', 'home.music.recent']);
    const byId = new Map(hubs.map((hub) => [hub.hubIdentifier, hub]));
    assert.equal(byId.get('home.continue')?.Metadata?.map((item) => item.ratingKey), ['111', '103', '126'], 'in progress, most recently viewed first');
    assert.ok(byId.get('home.movies.recent')?.Metadata?.every((item) => item.type === 'movie'));
    assert.ok(byId.get('home.television.recent')?.Metadata?.every((item) => item.type === 'season'));
    assert.equal(byId.get('home.music.recent')?.Metadata?.map((item) => item.type), ['album', 'album']);
    for (const hub of hubs) {
      assert.is(hub.size, hub.Metadata?.length ?? 0, hub.hubIdentifier);
      // Every key answers and lists at least what the hub shows, in the same order.
      const list = await demoContainer(server, hub.key);
      const shown = hub.Metadata?.map((item) => item.ratingKey) ?? [];
      assert.equal(list.MediaContainer.Metadata?.slice(0, shown.length).map((item) => item.ratingKey), shown, hub.key);
      assert.is(hub.more, list.MediaContainer.size > shown.length, `${hub.hubIdentifier} more`);
      if (shown.length > 0) assert.is(hub.hubKey, `/library/metadata/${shown.join(',')}`);
    }
  });
});

test('GET /hubs?count=2 shows two items per hub and says there are more', async () => {
  await withDemo({}, async (server) => {
    const hubs = hubsOf(await demoContainer(server, '/hubs?count=2'));
    const movies = hubs.find((hub) => hub.hubIdentifier === 'home.movies.recent');
    assert.is(movies?.size, 2);
    assert.is(movies?.more, true);
    const music = hubs.find((hub) => hub.hubIdentifier === 'home.music.recent');
    assert.is(music?.more, false);
    assert.is((await demoFetch(server, '/hubs?count=many').then(async (response) => { await response.arrayBuffer(); return response.status; })), 400);
    const only = hubsOf(await demoContainer(server, '/hubs?identifier=home.ondeck'));
    assert.equal(only.map((hub) => hub.hubIdentifier), ['home.ondeck']);
  });
});

test('GET /hubs/sections/{id}: each section\'s on deck and recently added, only its own items; 400 for a section it does not have', async () => {
  await withDemo({}, async (server) => {
    const { xml, json } = await xmlAndJson(server, '/hubs/sections/2');
    assertShape(xml, fixture('hubs-section.xml'));
    const tv = hubsOf(json);
    assert.equal(tv.map((hub) => hub.hubIdentifier), ['tv.ondeck.2', 'tv.recentlyadded.2']);
    assert.equal(tv[0]?.Metadata?.map((item) => item.ratingKey), ['126']);
    for (const [section, identifiers] of [['1', ['movie.inprogress.1', 'movie.recentlyadded.1']], ['3', ['music.recent.played.3', 'music.recentlyadded.3']]] as const) {
      const hubs = hubsOf(await demoContainer(server, `/hubs/sections/${section}`));
      assert.equal(hubs.map((hub) => hub.hubIdentifier), [...identifiers]);
      for (const hub of hubs) {
        assert.ok((hub.Metadata ?? []).every((item) => item.librarySectionID === Number(section)), hub.hubIdentifier);
        // A hub shows the head of the listing at its key; `more` says whether the listing goes on.
        const list: ContainerJson = await demoContainer(server, hub.key);
        const shown = (hub.Metadata ?? []).map((item) => item.ratingKey);
        const listed = (list.MediaContainer.Metadata ?? []).map((item) => item.ratingKey);
        assert.equal(listed.slice(0, shown.length), shown, hub.key);
        assert.is(Boolean(hub.more), listed.length > shown.length, `${hub.key}: more`);
      }
    }
    const missing = await demoFetch(server, '/hubs/sections/99');
    assert.is(missing.status, 400);
    await missing.arrayBuffer();
  });
});

test('GET /hubs/search: every hub carries a key (its hubKey) that answers with the items it shows; XML and JSON agree', async () => {
  await withDemo({}, async (server) => {
    const { json } = await xmlAndJson(server, '/hubs/search?query=the&limit=3');
    for (const hub of hubsOf(json).filter((entry) => entry.type !== 'genre')) {
      assert.type(hub.key, 'string', hub.hubIdentifier);
      assert.is(hub.key, hub.hubKey);
      if (hub.size === 0) continue;
      const list = await demoContainer(server, hub.key);
      assert.equal(list.MediaContainer.Metadata?.map((item) => item.ratingKey), hub.Metadata?.map((item) => item.ratingKey));
    }
    await xmlAndJson(server, '/hubs/continueWatching/items');
    await xmlAndJson(server, '/hubs/continueWatching');
  });
});

test.run();
