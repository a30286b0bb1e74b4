// An album with the REAL mpv plays gapless: the next track is appended to the queue's one mpv before the one that plays ends, only once its
// cache entry is ready; each track is still its own item (events, playQueueItemID, timelines); a next track not ready in time loads after the end.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { eventually, writePlugin } from '../helpers/extensionFixtures.js';
import { isRunning, mpvStartsIn, partGate, pluginLog } from '../helpers/mpvQueue.js';
import { demoContainer } from '../helpers/demoServer.js';
import { askMpv, hasMpv, timelineReports, timelineStates } from '../helpers/playCli.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/** The demo's album "Sine Waves" (142): three 15 s tracks. */
const album = '142';
const tracks = ['144', '146', '148'];
const quiet = ['--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null', '--from-start', '--json'];
/**
 * Three times as fast, on mpv's clock still: a 15 s track plays 5 s, long enough for the next to be cached and appended. Small audio
 * buffers: mpv ends a file when its last sound is decoded, as much earlier than heard as is buffered (times the speed), which would
 * take the end of a track out of the second before its end, where it counts as the end.
 */
const brisk = ['--player-arg=--speed=3', '--player-arg=--audio-buffer=0.05', '--player-arg=--ao-null-buffer=0.05'];
const appendedLine = /the next file is appended \(playlist entry (\d+)\)/;
const playsOnLine = /the next item plays on in the appended file/;

/** The mpv playlist entries the plugin's log says were appended, in order. */
function appendedEntries(log: string): string[] {
  return [...log.matchAll(new RegExp(appendedLine, 'g'))].map((match) => match[1] ?? '');
}

/** One line of `play --json`, loosely. */
interface Line {
  type: string;
  ratingKey?: string;
  playQueueItemID?: number;
  state?: string;
  url?: string;
  reason?: string;
  played?: number;
  signal?: string;
}

const demos: DemoServer[] = [];
const homes: TempFolder[] = [];

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true });
  demos.push(server);
  return server;
}

/** A plexterm home of its own (an empty cache) whose config prefetches the next track as soon as one plays. */
async function home(): Promise<TempFolder> {
  const folder = await makeTempFolder('plexterm-cli-play-gapless-');
  homes.push(folder);
  await mkdir(join(folder.path, 'config'), { recursive: true });
  await writeFile(join(folder.path, 'config', 'config.json'), JSON.stringify({ prefetch: { percent: 0 } }));
  return folder;
}

function lines(output: string | readonly string[]): Line[] {
  const list = typeof output === 'string' ? output.split('\n') : output;
  return list.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line).filter((line) => line.type !== 'phase');
}

/** What each track's play reported, in order, as "type" (and the cache state for cache events). */
function stepsOf(events: Line[], ratingKey: string): string[] {
  return events.filter((event) => event.ratingKey === ratingKey && event.type !== 'position' && event.type !== 'scrobbled' && event.type !== 'upNext').map((event) => (event.type === 'cache' ? `cache ${event.state ?? ''}` : event.type));
}

/** How often the server counts each track of the album watched. */
async function viewCounts(server: DemoServer): Promise<number[]> {
  return Promise.all(tracks.map(async (key) => (await demoContainer(server, `/library/metadata/${key}`)).MediaContainer.Metadata?.[0]?.viewCount ?? 0));
}

/** The playlist of the mpv on `socket`: its entries' ids, and which one plays. */
async function playlistOf(socket: string): Promise<{ ids: number[]; current: number | undefined }> {
  const entries = (await askMpv(socket, 'get_property', 'playlist')).data as { id: number; current?: boolean }[];
  return { ids: entries.map((entry) => entry.id), current: entries.find((entry) => entry.current === true)?.id };
}

