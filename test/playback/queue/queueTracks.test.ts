// A play queue's audio and subtitle choices on a real playback service, cache and demo server: what each entry's player starts with, what the server is told, the sidecar file's life.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexClient } from '../../../src/plex/client.js';
import type { PlexMetadata } from '../../../src/plex/models.js';
import type { QueueEvent } from '../../../src/playback/queue/queueEvents.js';
import { playQueue, type QueuePlayRequest } from '../../../src/playback/queue/queuePlayback.js';
import type { QueueClient } from '../../../src/playback/queue/queueSource.js';
import type { QueueEditClient } from '../../../src/playback/queue/queueEdits.js';
import { findLanguage } from '../../../src/base/language.js';
import { findItem } from '../../helpers/demoServer.js';
import { eventually } from '../../helpers/extensionFixtures.js';
import { playbackHarness, type PlaybackHarness } from '../../helpers/playbackHarness.js';

type Streams = NonNullable<NonNullable<NonNullable<PlexMetadata['Media']>[number]['Part']>[number]['Stream']>;

const english = findLanguage('eng')!;
const french = findLanguage('fra')!;

/** The first part of `ratingKey`: its id and its streams, as the server has them now. */
async function partOf(harness: PlaybackHarness, ratingKey: string): Promise<{ id: number; streams: Streams }> {
  const part = (await harness.client.metadata(ratingKey)).Media?.[0]?.Part?.[0];
  if (!part) throw new Error(`${ratingKey} has no part`);
  return { id: part.id, streams: part.Stream ?? [] };
}

function streamId(streams: Streams, streamType: number, languageCode: string): number {
  const stream = streams.find((candidate) => candidate.streamType === streamType && candidate.languageCode === languageCode);
  if (!stream) throw new Error(`no stream ${streamType} ${languageCode} in ${JSON.stringify(streams)}`);
  return stream.id;
}

/** The query of each PUT /library/parts/{partId} the demo got. */
async function choicesTold(harness: PlaybackHarness, partId: number): Promise<string[]> {
  const state = await harness.demoState();
  return state.requests
    .filter((request) => request.method === 'PUT' && request.path.split('?')[0] === `/library/parts/${partId}`)
    .map((request) => new URL(request.path, 'http://demo').search);
}

/** Runs the queue until `count` entries launched and ended (each ends at once, after `onLaunch`), then stops it; its events. */
async function runEntries(harness: PlaybackHarness, client: QueueClient & QueueEditClient & Pick<PlexClient, 'setStreams'>, request: QueuePlayRequest, count: number, onLaunch: (index: number) => Promise<void> = async () => {}): Promise<QueueEvent[]> {
  const events: QueueEvent[] = [];
  let allEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => (allEnded = resolve));
  const subscription = playQueue(client, harness.service, { playerId: 'fake', fromStart: true, ...request }).subscribe((event) => {
    events.push(event);
    const endings = events.filter((seen) => seen.type === 'item' && seen.event.type === 'ended').length;
    if (endings === count || event.type === 'queueEnded') allEnded();
  });
  try {
    for (let index = 0; index < count; index += 1) {
      const launch = await harness.player.nextLaunch();
      await onLaunch(index);
      launch.events.next({ type: 'playing', position: 0, duration: 12_000 });
      launch.events.next({ type: 'ended', position: 12_000, duration: 12_000 });
    }
    await ended;
  } finally {
    subscription.unsubscribe();
  }
  return events;
}

function seasonOf(harness: PlaybackHarness): Promise<string> {
  return findItem(harness.demo, 'TV Shows', 'Harbour').then(async (show) => {
    const seasons = await harness.client.children(show.ratingKey);
    return seasons[0]!.ratingKey;
  });
}

