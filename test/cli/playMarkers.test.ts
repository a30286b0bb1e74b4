// `plexterm play` and markers, with a fixture player that can seek, against the demo (every episode: intro 2–10 s, credits 34–40 s):
// markerEntered in --json, skipIntro "auto" seeking past the intro, "ask" (the default) letting it play, up next and autoplay.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { demoJson } from '../helpers/demoServer.js';
import { runMain } from '../helpers/cliInProcess.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { seekingPlayerPlugin } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/** Orbital Kitchen Season 1 (117): 119, 121, 123. */
const firstEpisode = '119';
/** The episode's markers as the demo has them (read in `before`), in play's terms. */
let intro: { type: string; start: number; end: number };
let credits: { type: string; start: number; end: number };

interface Line {
  type: string;
  ratingKey?: string;
  title?: string;
  inSeconds?: number;
  position?: number;
  duration?: number;
  reason?: string;
  played?: number;
  marker?: { type: string; start: number; end: number };
}

let demo: DemoServer;
const homes: TempFolder[] = [];

test.before(async () => {
  demo = await startDemoServer({});
  const answer = (await demoJson(demo, `/library/metadata/${firstEpisode}?includeMarkers=1`)) as { MediaContainer: { Metadata: { Marker: { type: string; startTimeOffset: number; endTimeOffset: number }[] }[] } };
  const [first, second] = (answer.MediaContainer.Metadata[0]?.Marker ?? []).map((marker) => ({ type: marker.type, start: marker.startTimeOffset, end: marker.endTimeOffset }));
  assert.ok(first && second, 'the demo episode has its intro and credits');
  [intro, credits] = [first, second];
});

test.after(async () => {
  await demo.close();
  await Promise.all(homes.map((home) => home.remove()));
});

/** `play --json` in a home of its own whose config.json holds `config`, with the seeking player. */
async function play(config: Record<string, unknown>, ...args: string[]): Promise<{ events: Line[]; stderr: string; pluginLog: string }> {
  const home = await makeTempFolder('plexterm-cli-play-markers-');
  homes.push(home);
  const pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, seekingPlayerPlugin);
  await mkdir(join(home.path, 'config'), { recursive: true });
  await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify(config));
  const result = await runMain(['--server', demo.url, '--token', demo.token, '--plugins-dir', pluginsDir, 'play', ...args, '--player', 'seeker', '--from-start', '--json'], { env: cleanEnvironment(home.path) });
  assert.is(result.code, 0, result.stderr);
  const events = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
  const pluginLog = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
  assert.match(pluginLog, /launch /, 'the plugin log is the player\'s');
  return { events, stderr: result.stderr, pluginLog };
}

const markerLines = (events: Line[]) => events.filter((event) => event.type.startsWith('marker')).map((event) => ({ type: event.type, ratingKey: event.ratingKey, marker: event.marker }));
const positions = (events: Line[]) => events.filter((event) => event.type === 'position').map((event) => event.position ?? -1);

test('skipIntro "auto": markerEntered, the player seeked to the intro\'s end, markerSkipped; no position inside the intro after it', async () => {
  const { events, pluginLog } = await play({ skipIntro: 'auto' }, firstEpisode, '--no-continue');
  assert.equal(markerLines(events), [
    { type: 'markerEntered', ratingKey: firstEpisode, marker: intro },
    { type: 'markerSkipped', ratingKey: firstEpisode, marker: intro },
    { type: 'markerEntered', ratingKey: firstEpisode, marker: credits },
  ]);
  assert.match(pluginLog, new RegExp(`seek ${intro.end}\\b`));
  // The skip is a round trip to the player: positions it reported meanwhile may lie in the intro, none after it.
  // The player moves a second a step from 0: only the seek puts it at the intro's end exactly.
  assert.ok(positions(events).includes(intro.end), positions(events).join(' '));
  const afterSkip = positions(events.slice(events.findIndex((event) => event.type === 'markerSkipped')));
  assert.ok(afterSkip.length > 0 && afterSkip.every((position) => position >= intro.end), afterSkip.join(' '));
  assert.not.ok(events.some((event) => event.type === 'upNext'), 'nothing after a --no-continue item');
});

test('the default ("ask"): headless play cannot ask, so the intro plays through and is only reported; nothing is seeked', async () => {
  const { events, pluginLog } = await play({}, firstEpisode, '--no-continue');
  assert.equal(markerLines(events).map((line) => `${line.type} ${line.marker?.type}`), ['markerEntered intro', 'markerEntered credits']);
  assert.not.match(pluginLog, /seek /);
  assert.ok(positions(events).some((position) => position > intro.start && position < intro.end));
});

test('up next at the credits names the next episode; autoplay false ends the queue after the first episode (autoplayOff), with no up next', async () => {
  const { events } = await play({}, '117');
  const upNext = events.filter((event) => event.type === 'upNext');
  assert.equal(upNext.map((event) => event.ratingKey), ['121', '123']);
  assert.match(upNext[0]?.title ?? '', /Zero-G Soufflé/);
  const creditsAt = events.findIndex((event) => event.type === 'markerEntered' && event.marker?.type === 'credits');
  assert.is(events[creditsAt + 1]?.type, 'upNext', 'announced as the credits start');
  // The seconds left: from the position that entered the credits to the end the player reports.
  const entering = events[creditsAt - 1];
  assert.is(entering?.type, 'position');
  assert.is(upNext[0]?.inSeconds, Math.round(((entering?.duration ?? 0) - (entering?.position ?? 0)) / 1000));
  assert.ok((upNext[0]?.inSeconds ?? 0) > 0);
  assert.equal(events.filter((event) => event.type === 'resolved').map((event) => event.ratingKey), ['119', '121', '123']);
  const off = await play({ autoplay: false }, '117');
  assert.equal(off.events.filter((event) => event.type === 'resolved').map((event) => event.ratingKey), ['119']);
  assert.not.ok(off.events.some((event) => event.type === 'upNext'));
  const end = off.events.at(-1);
  assert.equal([end?.type, end?.reason, end?.played], ['queueEnded', 'autoplayOff', 1]);
});

test.run();