if (hasMpv()) {
  test.after.each(killLiveClis);

  test.after(async () => {
    await killLiveClis();
    await Promise.all(demos.map((server) => server.close()));
    await Promise.all(homes.map((folder) => folder.remove()));
  });

  test('an album plays its tracks in ONE mpv, each next track appended before the one before ended, each reported as its own queue item', async () => {
    const server = await demo();
    const own = await home();
    const before = await viewCounts(server);
    const result = await runCli(['--server', server.url, '--token', server.token, 'play', album, ...quiet, ...brisk], { env: cleanEnvironment(own.path), timeoutMs: 180_000 });
    assert.is(result.code, 0, result.stderr);
    const events = lines(result.stdout);
    assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'finished', 3]);
    // Each track is an item of its own, in order: its events carry its own playQueueItemID.
    const ids = tracks.map((key) => new Set(events.filter((event) => event.ratingKey === key && event.type !== 'upNext').map((event) => event.playQueueItemID)));
    assert.ok(ids.every((set) => set.size === 1), 'one playQueueItemID per track');
    assert.is(new Set(ids.map((set) => [...set][0])).size, 3, 'three different playQueueItemIDs');
    for (const key of tracks.slice(1)) assert.equal(stepsOf(events, key), ['resolved', 'cache ready', 'launched', 'playing', 'ended'], `${key}'s play`);
    assert.equal(events.filter((event) => event.type === 'ended').map((event) => event.ratingKey), tracks);
    // One mpv; it went on to each next track by itself: appended (playlist entries 2 and 3), then taken over by that track's play.
    const log = await pluginLog(own.path);
    const started = await mpvStartsIn(own.path);
    assert.is(started.length, 1, `one mpv for the album: ${log}`);
    assert.not.ok(await isRunning(started[0]?.pid ?? 0), 'the album\'s mpv quit at its end');
    assert.equal(appendedEntries(log), ['2', '3'], log);
    assert.is(log.split('\n').filter((line) => playsOnLine.test(line)).length, 2, log);
    // The server was told about each track as its own queue item, and each was marked watched.
    const reports = await timelineReports(server);
    for (const key of tracks) {
      const ofTrack = reports.filter((report) => report.get('ratingKey') === key);
      const itemIds = new Set(ofTrack.map((report) => report.get('playQueueItemID')));
      assert.equal([...itemIds], [String(events.find((event) => event.ratingKey === key && event.type === 'launched')?.playQueueItemID)], `${key}'s timelines`);
      assert.is(ofTrack.at(-1)?.get('state'), 'stopped', `${key}'s last timeline`);
    }
    assert.equal(events.filter((event) => event.type === 'scrobbled').map((event) => event.ratingKey), tracks);
    assert.equal(await viewCounts(server), before.map((count) => count + 1), 'the server counts each track watched once more');
  });

  test('the next track reaches mpv only once its entry is ready: held back, nothing is appended; released, it is appended while the track before still plays', async () => {
    const server = await demo();
    const own = await home();
    const slow = await partGate(server, '146');
    try {
      // In real time: the first track plays 15 s, while the test holds and releases the second's bytes.
      const live = startCli(own.path, ['--server', slow.url, '--token', server.token, 'play', album, ...quiet]);
      await live.waitForLine(/"type":"playing".*"ratingKey":"144"/, 60_000);
      await eventually(async () => slow.heldRequests() > 0, 'the second track\'s bytes were asked for (and held)');
      const [mpv] = await mpvStartsIn(own.path);
      const socket = mpv?.socket ?? '';
      assert.equal((await playlistOf(socket)).ids.length, 1, 'held back: nothing appended');
      assert.not.match(await pluginLog(own.path), appendedLine);
      assert.not.ok(lines(live.lines).some((event) => event.ratingKey === '146' && event.state === 'ready'));
      slow.release();
      await eventually(async () => appendedLine.test(await pluginLog(own.path)), 'the second track was appended once ready');
      const playlist = await playlistOf(socket);
      assert.is(playlist.ids.length, 2, 'the second track waits in mpv\'s playlist');
      assert.is(playlist.current, playlist.ids[0], 'while the first still plays');
      assert.not.ok(lines(live.lines).some((event) => event.type === 'ended'), 'nothing ended yet');
      // To its end: mpv goes on to the appended track by itself, and that track's play takes it over.
      await askMpv(socket, 'seek', 13, 'absolute');
      await live.waitForLine(/"type":"playing".*"ratingKey":"146"/, 60_000);
      const events = lines(live.lines);
      assert.equal(stepsOf(events, '146'), ['resolved', 'cache ready', 'launched', 'playing']);
      assert.is(events.find((event) => event.ratingKey === '146' && event.type === 'launched')?.url, (await askMpv(socket, 'get_property', 'path')).data, 'mpv plays the URL the second track was launched with');
      assert.match(await pluginLog(own.path), playsOnLine);
      // Ctrl-C in the appended track: it is the one reported stopped, and the album's mpv quits.
      assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
      const stopped = lines(live.lines);
      assert.equal([stopped.at(-2)?.type, stopped.at(-2)?.ratingKey], ['stopped', '146']);
      assert.equal([stopped.at(-1)?.type, stopped.at(-1)?.reason], ['queueEnded', 'stopped']);
      assert.not.ok(await isRunning(mpv?.pid ?? 0), 'the album\'s mpv has quit');
      assert.is((await mpvStartsIn(own.path)).length, 1);
    } finally {
      slow.release();
      await killLiveClis();
      await slow.close();
    }
  });

  test('a skip (playback.next) while the next track waits appended: the track is reported stopped, and the next loads in the same mpv', async () => {
    const server = await demo();
    const own = await home();
    // The plugin skips once the test says so (a file in its folder): after the next track was appended.
    const skipper = await writePlugin(join(own.path, 'skipper-plugins'), {
      name: 'skipper',
      manifest: { activationEvents: ['*'] },
      code: `import { existsSync } from 'node:fs';
import { join } from 'node:path';
export function activate(context) {
  const timer = setInterval(() => {
    if (!existsSync(join(context.pluginPath, 'go'))) return;
    clearInterval(timer);
    context.api.playback.next().then((moved) => context.log('skipped: ' + moved));
  }, 50);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
}`,
    });
    const live = startCli(own.path, ['--server', server.url, '--token', server.token, '--plugins-dir', join(skipper, '..'), 'play', album, ...quiet]);
    await eventually(async () => /playlist entry 2/.test(await pluginLog(own.path)), 'the second track was appended');
    await writeFile(join(skipper, 'go'), '');
    const launched = JSON.parse(await live.waitForLine(/"type":"launched".*"ratingKey":"146"/, 60_000)) as Line;
    await live.waitForLine(/"type":"playing".*"ratingKey":"146"/, 60_000);
    const [mpv] = await mpvStartsIn(own.path);
    assert.is((await askMpv(mpv?.socket ?? '', 'get_property', 'path')).data, launched.url, 'the same mpv plays the second track\'s stream');
    // The first track's entry and the one appended after it were cleared: the second plays from an entry of its own (the third may wait after it).
    const playlist = await playlistOf(mpv?.socket ?? '');
    assert.ok(!playlist.ids.includes(1) && !playlist.ids.includes(2) && playlist.current === playlist.ids[0], JSON.stringify(playlist));
    const log = await pluginLog(own.path);
    assert.match(log, /skipped: true/);
    assert.not.match(log, playsOnLine, 'mpv did not go on by itself: the first track was left');
    assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
    const events = lines(live.lines);
    assert.not.ok(events.some((event) => event.type === 'ended' && event.ratingKey === '144'), 'the first track was left, not ended');
    assert.is((await timelineStates(server, '144')).at(-1), 'stopped');
    assert.is((await mpvStartsIn(own.path)).length, 1, 'one mpv, the skip included');
  });

  test('a next track not ready before the one before ends is loaded after it, in the same mpv (today\'s way)', async () => {
    const server = await demo();
    const own = await home();
    const slow = await partGate(server, '146');
    try {
      const live = startCli(own.path, ['--server', slow.url, '--token', server.token, 'play', album, ...quiet, ...brisk]);
      await live.waitForLine(/"type":"ended".*"ratingKey":"144"/, 60_000);
      await live.waitForLine(/"type":"resolved".*"ratingKey":"146"/, 30_000);
      const [mpv] = await mpvStartsIn(own.path);
      assert.equal((await askMpv(mpv?.socket ?? '', 'get_property', 'idle-active')).data, true, 'the album\'s mpv waits idle');
      assert.not.match(await pluginLog(own.path), appendedLine);
      slow.release();
      await live.waitForLine(/"type":"queueEnded"/, 60_000);
      await live.exited;
      assert.is(live.process.exitCode, 0);
      const events = lines(live.lines);
      // Its entry was on its way (held) when its play opened it: ready only after the release, launched after that.
      assert.equal(stepsOf(events, '146').filter((step) => !step.startsWith('cache ') || step === 'cache ready'), ['resolved', 'cache ready', 'launched', 'playing', 'ended']);
      assert.equal(events.filter((event) => event.type === 'ended').map((event) => event.ratingKey), tracks);
      // The second track was loaded, not appended (only the third may have been, when it was ready in time).
      const log = await pluginLog(own.path);
      assert.ok(appendedEntries(log).length <= 1, log);
      assert.is((await mpvStartsIn(own.path)).length, 1, 'one mpv');
    } finally {
      slow.release();
      await killLiveClis();
      await slow.close();
    }
  });
} else {
  requireMissingProgram('mpv', 'playMpvGapless');
}

test.run();
