// includeMarkers=1: every episode has an intro and a credits marker, every movie its credits, inside a clip long enough for them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { demoContainer, withDemo } from '../helpers/demoServer.js';
import { xmlAndJson } from '../helpers/demoXml.js';

interface MarkerJson {
  id: number;
  type: string;
  startTimeOffset: number;
  endTimeOffset: number;
  final?: boolean;
}

interface ItemJson {
  ratingKey: string;
  type: string;
  duration: number;
  Marker?: MarkerJson[];
}

test('every episode: a 10–60 s clip with an intro then a credits marker inside it; in XML as in JSON', async () => {
  await withDemo({}, async (server) => {
    const episodes = (await demoContainer(server, '/library/sections/2/all?type=4')).MediaContainer.Metadata ?? [];
    assert.is(episodes.length, 10);
    const keys = episodes.map((episode) => episode.ratingKey).join(',');
    const { json } = await xmlAndJson(server, `/library/metadata/${keys}?includeMarkers=1`);
    const items = (json as { MediaContainer: { Metadata: ItemJson[] } }).MediaContainer.Metadata;
    const ids = new Set<number>();
    for (const item of items) {
      // Orbital Kitchen's episodes play the 40 s clip, Harbour Lights' the 12 s multi-language one.
      assert.ok(item.duration >= 10_000 && item.duration <= 60_000, `${item.ratingKey} lasts ${item.duration} ms`);
      const markers = item.Marker ?? [];
      assert.equal(markers.map((marker) => marker.type), ['intro', 'credits'], item.ratingKey);
      const [intro, credits] = markers;
      if (!intro || !credits) continue;
      assert.ok(intro.startTimeOffset >= 0 && intro.startTimeOffset < intro.endTimeOffset && intro.endTimeOffset <= credits.startTimeOffset, `${item.ratingKey} intro before credits`);
      assert.ok(credits.startTimeOffset < credits.endTimeOffset && credits.endTimeOffset <= item.duration, `${item.ratingKey} credits inside the clip`);
      assert.ok(intro.endTimeOffset - intro.startTimeOffset >= 2000, 'an intro long enough to skip');
      assert.is(credits.final, true);
      for (const marker of markers) {
        assert.not.ok(ids.has(marker.id));
        ids.add(marker.id);
      }
    }
  });
});

test('movies carry their credits marker; shows, seasons and tracks none; without includeMarkers=1 nothing carries markers', async () => {
  await withDemo({}, async (server) => {
    const movies = (await demoContainer(server, '/library/sections/1/all')).MediaContainer.Metadata ?? [];
    const show = (await demoContainer(server, '/library/sections/2/all')).MediaContainer.Metadata?.[0];
    const track = (await demoContainer(server, '/library/sections/3/all?type=10')).MediaContainer.Metadata?.[0];
    const keys = [...movies.map((movie) => movie.ratingKey), show?.ratingKey, track?.ratingKey].join(',');
    const marked = (await demoContainer(server, `/library/metadata/${keys}?includeMarkers=1`)) as unknown as { MediaContainer: { Metadata: ItemJson[] } };
    for (const item of marked.MediaContainer.Metadata) {
      const expected = item.type === 'movie' ? ['credits'] : [];
      assert.equal((item.Marker ?? []).map((marker) => marker.type), expected, `${item.type} ${item.ratingKey}`);
      for (const marker of item.Marker ?? []) assert.ok(marker.endTimeOffset <= item.duration && marker.startTimeOffset > 0);
    }
    const plain = (await demoContainer(server, `/library/metadata/${keys}`)) as unknown as { MediaContainer: { Metadata: ItemJson[] } };
    assert.ok(plain.MediaContainer.Metadata.every((item) => item.Marker === undefined));
    const listing = (await demoContainer(server, '/library/sections/2/all?type=4&includeMarkers=1')) as unknown as { MediaContainer: { Metadata: ItemJson[] } };
    assert.ok(listing.MediaContainer.Metadata.every((item) => item.Marker === undefined), 'listings never carry markers, as on the real server');
  });
});

test.run();
