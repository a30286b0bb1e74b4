// The demo's two collections as the real server lists them: /library/sections/N/collections, /all?type=18,
// /library/collections/K and its /children (and /items), Collection tags on members and the collection= filter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertResponseMatches, assertSchemaMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, demoJson, expectStatuses, withDemo, type ContainerJson } from '../helpers/demoServer.js';
import { assertConforms, fetchBoth, xmlParityProblem } from '../helpers/plexXml.js';

interface CollectionJson {
  ratingKey: string;
  key: string;
  type: string;
  title: string;
  subtype: string;
  childCount: number;
  minYear: number;
  maxYear: number;
  smart: boolean;
}

interface CollectionsJson {
  MediaContainer: { size: number; Metadata: CollectionJson[]; Meta?: { Type: { type: string; key: string }[] } };
}

interface TaggedJson {
  title: string;
  Collection?: { id: number; filter: string; tag: string }[];
  Genre?: { id: number; filter: string; tag: string }[];
}

const titles = (list: ContainerJson): string[] => list.MediaContainer.Metadata?.map((item) => item.title) ?? [];

test('the Movies section has two collections, listed as the real server lists them, in XML and JSON', async () => {
  await withDemo({}, async (server) => {
    const { json } = await assertConforms(server, '/library/sections/1/collections', 'section-collections.xml');
    assertResponseMatches('/library/sections/{sectionId}/collections', 'get', json);
    const collections = (json as CollectionsJson).MediaContainer.Metadata;
    assert.equal(collections.map((collection) => `${collection.title}:${collection.childCount}:${collection.minYear}-${collection.maxYear}`), ['Silent Era:4:1921-1927', 'Midnight Horror:3:1922-1968']);
    assert.ok(collections.every((collection) => collection.type === 'collection' && collection.subtype === 'movie' && collection.smart === false));
    assert.ok(collections.every((collection) => collection.key === `/library/collections/${collection.ratingKey}/children`));
    // python-plexapi asks for collections as a search of type 18.
    const byType = (await demoJson(server, '/library/sections/1/all?type=18&includeGuids=1')) as CollectionsJson;
    assert.equal(byType.MediaContainer.Metadata.map((collection) => collection.ratingKey), collections.map((collection) => collection.ratingKey));
    const sorted = (await demoJson(server, '/library/sections/1/collections?sort=titleSort')) as CollectionsJson;
    assert.equal(sorted.MediaContainer.Metadata.map((collection) => collection.title), ['Midnight Horror', 'Silent Era']);
    const meta = (await demoJson(server, '/library/sections/1/collections?includeMeta=1&X-Plex-Container-Size=0')) as CollectionsJson;
    assert.equal(meta.MediaContainer.Meta?.Type.map((type) => `${type.type} ${type.key}`), ['collection /library/sections/1/collections']);
    for (const section of ['2', '3', '5']) assert.is((await demoContainer(server, `/library/sections/${section}/collections`)).MediaContainer.size, 0);
  });
});

test('a collection lists its members in its own order at /children and /items; its metadata answers at both keys', async () => {
  await withDemo({}, async (server) => {
    const collections = (await demoJson(server, '/library/sections/1/collections')) as CollectionsJson;
    const silent = collections.MediaContainer.Metadata[0];
    assert.ok(silent);
    const { json } = await assertConforms(server, silent.key, 'collection-children.xml');
    assertSchemaMatches('MediaContainerWithMetadata', json);
    assert.equal(titles(json as ContainerJson), ['The Kid', 'Nosferatu', 'The General', 'Metropolis']);
    assert.equal(titles(await demoContainer(server, `/library/collections/${silent.ratingKey}/items`)), titles(json as ContainerJson));
    assertResponseMatches('/library/collections/{collectionId}/items', 'get', await demoJson(server, `/library/collections/${silent.ratingKey}/items`));
    assert.equal(titles(await demoContainer(server, `/library/metadata/${silent.ratingKey}/children`)), titles(json as ContainerJson));
    assert.equal(titles(await demoContainer(server, `${silent.key}?sort=year:desc&X-Plex-Container-Size=2`)), ['Metropolis', 'The General']);
    for (const path of [`/library/metadata/${silent.ratingKey}`, `/library/collections/${silent.ratingKey}`]) {
      const one = (await demoJson(server, path)) as CollectionsJson;
      assert.equal(one.MediaContainer.Metadata.map((collection) => collection.title), ['Silent Era'], path);
    }
    const movie = (await demoContainer(server, '/library/sections/1/all?title=metropolis')).MediaContainer.Metadata?.[0];
    await expectStatuses(server, [['/library/collections/999999/children', 404], [`/library/collections/${movie?.ratingKey ?? ''}/children`, 404], ['/library/collections/999999', 404]]);
  });
});

test('members carry Collection tags whose filter lists the collection; collection= filters by id or title', async () => {
  await withDemo({}, async (server) => {
    const nosferatu = (await demoContainer(server, '/library/sections/1/all?title=nosferatu')).MediaContainer.Metadata?.[0] as TaggedJson | undefined;
    assert.equal(nosferatu?.Collection?.map((tag) => tag.tag), ['Silent Era', 'Midnight Horror']);
    const horror = nosferatu?.Collection?.[1];
    assert.ok(horror);
    assert.equal(titles(await demoContainer(server, `/library/sections/1/all?${horror.filter}`)), ['Night of the Living Dead', 'Nosferatu', 'Plan 9 from Outer Space']);
    assert.equal(titles(await demoContainer(server, '/library/sections/1/all?collection=silent%20era&year>>=1921')), ['Nosferatu', 'The General', 'Metropolis']);
    assert.equal(titles(await demoContainer(server, `/library/sections/1/all?collection!=${horror.id}&collection!=Silent%20Era`)), ['His Girl Friday', 'Charade']);
    // Genre tags carry their id and filter the same way.
    const genre = nosferatu?.Genre?.[0];
    assert.ok(genre && genre.filter === `genre=${genre.id}`);
    const choices = (await demoJson(server, '/library/sections/1/collection')) as { MediaContainer: { Directory: { key: string; title: string }[] } };
    assert.equal(choices.MediaContainer.Directory.map((entry) => entry.title), ['Midnight Horror', 'Silent Era']);
    assert.is(choices.MediaContainer.Directory[0]?.key, String(horror.id));
  });
});

test('collections are no titles of their own: not on deck, not recently added, not in /__demo/state; ratingKeys of the catalogue unchanged', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const collections = (await demoJson(server, '/library/sections/1/collections')) as CollectionsJson;
    const keys = new Set(collections.MediaContainer.Metadata.map((collection) => collection.ratingKey));
    for (const path of ['/library/recentlyAdded', '/library/onDeck', '/library/sections/1/all', '/library/all']) {
      const list = await demoContainer(server, path);
      assert.not.ok(list.MediaContainer.Metadata?.some((item) => keys.has(item.ratingKey)), path);
    }
    const state = (await (await demoFetch(server, '/__demo/state')).json()) as { items: Record<string, unknown> };
    assert.not.ok([...keys].some((key) => key in state.items));
    // The episode the extension tests know by number is still 126.
    assert.is(((await demoJson(server, '/library/metadata/126')) as ContainerJson).MediaContainer.Metadata?.[0]?.title, 'Re-entry Roast');
    for (const path of ['/library/sections/1/collections', `/library/collections/${[...keys][1] ?? ''}/children`]) {
      const both = await fetchBoth(server, path);
      assert.is(xmlParityProblem(both.json, both.xml), undefined, path);
    }
  });
});

test.run();
