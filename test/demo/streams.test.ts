// Stream elements of every part (video, audio, embedded and sidecar subtitles), as the clip's bytes have them; choosing audio and subtitle per part.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { demoContainer, demoFetch, findItem, withDemo } from '../helpers/demoServer.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { assertShape, fixture, xmlAndJson } from '../helpers/demoXml.js';

interface StreamJson {
  id: number;
  streamType: number;
  codec: string;
  index?: number;
  key?: string;
  selected?: boolean;
  default?: boolean;
  language?: string;
  languageCode?: string;
  channels?: number;
  width?: number;
  height?: number;
  frameRate?: number;
  bitDepth?: number;
  displayTitle: string;
}

interface DetailJson {
  ratingKey: string;
  type: string;
  title: string;
  Media: { Part: { id: number; key: string; Stream?: StreamJson[] }[] }[];
}

async function detail(server: DemoServer, ratingKey: string): Promise<DetailJson> {
  const body = (await demoContainer(server, `/library/metadata/${ratingKey}`)) as unknown as { MediaContainer: { Metadata: DetailJson[] } };
  const item = body.MediaContainer.Metadata[0];
  if (!item) throw new Error(`no item ${ratingKey}`);
  return item;
}

function streamsOf(item: DetailJson): StreamJson[] {
  return item.Media[0]?.Part[0]?.Stream ?? [];
}

async function put(server: DemoServer, path: string): Promise<number> {
  const response = await demoFetch(server, path, { method: 'PUT' });
  await response.arrayBuffer();
  return response.status;
}

test('every movie, episode and track part carries its streams with ids: video (codec, size, frame rate, bit depth) and audio (codec, channels), one audio selected', async () => {
  await withDemo({}, async (server) => {
    const paths = ['/library/sections/1/all', '/library/sections/2/all?type=4', '/library/sections/3/all?type=10', '/library/sections/4/all'];
    const items = (await Promise.all(paths.map((path) => demoContainer(server, path)))).flatMap((list) => list.MediaContainer.Metadata ?? []);
    assert.is(items.length, 8 + 10 + 5 + 7);
    const ids = new Set<number>();
    for (const { ratingKey, type } of items) {
      const streams = streamsOf(await detail(server, ratingKey));
      for (const stream of streams) {
        assert.ok(Number.isInteger(stream.id) && !ids.has(stream.id), `stream ids are whole numbers, unique: ${stream.id}`);
        ids.add(stream.id);
        assert.type(stream.codec, 'string');
        assert.type(stream.displayTitle, 'string');
      }
      const video = streams.filter((stream) => stream.streamType === 1);
      const audio = streams.filter((stream) => stream.streamType === 2);
      assert.is(video.length, type === 'track' ? 0 : 1, `${ratingKey} video`);
      for (const stream of video) {
        assert.ok(stream.width && stream.height && stream.frameRate && stream.bitDepth === 8, `${ratingKey} video facts`);
      }
      assert.ok(audio.length >= 1 && audio.every((stream) => stream.channels !== undefined && stream.channels > 0), `${ratingKey} audio`);
      assert.is(audio.filter((stream) => stream.selected).length, 1, `${ratingKey}: one audio selected`);
    }
  });
});

test('Metropolis: German and English audio, an embedded English and a sidecar French subtitle served at its key; shaped like the real server\'s, XML like JSON', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'metropolis');
    const { xml } = await xmlAndJson(server, `/library/metadata/${movie.ratingKey}?includeMarkers=1`);
    assertShape(xml, fixture('metadata-detail.xml'));
    const streams = streamsOf(await detail(server, movie.ratingKey));
    const audio = streams.filter((stream) => stream.streamType === 2);
    const subtitles = streams.filter((stream) => stream.streamType === 3);
    assert.equal(audio.map((stream) => [stream.languageCode, stream.language, stream.default ?? false, stream.selected ?? false]), [['deu', 'German', true, true], ['eng', 'English', false, false]]);
    assert.equal(subtitles.map((stream) => [stream.languageCode, stream.index !== undefined, stream.key !== undefined]), [['eng', true, false], ['fra', false, true]]);
    const sidecar = subtitles[1];
    const response = await demoFetch(server, sidecar?.key ?? '');
    assert.is(response.status, 200);
    assert.match(await response.text(), /^1\n00:00:01,000 --> 00:00:04,000\nLa ville de Metropolis\./);
    const missing = await demoFetch(server, `/library/streams/${(subtitles[0]?.id ?? 0)}`);
    assert.is(missing.status, 404, 'an embedded stream has no file of its own');
    await missing.arrayBuffer();
  });
});

