// GET /library (the library root) and GET /library/all (the media query across sections), in XML and JSON, against the real server's shapes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertSchemaMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, demoJson, expectStatuses, withDemo, type ContainerJson } from '../helpers/demoServer.js';
import { assertConforms, fetchBoth, xmlParityProblem } from '../helpers/plexXml.js';

const titles = (list: ContainerJson): string[] => list.MediaContainer.Metadata?.map((item) => item.title) ?? [];

test('GET /library: the library root lists sections, recentlyAdded and onDeck, and each of them answers', async () => {
  await withDemo({}, async (server) => {
    const { json } = await assertConforms(server, '/library', 'library.xml');
    const root = json as ContainerJson;
    assert.equal(root.MediaContainer.Directory?.map((entry) => entry.key), ['sections', 'recentlyAdded', 'onDeck']);
    await expectStatuses(server, root.MediaContainer.Directory?.map((entry): [string, number] => [`/library/${entry.key}`, 200]) ?? []);
  });
});

test('GET /library/all?type=1 lists the movies of every hand-made section, not the generated Big Library', async () => {
  await withDemo({ bigSectionSize: 50 }, async (server) => {
    const all = await demoContainer(server, '/library/all?type=1');
    assertSchemaMatches('MediaContainerWithMetadata', all);
    const sections = new Set(all.MediaContainer.Metadata?.map((item) => item.librarySectionID));
    // Movies 8, Cache Lab 7, World Cinema 15.
    assert.is(all.MediaContainer.totalSize, 30);
    assert.equal([...sections].sort(), [1, 4, 5]);
    const shows = await demoContainer(server, '/library/all?type=2');
    assert.equal(titles(shows), ['Orbital Kitchen', 'Harbour Lights']);
    const episodes = await demoContainer(server, '/library/all?type=4');
    assert.is(episodes.MediaContainer.totalSize, 10);
  });
});

test('GET /library/all filters by title, year, genre (id or name) and unwatched, combined, across sections', async () => {
  await withDemo({}, async (server) => {
    const horror = await demoContainer(server, '/library/all?type=1&genre=Horror');
    const longTitle = horror.MediaContainer.Metadata?.find((item) => item.librarySectionID === 5)?.title ?? '';
    assert.ok(longTitle.startsWith('Night of the Day of the Dawn'));
    assert.equal(titles(horror), ['Night of the Living Dead', 'Nosferatu', 'Plan 9 from Outer Space', longTitle]);
    assert.is((await demoContainer(server, '/library/all?type=1&genre=horror')).MediaContainer.size, 4);
    const genreId = (await demoJson(server, '/library/sections/1/genre')) as { MediaContainer: { Directory: { key: string; title: string }[] } };
    const horrorId = genreId.MediaContainer.Directory.find((entry) => entry.title === 'Horror')?.key;
    assert.ok(horrorId && /^\d+$/.test(horrorId));
    assert.equal(titles(await demoContainer(server, `/library/all?type=1&genre=${horrorId}`)), titles(horror));
    // Unwatched horror after 1950: Night of the Living Dead (1968) was watched twice, Nosferatu is from 1922.
    assert.equal(titles(await demoContainer(server, '/library/all?type=1&genre=Horror&unwatched=1&year>>=1950')), ['Plan 9 from Outer Space', longTitle]);
    assert.equal(titles(await demoContainer(server, '/library/all?type=1&year=1922,1926')), ['Nosferatu', 'The General']);
    assert.equal(titles(await demoContainer(server, '/library/all?type=1&title=charade')), ['Charade']);
    assert.equal(titles(await demoContainer(server, '/library/all?type=10&unwatched=0')), ['A Above Middle C', 'Concert Pitch']);
  });
});

test('GET /library/all sorts and pages across sections, with the paging headers', async () => {
  await withDemo({}, async (server) => {
    const newest = await demoContainer(server, '/library/all?type=1&sort=year:desc&X-Plex-Container-Size=3');
    assert.equal(newest.MediaContainer.Metadata?.map((item) => (item as { year?: number }).year), [2024, 2024, 2024]);
    const oldest = await demoContainer(server, '/library/all?type=1&sort=year&X-Plex-Container-Start=0&X-Plex-Container-Size=2');
    assert.equal(titles(oldest), ['The Kid', 'Nosferatu']);
    const response = await demoFetch(server, '/library/all?type=1&sort=titleSort', { headers: { 'X-Plex-Container-Start': '5', 'X-Plex-Container-Size': '5' } });
    assert.is(response.headers.get('X-Plex-Container-Start'), '5');
    assert.is(response.headers.get('X-Plex-Container-Total-Size'), '30');
    const page = (await response.json()) as ContainerJson;
    assert.is(page.MediaContainer.offset, 5);
    assert.is(page.MediaContainer.size, 5);
    assert.is((await demoFetch(server, '/library/all?sort=nonsense')).status, 400);
  });
});

test('GET /library/all answers the same data in XML and JSON', async () => {
  await withDemo({}, async (server) => {
    for (const path of ['/library/all?type=1&genre=Comedy&sort=rating:desc', '/library/all?type=4', '/library/all?type=10']) {
      const both = await fetchBoth(server, path);
      assert.is(xmlParityProblem(both.json, both.xml), undefined, path);
    }
  });
});

test.run();
