// A part's audio and subtitle choices against the demo server: read from its Stream elements, chosen with setStreams (PUT), a sidecar read with streamText.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import { partTracks } from '../../src/plex/partTracks.js';
import { findItem } from '../helpers/demoServer.js';
import { testIdentity } from '../helpers/plexTestServer.js';
import { rejection } from '../helpers/plexTvFake.js';

let demo: DemoServer;
let client: PlexClient;
let metropolis: string;

test.before(async () => {
  demo = await startDemoServer({});
  client = new PlexClient({ baseUrl: demo.url, token: demo.token, serverName: demo.name, identity: testIdentity, retryBaseDelayMs: 1, retries: 0 });
  metropolis = (await findItem(demo, 'Movies', 'Metropolis')).ratingKey;
});

test.after(async () => {
  client.dispose();
  await demo.close();
});

async function tracksOf(ratingKey: string) {
  const part = (await client.metadata(ratingKey)).Media?.[0]?.Part?.[0];
  if (!part) throw new Error('no part');
  return partTracks(part);
}

test('Metropolis: two audio tracks (German selected, its default), the file\'s English subtitle and a French sidecar with its key', async () => {
  const tracks = await tracksOf(metropolis);
  const brief = (list: typeof tracks.audio) => list.map(({ language, title, selected, external, number, key }) => ({ language, title, selected, external, number, key }));
  assert.equal(brief(tracks.audio), [
    { language: 'deu', title: 'German (AAC Stereo)', selected: true, external: false, number: 1, key: undefined },
    { language: 'eng', title: 'English (AAC Stereo)', selected: false, external: false, number: 2, key: undefined },
  ]);
  assert.equal(brief(tracks.subtitles), [
    { language: 'eng', title: 'English (SRT)', selected: false, external: false, number: 1, key: undefined },
    { language: 'fra', title: 'French (SRT External)', selected: false, external: true, number: undefined, key: `/library/streams/${tracks.subtitles[1]!.id}` },
  ]);
});

test('setStreams: the server marks the chosen audio and subtitle selected; subtitle 0 turns subtitles off and keeps the audio', async () => {
  const before = await tracksOf(metropolis);
  const english = before.audio.find((track) => track.language === 'eng')!;
  const french = before.subtitles.find((track) => track.external)!;
  await client.setStreams(before.partId, { audioStreamID: english.id, subtitleStreamID: french.id });
  const chosen = await tracksOf(metropolis);
  assert.equal([...chosen.audio, ...chosen.subtitles].filter((track) => track.selected).map((track) => track.id), [english.id, french.id]);
  await client.setStreams(before.partId, { subtitleStreamID: 0 });
  const off = await tracksOf(metropolis);
  assert.equal([...off.audio, ...off.subtitles].filter((track) => track.selected).map((track) => track.id), [english.id]);
});

test('setStreams with a stream of another part: the server\'s 400 is an error', async () => {
  const tracks = await tracksOf(metropolis);
  const error = await rejection(client.setStreams(tracks.partId, { audioStreamID: 1 }));
  assert.match(error.message, /400|Bad Request/i);
});

test('streamText: a sidecar subtitle\'s text, as the server serves it (SRT, not JSON)', async () => {
  const tracks = await tracksOf(metropolis);
  const text = await client.streamText(tracks.subtitles.find((track) => track.external)!.key!);
  assert.match(text, /^1\r?\n00:00:0\d,\d{3} --> /);
});

test('a part without Stream elements has no choices', () => {
  assert.equal(partTracks({ id: 5, key: '/library/parts/5/1/file.mkv' }), { partId: 5, audio: [], subtitles: [] });
});

test.run();
