// A section's filters and sorts as the real server describes them (Meta with includeMeta=1, /filters, /sorts, the filter
// value lists, the section's menu), and the media query on /library/sections/N/all: filters that combine, sorts with :desc.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, demoJson, expectStatuses, withDemo, type ContainerJson } from '../helpers/demoServer.js';
import { assertConforms, fetchBoth, xmlParityProblem } from '../helpers/plexXml.js';

interface MetaJson {
  MediaContainer: {
    size: number;
    totalSize: number;
    Meta?: {
      Type: { key: string; type: string; active: boolean; Filter?: { filter: string; key: string }[]; Sort: { key: string; active?: boolean; activeDirection?: string }[]; Field: { key: string; type: string }[] }[];
      FieldType: { type: string; Operator: { key: string }[] }[];
    };
  };
}

interface DirectoryJson {
  MediaContainer: { size: number; Directory: { key: string; title: string; fastKey?: string; filter?: string; secondary?: boolean }[] };
}

const titles = (list: ContainerJson): string[] => list.MediaContainer.Metadata?.map((item) => item.title) ?? [];

test('includeMeta=1 describes every type of the section with its Filter, Sort and Field, even on an empty page', async () => {
  await withDemo({}, async (server) => {
    const { json } = await assertConforms(server, '/library/sections/1/all?includeMeta=1&includeAdvanced=1&X-Plex-Container-Start=0&X-Plex-Container-Size=0', 'section-all-meta.xml');
    const movies = json as MetaJson;
    assert.is(movies.MediaContainer.size, 0);
    assert.is(movies.MediaContainer.totalSize, 8);
    const [movieType] = movies.MediaContainer.Meta?.Type ?? [];
    assert.equal(movieType?.Filter?.map((filter) => filter.filter), ['genre', 'year', 'decade', 'contentRating', 'collection', 'studio', 'unwatched']);
    assert.equal(movieType?.Sort.map((sort) => sort.key).slice(0, 7), ['titleSort', 'year', 'originallyAvailableAt', 'rating', 'addedAt', 'lastViewedAt', 'viewCount']);
    assert.equal(movies.MediaContainer.Meta?.FieldType.map((fieldType) => fieldType.type).sort(), ['boolean', 'integer', 'string', 'tag']);

    const shows = (await demoJson(server, '/library/sections/2/all?includeMeta=1&type=4&X-Plex-Container-Size=0')) as MetaJson;
    const types = shows.MediaContainer.Meta?.Type ?? [];
    assert.equal(types.map((type) => `${type.type}:${type.active}`), ['show:false', 'season:false', 'episode:true']);
    // Fields of types other than movie carry the type prefix, as python-plexapi expects.
    assert.ok(types.every((type) => type.Field.every((field) => field.key.startsWith(`${type.type}.`))));
    assert.is((await demoJson(server, '/library/sections/2/all?X-Plex-Container-Size=0') as MetaJson).MediaContainer.Meta, undefined);

    // Every key the Meta hands out answers.
    const keys = [...types, ...(movies.MediaContainer.Meta?.Type ?? [])].flatMap((type) => [type.key, ...(type.Filter ?? []).map((filter) => filter.key)]);
    await expectStatuses(server, keys.map((key): [string, number] => [key, 200]));
  });
});

test('sort= marks the active Sort; /filters and /sorts list one type\'s entries', async () => {
  await withDemo({}, async (server) => {
    const meta = (await demoJson(server, '/library/sections/1/all?includeMeta=1&sort=year:desc&X-Plex-Container-Size=0')) as MetaJson;
    const active = meta.MediaContainer.Meta?.Type[0]?.Sort.filter((sort) => sort.active);
    assert.equal(active?.map((sort) => `${sort.key}:${sort.activeDirection}`), ['year:desc']);

    const { json: filters } = await assertConforms(server, '/library/sections/1/filters', 'section-filters.xml');
    assertResponseMatches('/library/sections/{sectionId}/filters', 'get', filters);
    assert.equal((filters as DirectoryJson).MediaContainer.Directory.map((entry) => entry.filter), ['genre', 'year', 'decade', 'contentRating', 'collection', 'studio', 'unwatched']);
    const { json: sorts } = await assertConforms(server, '/library/sections/1/sorts', 'section-sorts.xml');
    assertResponseMatches('/library/sections/{sectionId}/sorts', 'get', sorts);
    const seasonSorts = (await demoJson(server, '/library/sections/2/sorts?type=3')) as DirectoryJson;
    assert.is(seasonSorts.MediaContainer.Directory[0]?.key, 'index');
    // World Cinema has no collections, so it offers no collection filter.
    const world = (await demoJson(server, '/library/sections/5/filters')) as DirectoryJson;
    assert.not.ok(world.MediaContainer.Directory.some((entry) => entry.filter === 'collection'));
    await expectStatuses(server, [['/library/sections/99/filters', 404], ['/library/sections/1/sorts?type=4', 404], ['/library/sections/1/filters?type=99', 400]]);
  });
});