const probe = promisify(execFile);

function hasFfprobe(): boolean {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (hasFfprobe()) {
  test('the Stream elements say what ffprobe finds in the part\'s bytes (codec, language, order)', async () => {
    await withDemo({}, async (server) => {
      for (const query of ['metropolis', 'nosferatu']) {
        const movie = await findItem(server, 'Movies', query);
        const item = await detail(server, movie.ratingKey);
        const part = item.Media[0]?.Part[0];
        const { stdout } = await probe('ffprobe', ['-v', 'error', '-headers', `X-Plex-Token: ${server.token}\r\n`, '-print_format', 'json', '-show_streams', `${server.url}${part?.key ?? ''}`]);
        const probed = (JSON.parse(stdout) as { streams: { index: number; codec_name: string; tags?: { language?: string } }[] }).streams;
        const embedded = streamsOf(item).filter((stream) => stream.index !== undefined);
        assert.equal(embedded.map((stream) => [stream.index, stream.codec, stream.languageCode ?? 'und']), probed.map((stream) => [stream.index, stream.codec_name === 'subrip' ? 'srt' : stream.codec_name, stream.tags?.language ?? 'und']));
      }
    });
  });
} else {
  requireMissingProgram('ffprobe', 'streams');
}

test('PUT /library/parts/{id}?audioStreamID=&subtitleStreamID= is kept, and later answers mark those streams selected; 0 turns subtitles off', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'metropolis');
    const before = await detail(server, movie.ratingKey);
    const partId = before.Media[0]?.Part[0]?.id ?? 0;
    const streams = streamsOf(before);
    const english = streams.find((stream) => stream.streamType === 2 && stream.languageCode === 'eng');
    const french = streams.find((stream) => stream.streamType === 3 && stream.languageCode === 'fra');
    assert.is(await put(server, `/library/parts/${partId}?audioStreamID=${english?.id ?? 0}&subtitleStreamID=${french?.id ?? 0}`), 200);
    const selected = (item: DetailJson): number[] => streamsOf(item).filter((stream) => stream.selected).map((stream) => stream.id);
    assert.equal(selected(await detail(server, movie.ratingKey)), [english?.id, french?.id]);
    const { json } = await xmlAndJson(server, `/library/metadata/${movie.ratingKey}`);
    assert.ok(JSON.stringify(json).includes(`"id":${french?.id ?? 0},"streamType":3,"selected":true`));
    assert.is(await put(server, `/library/parts/${partId}?subtitleStreamID=0`), 200);
    assert.equal(selected(await detail(server, movie.ratingKey)), [english?.id], 'subtitles off, the audio choice kept');
    // Other parts are not touched.
    const other = await findItem(server, 'Movies', 'nosferatu');
    assert.equal(streamsOf(await detail(server, other.ratingKey)).filter((stream) => stream.selected).map((stream) => stream.streamType), [2]);
  });
});

test('choosing streams: 404 for an unknown part, 400 for a stream of another kind or part, or no choice at all', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'metropolis');
    const item = await detail(server, movie.ratingKey);
    const partId = item.Media[0]?.Part[0]?.id ?? 0;
    const video = streamsOf(item).find((stream) => stream.streamType === 1);
    const elsewhere = streamsOf(await detail(server, (await findItem(server, 'Movies', 'nosferatu')).ratingKey)).find((stream) => stream.streamType === 2);
    assert.is(await put(server, '/library/parts/999999?audioStreamID=1'), 404);
    assert.is(await put(server, `/library/parts/${partId}?audioStreamID=${video?.id ?? 0}`), 400);
    assert.is(await put(server, `/library/parts/${partId}?audioStreamID=${elsewhere?.id ?? 0}`), 400);
    assert.is(await put(server, `/library/parts/${partId}?audioStreamID=abc`), 400);
    assert.is(await put(server, `/library/parts/${partId}`), 400);
    const get = await demoFetch(server, `/library/parts/${partId}`);
    assert.is(get.status, 405);
    await get.arrayBuffer();
  });
});

test.run();
