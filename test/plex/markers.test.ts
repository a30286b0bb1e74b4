// Marker elements from the demo server into the model: on a single item's request and on every play queue answer, checked and repaired.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import { playbackMarkers } from '../../src/playback/playbackMarkers.js';
import { container, sendJson, startTestServer, testIdentity } from '../helpers/plexTestServer.js';

let demo: DemoServer;
let client: PlexClient;

test.before(async () => {
  demo = await startDemoServer({});
  client = new PlexClient({ baseUrl: demo.url, token: demo.token, serverName: demo.name, identity: testIdentity, retryBaseDelayMs: 1 });
});

test.after(async () => {
  client.dispose();
  await demo.close();
});

async function firstSeason(): Promise<{ ratingKey: string }> {
  const shows = await client.sectionItems('2', {});
  const show = shows.items[0];
  assert.ok(show, 'the demo has a show');
  const season = (await client.children(show.ratingKey))[0];
  assert.ok(season, 'the show has a season');
  return season;
}

test('metadata with markers: an episode has its intro then its credits, as playback reads them; without the option none', async () => {
  const season = await firstSeason();
  const episode = (await client.children(season.ratingKey))[0];
  assert.ok(episode);
  const marked = await client.metadata(episode.ratingKey, { markers: true });
  assert.equal(marked.Marker?.map((marker) => marker.type), ['intro', 'credits']);
  const markers = playbackMarkers(marked);
  assert.equal(markers.map((marker) => marker.type), ['intro', 'credits']);
  const [intro, credits] = markers;
  assert.ok(intro && credits && intro.start < intro.end && intro.end <= credits.start && credits.end <= (marked.duration ?? 0));
  const plain = await client.metadata(episode.ratingKey);
  assert.is(plain.Marker, undefined);
  assert.equal(playbackMarkers(plain), []);
});

test('a play queue made or read again carries every entry\'s markers (includeMarkers=1 on both requests)', async () => {
  const season = await firstSeason();
  const queue = await client.createPlayQueue({ machineIdentifier: demo.machineIdentifier, path: `/library/metadata/${season.ratingKey}`, type: 'video' });
  assert.ok(queue.items.length > 1);
  for (const item of queue.items) assert.equal(playbackMarkers(item).map((marker) => marker.type), ['intro', 'credits'], item.ratingKey);
  const again = await client.playQueue(queue.playQueueID);
  for (const item of again.items) assert.equal(playbackMarkers(item).map((marker) => marker.type), ['intro', 'credits'], item.ratingKey);
});

test('markers the server got wrong are left out, the item kept; other types pass the model but playback acts on intro and credits only', async () => {
  const server = await startTestServer((_request, response) => {
    sendJson(
      response,
      200,
      container({
          size: 1,
          Metadata: [
            {
              ratingKey: '7',
              key: '/library/metadata/7',
              type: 'episode',
              title: 'Marked',
              Marker: [
                { type: 'credits', startTimeOffset: 9000, endTimeOffset: 10000 },
                { type: 'intro', startTimeOffset: 'soon', endTimeOffset: 3000 },
                { type: 'commercial', startTimeOffset: 4000, endTimeOffset: 5000 },
                { type: 'intro', startTimeOffset: 0, endTimeOffset: 2000 },
                { type: 'intro', startTimeOffset: 3000, endTimeOffset: 3000 },
                { startTimeOffset: 1, endTimeOffset: 2 },
              ],
            },
          ],
      }),
    );
  });
  const local = new PlexClient({ baseUrl: server.url, token: 'marker-token', identity: testIdentity, retryBaseDelayMs: 1 });
  try {
    const item = await local.metadata('7', { markers: true });
    assert.equal(item.Marker?.map((marker) => marker.type), ['credits', 'commercial', 'intro', 'intro']);
    assert.equal(playbackMarkers(item), [
      { type: 'intro', start: 0, end: 2000 },
      { type: 'credits', start: 9000, end: 10000 },
    ]);
  } finally {
    local.dispose();
    await server.close();
  }
});

test.run();