test('filter values: /genre, /year, /decade, /contentRating, /studio, /collection, each fastKey listing its items', async () => {
  await withDemo({}, async (server) => {
    const { json: genres } = await assertConforms(server, '/library/sections/1/genre', 'section-genre.xml');
    const genreList = (genres as DirectoryJson).MediaContainer.Directory;
    assert.equal(genreList.map((entry) => entry.title), ['Action', 'Comedy', 'Drama', 'Fantasy', 'Horror', 'Mystery', 'Romance', 'Science Fiction', 'Thriller']);
    const { json: years } = await assertConforms(server, '/library/sections/1/year', 'section-year.xml');
    assert.equal((years as DirectoryJson).MediaContainer.Directory.map((entry) => entry.key), ['1968', '1963', '1957', '1940', '1927', '1926', '1922', '1921']);
    const decades = (await demoJson(server, '/library/sections/1/decade')) as DirectoryJson;
    assert.equal(decades.MediaContainer.Directory.map((entry) => entry.title), ['1960s', '1950s', '1940s', '1920s']);
    const ratings = (await demoJson(server, '/library/sections/2/contentRating')) as DirectoryJson;
    assert.equal(ratings.MediaContainer.Directory.map((entry) => entry.key), ['TV-14', 'TV-G']);
    const studios = (await demoJson(server, '/library/sections/2/studio')) as DirectoryJson;
    assert.equal(studios.MediaContainer.Directory.map((entry) => entry.title), ['Demo Broadcasting']);
    const episodeYears = (await demoJson(server, '/library/sections/2/year?type=4')) as DirectoryJson;
    assert.equal(episodeYears.MediaContainer.Directory.map((entry) => entry.key), ['2022', '2021', '2019']);
    assert.match(episodeYears.MediaContainer.Directory[0]?.fastKey ?? '', /\?type=4&year=2022$/);

    // Each value's fastKey lists exactly the items that have it.
    for (const entry of [...genreList, ...(years as DirectoryJson).MediaContainer.Directory]) {
      const list = await demoContainer(server, entry.fastKey ?? '');
      assert.ok(list.MediaContainer.size > 0, entry.fastKey);
    }
    const horror = genreList.find((entry) => entry.title === 'Horror');
    assert.equal(titles(await demoContainer(server, horror?.fastKey ?? '')), ['Night of the Living Dead', 'Nosferatu', 'Plan 9 from Outer Space']);
  });
});

test('filters on /all combine: year, genre, contentRating, studio, unwatched, with operators and type prefixes', async () => {
  await withDemo({}, async (server) => {
    const list = async (query: string): Promise<string[]> => titles(await demoContainer(server, `/library/sections/1/all?${query}`));
    assert.equal(await list('year=1922'), ['Nosferatu']);
    assert.equal(await list('genre=Comedy&year<<=1950'), ['The General', 'His Girl Friday', 'The Kid']);
    assert.equal(await list('genre=Comedy&unwatched=1&contentRating=NR&studio=pictures'), ['His Girl Friday', 'Charade']);
    assert.equal(await list('genre!=Horror&decade=1920'), ['The General', 'Metropolis', 'The Kid']);
    assert.equal(await list('contentRating=R'), ['Night of the Living Dead']);
    assert.equal(await list('unwatched=0'), ['Night of the Living Dead', 'Metropolis']);
    assert.equal(await list('title==Nosferatu'), ['Nosferatu']);
    assert.equal(await list('title<=the'), ['The General', 'The Kid']);
    assert.equal(await list('genre=Horror,Romance&year>>=1950'), ['Night of the Living Dead', 'Charade', 'Plan 9 from Outer Space']);
    // Unknown parameters and flags are not filters.
    assert.is((await list('includeCollections=1&includeAdvanced=1&checkFiles=1&X-Plex-Product=test')).length, 8);

    const episodes = async (query: string): Promise<string[]> => titles(await demoContainer(server, `/library/sections/2/all?type=4&${query}`));
    assert.equal(await episodes('show.genre=Mystery&unwatched=1'), ['Fog Bank', 'Low Tide', 'Signal Fire', 'Storm Warning']);
    assert.equal(await episodes('season.year=2022'), ['Re-entry Roast', 'Lunar Leftovers', 'The Last Rocket']);
    // A show with an unwatched episode is itself unwatched; both still have one.
    assert.equal(titles(await demoContainer(server, '/library/sections/2/all?episode.unwatched=0')), ['Orbital Kitchen']);
    await expectStatuses(server, [['/library/sections/1/all?unwatched=maybe', 400], ['/library/sections/1/all?year=old', 400]]);
  });
});

