// Timeline, scrobble, unscrobble and progress change what /library/metadata shows, via GET, PUT and POST, query or form.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, expectStatuses, findItem, withDemo, type MetadataJson } from '../helpers/demoServer.js';

const client = { 'X-Plex-Client-Identifier': 'plexterm-test-client' };

async function report(server: DemoServer, path: string, params: Record<string, string>, method: string, form: boolean): Promise<unknown> {
  const query = new URLSearchParams(params).toString();
  const response = form
    ? await demoFetch(server, path, { method, headers: { ...client, 'Content-Type': 'application/x-www-form-urlencoded' }, body: query })
    : await demoFetch(server, `${path}?${query}`, { method, headers: client });
  assert.is(response.status, 200, `${method} ${path} ${form ? 'form' : 'query'}`);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  return response.json();
}

async function metadata(server: DemoServer, ratingKey: string): Promise<MetadataJson> {
  const item = (await demoContainer(server, `/library/metadata/${ratingKey}`)).MediaContainer.Metadata?.[0];
  if (!item) throw new Error('no item');
  return item;
}

const ways: [string, boolean][] = [['GET', false], ['PUT', false], ['POST', false], ['PUT', true], ['POST', true]];

test('timeline sets viewOffset (playing, paused, stopped) through every method and encoding', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'general');
    let time = 1000;
    for (const [method, form] of ways) {
      for (const state of ['playing', 'paused', 'stopped']) {
        time += 250;
        const body = await report(server, '/:/timeline', { ratingKey: movie.ratingKey, key: movie.key, state, time: String(time), duration: String(movie.duration) }, method, form);
        assertResponseMatches('/:/timeline', 'post', body);
        const after = await metadata(server, movie.ratingKey);
        assert.is(after.viewOffset, time, `${method} ${form} ${state}`);
        assert.ok((after.lastViewedAt ?? 0) > 0);
      }
    }
  });
});

test('scrobble adds a view and removes the offset; unscrobble resets the count', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'nosferatu');
    assert.ok((movie.viewOffset ?? 0) > 0);
    const params = { key: movie.ratingKey, identifier: 'com.plexapp.plugins.library' };
    let expected = 0;
    for (const [method, form] of ways) {
      await report(server, '/:/scrobble', params, method, form);
      expected += 1;
      const after = await metadata(server, movie.ratingKey);
      assert.is(after.viewCount, expected);
      assert.is(after.viewOffset, undefined);
      assert.ok((after.lastViewedAt ?? 0) > 0);
    }
    for (const [method, form] of ways) {
      await report(server, '/:/scrobble', params, method, form);
      await report(server, '/:/unscrobble', params, method, form);
      assert.is((await metadata(server, movie.ratingKey)).viewCount, undefined);
    }
  });
});

test('scrobbling a season marks its episodes; progress sets an offset', async () => {
  await withDemo({}, async (server) => {
    const show = await findItem(server, 'TV Shows', 'harbour');
    assert.is(show.viewedLeafCount, 0);
    const seasons = await demoContainer(server, `/library/metadata/${show.ratingKey}/children`);
    const season = seasons.MediaContainer.Metadata?.[0];
    if (!season) throw new Error('no season');
    await report(server, '/:/scrobble', { key: season.ratingKey, identifier: 'com.plexapp.plugins.library' }, 'GET', false);
    assert.is((await metadata(server, show.ratingKey)).viewedLeafCount, 4);
    const episode = (await demoContainer(server, `/library/metadata/${season.ratingKey}/children`)).MediaContainer.Metadata?.[1];
    if (!episode) throw new Error('no episode');
    await report(server, '/:/progress', { key: episode.ratingKey, identifier: 'com.plexapp.plugins.library', time: '1234', state: 'stopped' }, 'PUT', false);
    assert.is((await metadata(server, episode.ratingKey)).viewOffset, 1234);
  });
});

test('bad reports answer 400 and unknown items 404, and change nothing', async () => {
  await withDemo({}, async (server) => {
    const expectations: [string, number][] = [
      ['/:/scrobble?key=101', 400],
      ['/:/scrobble?key=999999&identifier=com.plexapp.plugins.library', 404],
      ['/:/timeline?ratingKey=101&state=flying&time=1', 400],
      ['/:/timeline?ratingKey=101&state=playing&time=soon', 400],
      ['/:/timeline?ratingKey=999999&state=playing&time=1', 404],
    ];
    await expectStatuses(server, expectations, { headers: client });
    const noClient = await demoFetch(server, '/:/timeline?ratingKey=101&state=playing&time=1');
    assert.is(noClient.status, 400);
    await noClient.arrayBuffer();
  });
});

test.run();