test('a subtitle chosen by id for the first episode carries to the next by language: both launch with English (sid 1), the server was told for each part', async () => {
  const harness = await playbackHarness({ inspect: true });
  try {
    const season = await seasonOf(harness);
    const episodes = await harness.client.children(season);
    const [first, second] = await Promise.all(episodes.slice(0, 2).map((episode) => partOf(harness, episode.ratingKey)));
    const chosen = streamId(first!.streams, 3, 'eng');
    await runEntries(harness, harness.client, { ratingKey: season, tracks: { subtitle: { id: chosen } } }, 2);
    assert.equal(harness.player.launches.map((launch) => [launch.options.ratingKey, launch.options.subtitleTrack, launch.options.audioTrack]), [
      [episodes[0]!.ratingKey, 1, 1],
      [episodes[1]!.ratingKey, 1, 1],
    ]);
    assert.equal(await choicesTold(harness, first!.id), [`?subtitleStreamID=${chosen}`]);
    assert.equal(await choicesTold(harness, second!.id), [`?subtitleStreamID=${streamId(second!.streams, 3, 'eng')}`]);
  } finally {
    await harness.close();
  }
});

test('a sidecar subtitle: the player gets a local file holding the server\'s text (sid after the file\'s own), removed once the entry ended', async () => {
  const harness = await playbackHarness({ inspect: true });
  try {
    const metropolis = await findItem(harness.demo, 'Movies', 'Metropolis');
    const part = await partOf(harness, metropolis.ratingKey);
    const sidecar = part.streams.find((stream) => stream.streamType === 3 && typeof stream.key === 'string');
    const served = await harness.client.streamText(sidecar!.key!);
    assert.match(served, /-->/, 'the demo serves SRT text');
    let file = '';
    await runEntries(harness, harness.client, { ratingKey: metropolis.ratingKey, noContinue: true, tracks: { subtitle: { language: french } } }, 1, async () => {
      const options = harness.player.launches[0]!.options;
      file = options.subtitleFile ?? '';
      assert.equal([options.subtitleTrack, options.audioTrack], [2, 1]);
      assert.is(await readFile(file, 'utf8'), served);
      assert.not.ok(JSON.stringify(options).includes('/library/streams'), 'no server path reaches the player');
    });
    // Removed as the entry finished (its removal is not awaited by anyone).
    await eventually(() => !existsSync(file), `${file} is removed`);
  } finally {
    await harness.close();
  }
});

test('a language a later entry lacks: a warning, and it plays with the server\'s choice; the first entry lacking it plays nothing', async () => {
  const harness = await playbackHarness({ inspect: true });
  try {
    const metropolis = await findItem(harness.demo, 'Movies', 'Metropolis');
    const other = await findItem(harness.demo, 'Movies', 'Night of the Living Dead');
    // A queue of both: Metropolis (German and English) then a film whose audio has no language.
    const both: QueueClient & QueueEditClient & Pick<PlexClient, 'setStreams'> = Object.assign(Object.create(harness.client) as PlexClient, {
      createPlayQueue: (request: Parameters<PlexClient['createPlayQueue']>[0]) => harness.client.createPlayQueue({ ...request, path: `/library/metadata/${metropolis.ratingKey},${other.ratingKey}`, continuous: false }),
    });
    const events = await runEntries(harness, both, { ratingKey: metropolis.ratingKey, tracks: { audio: { language: english } } }, 2);
    assert.equal(harness.player.launches.map((launch) => [launch.options.ratingKey, launch.options.audioTrack]), [[metropolis.ratingKey, 2], [other.ratingKey, 1]]);
    const warnings = events.flatMap((event) => (event.type === 'item' && event.event.type === 'warning' ? [event.event.message] : []));
    assert.equal(warnings, ['"Night of the Living Dead" has no audio track English (eng) (it has: Unknown (AAC Stereo)): the server\'s choice plays']);

    const failed = await new Promise<QueueEvent[]>((resolve) => {
      const seen: QueueEvent[] = [];
      playQueue(harness.client, harness.service, { ratingKey: other.ratingKey, playerId: 'fake', noContinue: true, tracks: { audio: { language: english } } }).subscribe({
        next: (event) => seen.push(event),
        complete: () => resolve(seen),
      });
    });
    assert.equal(failed.at(-1), { type: 'queueEnded', playQueueID: (failed.at(-1) as { playQueueID: number }).playQueueID, played: 0, skipped: 0, reason: 'failed', code: 'no-track', message: '"Night of the Living Dead" has no audio track English (eng) (it has: Unknown (AAC Stereo))' });
    assert.is(harness.player.launches.length, 2, 'nothing more launched');
  } finally {
    await harness.close();
  }
});

test.run();