test('sort= takes titleSort, year, addedAt, lastViewedAt and rating, with :desc, several fields and type prefixes', async () => {
  await withDemo({}, async (server) => {
    const list = async (sort: string): Promise<string[]> => titles(await demoContainer(server, `/library/sections/1/all?sort=${sort}`));
    const byTitle = await list('titleSort');
    assert.equal(byTitle, ['Charade', 'The General', 'His Girl Friday', 'The Kid', 'Metropolis', 'Night of the Living Dead', 'Nosferatu', 'Plan 9 from Outer Space']);
    assert.equal(await list('titleSort:desc'), [...byTitle].reverse());
    assert.equal((await list('year')).slice(0, 3), ['The Kid', 'Nosferatu', 'The General']);
    assert.equal((await list('year:desc')).slice(0, 2), ['Night of the Living Dead', 'Charade']);
    assert.equal((await list('addedAt:desc')).slice(0, 2), ['Plan 9 from Outer Space', 'The Kid']);
    assert.equal((await list('rating:desc')).slice(0, 3), ['Metropolis', 'The Kid', 'The General']);
    // Viewed most recently first; never viewed last.
    assert.equal((await list('lastViewedAt:desc')).slice(0, 4), ['Charade', 'Nosferatu', 'Night of the Living Dead', 'Metropolis']);
    assert.equal((await list('lastViewedAt:nullsLast')).slice(0, 2), ['Metropolis', 'Night of the Living Dead']);
    const episodes = titles(await demoContainer(server, '/library/sections/2/all?type=4&sort=show.titleSort:desc,season.index,index'));
    assert.equal(episodes, [
      'Freeze-Dried Beginnings', 'Zero-G Soufflé', 'Hydroponic Harvest', 'Re-entry Roast', 'Lunar Leftovers', 'The Last Rocket',
      'Fog Bank', 'Low Tide', 'Signal Fire', 'Storm Warning',
    ]);
    await expectStatuses(server, [['/library/sections/1/all?sort=year:sideways', 400], ['/library/sections/1/all?sort=planet.year', 400]]);
  });
});

test('the section menu and its views: /library/sections/N, unwatched, newest, recentlyAdded, recentlyViewed, onDeck, firstCharacter', async () => {
  await withDemo({}, async (server) => {
    const { json } = await assertConforms(server, '/library/sections/1?includeDetails=1', 'section-details.xml');
    const menu = json as DirectoryJson & { MediaContainer: { Type?: unknown[] } };
    assert.ok(menu.MediaContainer.Type?.length === 1);
    await expectStatuses(server, menu.MediaContainer.Directory.map((entry): [string, number] => [`/library/sections/1/${entry.key}`, 200]));
    assert.equal(titles(await demoContainer(server, '/library/sections/1/recentlyViewed')), ['Charade', 'Nosferatu', 'Night of the Living Dead', 'Metropolis']);
    assert.equal(titles(await demoContainer(server, '/library/sections/1/onDeck')), ['Charade', 'Nosferatu']);
    assert.equal(titles(await demoContainer(server, '/library/sections/1/newest')).slice(0, 2), ['Night of the Living Dead', 'Charade']);
    assert.is((await demoContainer(server, '/library/sections/1/unwatched')).MediaContainer.size, 6);
    const letters = (await demoJson(server, '/library/sections/1/firstCharacter')) as { MediaContainer: { Directory: { key: string; size: number }[] } };
    assert.equal(letters.MediaContainer.Directory.map((entry) => `${entry.key}${entry.size}`), ['C1', 'G1', 'H1', 'K1', 'M1', 'N2', 'P1']);
  });
});

test('a genre has one id everywhere: Genre tags, /genre values and the genre hub of search, each listing its items', async () => {
  await withDemo({}, async (server) => {
    const values = (await demoJson(server, '/library/sections/1/genre')) as DirectoryJson;
    const horror = values.MediaContainer.Directory.find((entry) => entry.title === 'Horror');
    const movie = (await demoContainer(server, '/library/sections/1/all?title=nosferatu')).MediaContainer.Metadata?.[0] as { Genre?: { id: number; tag: string }[] } | undefined;
    assert.is(String(movie?.Genre?.find((genre) => genre.tag === 'Horror')?.id), horror?.key);
    const search = (await demoJson(server, '/hubs/search?query=horror')) as { MediaContainer: { Hub: { hubIdentifier: string; Directory?: { id: number; key: string; librarySectionID: number }[] }[] } };
    const hub = search.MediaContainer.Hub.find((entry) => entry.hubIdentifier === 'genre')?.Directory?.find((entry) => entry.librarySectionID === 1);
    assert.is(String(hub?.id), horror?.key);
    assert.equal(titles(await demoContainer(server, hub?.key ?? '')), ['Night of the Living Dead', 'Nosferatu', 'Plan 9 from Outer Space']);
  });
});

test('section filters and sorts answer the same data in XML and JSON', async () => {
  await withDemo({}, async (server) => {
    const paths = ['/library/sections/2/all?includeMeta=1&type=3', '/library/sections/3/filters?type=9', '/library/sections/3/sorts?type=10', '/library/sections/1/studio', '/library/sections/1?includeDetails=1', '/library/sections/3/all?type=10&sort=track.titleSort:desc'];
    for (const path of paths) {
      const both = await fetchBoth(server, path);
      assert.is(xmlParityProblem(both.json, both.xml), undefined, path);
    }
    assert.is((await demoFetch(server, '/library/sections/3/all?type=10&sort=show.titleSort')).status, 200);
  });
});

test.run();
