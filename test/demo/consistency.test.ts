// What every answer of the demo keeps, as a real server's does: size, totalSize and offset on every MediaContainer; numbers
// as numbers in JSON and the same data in XML; guid and Guid, librarySection* and the parent fields on items; flags the
// demo ignores (includeChildren, checkFiles...) change nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { demoContainer, demoFetch, withDemo, type ContainerJson } from '../helpers/demoServer.js';
import { fetchBoth, parseXml, xmlParityProblem } from '../helpers/plexXml.js';

/** One of each kind of answer: server, library, sections, listings, metadata, hubs, collections. */
const paths = [
  '/', '/identity', '/library', '/library/sections', '/library/sections/1', '/library/sections/1/all', '/library/sections/1/all?includeMeta=1',
  '/library/sections/2/all?type=4', '/library/sections/3/all?type=10', '/library/sections/4/all', '/library/sections/5/all',
  '/library/sections/1/filters', '/library/sections/1/sorts', '/library/sections/1/genre', '/library/sections/1/firstCharacter',
  '/library/sections/1/collections', '/library/sections/1/unwatched', '/library/metadata/116', '/library/metadata/116/children', '/library/metadata/116/allLeaves',
  '/library/onDeck', '/library/recentlyAdded', '/library/all?type=1', '/hubs/search?query=the', '/hubs/continueWatching', '/hubs/continueWatching/items',
];

/** Fields that are numbers in the real server's JSON wherever they appear. */
const numberFields = new Set([
  'size', 'totalSize', 'offset', 'librarySectionID', 'index', 'parentIndex', 'year', 'duration', 'addedAt', 'updatedAt', 'viewCount', 'viewOffset',
  'lastViewedAt', 'leafCount', 'viewedLeafCount', 'childCount', 'rating', 'bitrate', 'width', 'height', 'audioChannels', 'minYear', 'maxYear', 'mediaTagVersion', 'createdAt',
]);
/** Fields that are strings even though they hold digits. */
const stringFields = new Set(['ratingKey', 'key', 'parentRatingKey', 'grandparentRatingKey', 'guid', 'title', 'machineIdentifier']);

function wrongTypes(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) value.forEach((entry, index) => wrongTypes(entry, `${path}[${index}]`, problems));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [key, field] of Object.entries(value)) {
    if (numberFields.has(key) && typeof field !== 'number') problems.push(`${path}.${key} = ${JSON.stringify(field)}`);
    if (stringFields.has(key) && typeof field !== 'string') problems.push(`${path}.${key} = ${JSON.stringify(field)}`);
    wrongTypes(field, `${path}.${key}`, problems);
  }
}

test('every MediaContainer says size, totalSize and offset, as numbers in JSON and in the XML too', async () => {
  await withDemo({}, async (server) => {
    for (const path of paths) {
      const both = await fetchBoth(server, path);
      const container = (both.json as { MediaContainer: Record<string, unknown> }).MediaContainer;
      for (const field of ['size', 'totalSize', 'offset']) assert.type(container[field], 'number', `${path} ${field}`);
      const xml = parseXml(both.xml);
      assert.is(xml.attributes.totalSize, String(container.totalSize), path);
      assert.is(xml.attributes.offset, String(container.offset), path);
    }
  });
});

test('numbers are numbers and ratingKeys strings in JSON; the XML answer holds the same data', async () => {
  await withDemo({}, async (server) => {
    for (const path of paths) {
      const both = await fetchBoth(server, path);
      const problems: string[] = [];
      wrongTypes(both.json, path, problems);
      assert.equal(problems, [], problems.join('\n'));
      assert.is(xmlParityProblem(both.json, both.xml), undefined, path);
    }
  });
});

async function everyItem(server: DemoServer): Promise<NonNullable<ContainerJson['MediaContainer']['Metadata']>> {
  const listings = ['/library/sections/1/all', '/library/sections/2/all', '/library/sections/2/all?type=3', '/library/sections/2/all?type=4', '/library/sections/3/all', '/library/sections/3/all?type=9', '/library/sections/3/all?type=10', '/library/sections/5/all'];
  const items = [];
  for (const listing of listings) items.push(...((await demoContainer(server, listing)).MediaContainer.Metadata ?? []));
  return items;
}

test('items carry guid and Guid children, librarySectionID, Title and Key; episodes and tracks their parents and indexes', async () => {
  await withDemo({}, async (server) => {
    const items = (await everyItem(server)) as (NonNullable<ContainerJson['MediaContainer']['Metadata']>[number] & Record<string, unknown>)[];
    assert.ok(items.length > 40);
    for (const item of items) {
      const label = `${item.type} ${item.ratingKey}`;
      assert.type(item.guid, 'string', label);
      const guids = (item.Guid ?? []) as { id: string }[];
      assert.ok(guids.length > 0 && guids.every((guid) => /^(imdb|tmdb|tvdb|mbid):\/\/./.test(guid.id)), label);
      assert.type(item.librarySectionID, 'number', label);
      assert.type(item.librarySectionTitle, 'string', label);
      assert.is(item.librarySectionKey, `/library/sections/${item.librarySectionID}`, label);
      if (item.type === 'episode' || item.type === 'track') {
        for (const field of ['parentRatingKey', 'grandparentRatingKey']) assert.type(item[field], 'string', `${label} ${field}`);
        for (const field of ['parentIndex', 'index']) assert.type(item[field], 'number', `${label} ${field}`);
      }
    }
    const movie = items.find((item) => item.type === 'movie');
    assert.ok(((movie?.Guid ?? []) as { id: string }[]).some((guid) => guid.id.startsWith('imdb://')));
    const episode = items.find((item) => item.type === 'episode');
    assert.ok(((episode?.Guid ?? []) as { id: string }[]).some((guid) => guid.id.startsWith('tvdb://')));
  });
});

const ignoredFlags = 'includeChildren=1&includeExtras=1&includeRelated=1&includeRelatedCount=5&checkFiles=1&includeConcerts=1&includeGuids=1&includeExternalMedia=1'
  + '&asyncAugmentMetadata=1&includePreferences=1&includeReviews=1&includeOnDeck=1&includeChapters=1&includePopularLeaves=1&includeCollections=1&includeAdvanced=1';

test('flags the demo ignores never break an answer: the same items with and without them', async () => {
  await withDemo({}, async (server) => {
    for (const path of ['/library/metadata/103', '/library/metadata/116', '/library/metadata/116/children', '/library/sections/1/all', '/library/sections/2/all?type=4', '/library/all?type=1', '/library/sections/1/collections', '/hubs/search?query=the']) {
      const plain = await demoFetch(server, path);
      const flagged = await demoFetch(server, `${path}${path.includes('?') ? '&' : '?'}${ignoredFlags}`);
      assert.is(flagged.status, 200, path);
      const [plainBody, flaggedBody] = [(await plain.json()) as ContainerJson, (await flagged.json()) as ContainerJson];
      const keys = (body: ContainerJson): string[] => (body.MediaContainer.Metadata ?? []).map((item) => item.ratingKey);
      assert.equal(keys(flaggedBody), keys(plainBody), path);
      assert.is(flaggedBody.MediaContainer.size, plainBody.MediaContainer.size, path);
    }
  });
});

test.run();
