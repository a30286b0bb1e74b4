// Paging (headers or query), filters and sorting, through a 10,000-item Big Library and the hand-made sections.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoContainer, withDemo } from '../helpers/demoServer.js';

test('a 10,000-item section pages through every item exactly once (query and header paging)', async () => {
  await withDemo({ bigSectionSize: 10_000 }, async (server) => {
    const sections = await demoContainer(server, '/library/sections');
    const big = sections.MediaContainer.Directory?.find((entry) => entry.title === 'Big Library');
    if (!big) throw new Error('no Big Library');
    const seen = new Set<string>();
    const pageSize = 777;
    for (let start = 0, page = 0; start < 10_000; start += pageSize, page += 1) {
      const viaHeaders = page % 2 === 0;
      const path = `/library/sections/${big.key}/all${viaHeaders ? '' : `?X-Plex-Container-Start=${start}&X-Plex-Container-Size=${pageSize}`}`;
      const headers: Record<string, string> = viaHeaders ? { 'X-Plex-Container-Start': String(start), 'X-Plex-Container-Size': String(pageSize) } : {};
      const list = await demoContainer(server, path, { headers });
      if (page === 0) assertResponseMatches('/library/sections/{sectionId}/all', 'get', list);
      const expected = Math.min(pageSize, 10_000 - start);
      assert.is(list.MediaContainer.size, expected);
      assert.is(list.MediaContainer.totalSize, 10_000);
      assert.is(list.MediaContainer.offset, start);
      for (const item of list.MediaContainer.Metadata ?? []) {
        assert.not.ok(seen.has(item.ratingKey), `${item.ratingKey} twice`);
        seen.add(item.ratingKey);
      }
    }
    assert.is(seen.size, 10_000);
    const past = await demoContainer(server, `/library/sections/${big.key}/all?X-Plex-Container-Start=20000&X-Plex-Container-Size=5`);
    assert.is(past.MediaContainer.size, 0);
    assert.is(past.MediaContainer.totalSize, 10_000);
    const item = await demoContainer(server, `/library/metadata/${[...seen][9_999]}`);
    assertResponseMatches('/library/metadata/{ids}', 'get', item);
  });
});

test('a 100,000-item Big Library starts at once and serves its last page', async () => {
  await withDemo({ bigSectionSize: 100_000 }, async (server) => {
    const page = await demoContainer(server, '/library/sections/6/all?X-Plex-Container-Start=99998&X-Plex-Container-Size=10');
    assert.is(page.MediaContainer.size, 2);
    assert.is(page.MediaContainer.totalSize, 100_000);
  });
});

test('without a size, every item; with size 0, none but the total', async () => {
  await withDemo({}, async (server) => {
    assert.is((await demoContainer(server, '/library/sections/1/all')).MediaContainer.size, 8);
    const none = await demoContainer(server, '/library/sections/1/all?X-Plex-Container-Size=0');
    assert.is(none.MediaContainer.size, 0);
    assert.is(none.MediaContainer.totalSize, 8);
  });
});

test('sort=field[:desc], title= (substring, any case), unwatched=1 and type=', async () => {
  await withDemo({}, async (server) => {
    const byYear = await demoContainer(server, '/library/sections/1/all?sort=year');
    const years = byYear.MediaContainer.Metadata?.map((item) => (item as unknown as { year: number }).year) ?? [];
    assert.equal(years, [...years].sort((left, right) => left - right));
    const byTitleDesc = await demoContainer(server, '/library/sections/1/all?sort=title:desc');
    const titles = byTitleDesc.MediaContainer.Metadata?.map((item) => item.title.toLowerCase()) ?? [];
    assert.equal(titles, [...titles].sort().reverse());
    const matched = await demoContainer(server, '/library/sections/1/all?title=NIGHT');
    assert.equal(matched.MediaContainer.Metadata?.map((item) => item.title), ['Night of the Living Dead']);
    const unwatched = await demoContainer(server, '/library/sections/1/all?unwatched=1');
    assert.ok(unwatched.MediaContainer.Metadata?.every((item) => !item.viewCount));
    assert.is(unwatched.MediaContainer.totalSize, 6);
    const paged = await demoContainer(server, '/library/sections/1/all?sort=addedAt:desc&X-Plex-Container-Start=1&X-Plex-Container-Size=2');
    assert.is(paged.MediaContainer.size, 2);
    assert.is(paged.MediaContainer.offset, 1);
    assert.is(paged.MediaContainer.totalSize, 8);
    const shows = await demoContainer(server, '/library/sections/2/all?unwatched=1&type=2');
    assert.is(shows.MediaContainer.size, 2);
  });
});

test.run();
