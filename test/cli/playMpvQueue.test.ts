// A play queue with the REAL mpv: one mpv process plays the whole season, each next episode handed to it only once its cache entry is
// ready (and prefetched while the one before plays); a skip replaces the file in the same mpv; Ctrl-C and quitting mpv end the queue.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock, startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { demoContainer, demoFetch, demoJson } from '../helpers/demoServer.js';
import { eventually, writePlugin } from '../helpers/extensionFixtures.js';
import { gate, isRunning, mpvStartsIn, partPath, pluginLog as pluginLogOf } from '../helpers/mpvQueue.js';
import { askMpv, demoState, hasMpv, processesMentioning, timelineReports, timelineStates } from '../helpers/playCli.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/** Orbital Kitchen, Season 1 (117): three 40 s episodes. */
const season = '117';
const episodes = ['119', '121', '123'];
const quiet = ['--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null', '--from-start'];

/** One line of `play --json`, loosely. */
interface Line {
  type: string;
  ratingKey?: string;
  state?: string;
  url?: string;
  reason?: string;
  played?: number;
  quit?: boolean;
  signal?: string;
  item?: { part: { upstreamPath: string } };
}

let home: TempFolder;
const demos: DemoServer[] = [];

async function demo(clock?: ManualClock): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true, ...(clock ? { clock } : {}) });
  demos.push(server);
  return server;
}

function lines(output: string | readonly string[]): Line[] {
  const list = typeof output === 'string' ? output.split('\n') : output;
  return list.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line).filter((line) => line.type !== 'phase');
}

function pluginLog(folder = home.path): Promise<string> {
  return pluginLogOf(folder);
}

function mpvStartsSince(before: number, folder = home.path): ReturnType<typeof mpvStartsIn> {
  return mpvStartsIn(folder, before);
}

/** The events of `ratingKey`'s play, in order. */
function eventsOf(events: Line[], ratingKey: string): Line[] {
  return events.filter((event) => event.ratingKey === ratingKey);
}

/** One entry of the server's `GET /status/sessions`, as far as these tests read it. */
interface SessionLine {
  ratingKey: string;
  sessionKey: string;
  playQueueItemID?: number;
  viewOffset: number;
  Player: { state: string; product: string; machineIdentifier: string };
  Session: { id: string };
}

/** What the server shows as playing now (its `/status/sessions`). */
async function sessionsOf(server: DemoServer): Promise<SessionLine[]> {
  const body = (await demoJson(server, '/status/sessions')) as { MediaContainer: { Metadata?: SessionLine[] } };
  return body.MediaContainer.Metadata ?? [];
}

/** Waits until the server's sessions are `expected` (ratingKey, playQueueItemID, player state), and answers them. */
async function sessionsBecome(server: DemoServer, expected: [string, number, string][], timeoutMs = 30_000): Promise<SessionLine[]> {
  let last: SessionLine[] = [];
  const shown = (list: SessionLine[]) => JSON.stringify(list.map((entry) => [entry.ratingKey, entry.playQueueItemID, entry.Player.state]));
  await eventually(async () => shown((last = await sessionsOf(server))) === JSON.stringify(expected), `/status/sessions shows ${JSON.stringify(expected)}`, timeoutMs).catch((error: unknown) => {
    throw new Error(`${String(error)}; it shows ${shown(last)}`);
  });
  return last;
}

/** `play` of the season on a demo of its own, once its first episode plays: the CLI and the queue's mpv. */
async function seasonPlaying(): Promise<{ server: DemoServer; live: ReturnType<typeof startCli>; mpv: { pid: number; socket: string } | undefined }> {
  const server = await demo();
  const logBefore = (await pluginLog()).length;
  const live = startCli(home.path, ['--server', server.url, '--token', server.token, 'play', season, ...quiet, '--json']);
  await live.waitForLine(/"type":"position".*"ratingKey":"119"/, 60_000);
  const [mpv] = await mpvStartsSince(logBefore);
  return { server, live, mpv };
}

if (hasMpv()) {
  test.before(async () => {
    home = await makeTempFolder('plexterm-cli-play-mpv-queue-');
  });

  test.after.each(killLiveClis);

  test.after(async () => {
    await killLiveClis();
    await Promise.all(demos.map((server) => server.close()));
    await home.remove();
  });

  test('a season plays its three episodes in order in ONE mpv process; the next episode is cached (ready) before the one before ends', async () => {
    const server = await demo();
    const logBefore = (await pluginLog()).length;
    const result = await runCli(['--server', server.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=6', '--json'], { env: cleanEnvironment(home.path), timeoutMs: 180_000 });
    assert.is(result.code, 0, result.stderr);
    const events = lines(result.stdout);
    const order = events.filter((event) => event.type === 'resolved' || event.type === 'launched' || event.type === 'ended').map((event) => `${event.type} ${event.ratingKey}`);
    assert.equal(order, episodes.flatMap((key) => [`resolved ${key}`, `launched ${key}`, `ended ${key}`]));
    assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'finished', 3]);
    const started = await mpvStartsSince(logBefore);
    assert.is(started.length, 1, `one mpv for the queue: ${started.map((start) => start.line).join('\n')}`);
    assert.match(started[0]?.line ?? '', /for a whole queue/);
    assert.not.match(await pluginLog(), /the next file is appended/, 'a season is not gapless: each episode loads after the one before');
    assert.not.ok(await isRunning(started[0]?.pid ?? 0), 'the queue\'s mpv quit at its end');
    // The second and third episodes' entries were opened while the one before played: ready when their own play opened them.
    for (const key of episodes.slice(1)) {
      const cache = eventsOf(events, key).filter((event) => event.type === 'cache').map((event) => event.state);
      assert.equal(cache, ['ready'], `${key}'s entry was ready at its play: ${cache.join(', ')}`);
    }
    // And the server saw the second episode's bytes asked for before the first episode's end was reported.
    const requests = (await demoState(server)).requests.map((request) => request.path);
    const secondPart = eventsOf(events, '121').find((event) => event.type === 'resolved')?.item?.part.upstreamPath ?? '-';
    const firstPartRequest = requests.findIndex((path) => path.startsWith(secondPart));
    const firstEnded = requests.findIndex((path) => path.startsWith('/:/timeline') && new URL(path, 'http://demo').searchParams.get('ratingKey') === '119' && path.includes('state=stopped'));
    assert.ok(firstPartRequest >= 0 && firstEnded >= 0 && firstPartRequest < firstEnded, `part of 121 asked at ${firstPartRequest}, 119 stopped at ${firstEnded}`);
  });

  test('the mpv started ahead of the play (beside the queue\'s creation) ends with a play that fails: an item the server does not have exits 2 and leaves no mpv behind', async () => {
    const server = await demo();
    const logBefore = (await pluginLog()).length;
    const result = await runCli(['--server', server.url, '--token', server.token, 'play', '987654', ...quiet, '--json'], { env: cleanEnvironment(home.path), timeoutMs: 120_000 });
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, /^plexterm: /m);
    const started = await mpvStartsSince(logBefore);
    assert.ok(started.length <= 1, `at most the one started ahead: ${started.map((start) => start.line).join('\n')}`);
    // Whether or not it had started before the server's answer: no mpv of this home runs (its socket is in the home);
    // one told to end as the play ended may take a moment to be gone.
    await eventually(async () => (await processesMentioning(join(home.path, 'data'))).length === 0, 'no mpv of this home runs');
    for (const { pid } of started) assert.not.ok(await isRunning(pid), `mpv ${pid} ended with the play`);
    assert.not.ok(lines(result.stdout).some((event) => event.type === 'launched'), 'nothing was launched');
  });

  test('the next episode\'s URL reaches the queue\'s mpv only once its entry is ready: until then the same mpv waits idle, without a file', async () => {
    const server = await demo();
    const held = await partPath(server, '121');
    const slow = await gate(server, held.slice(0, held.indexOf('/', '/library/parts/'.length) + 1));
    // A cache of its own: the episodes cached by the test before would be ready without a request.
    const own = await makeTempFolder('plexterm-cli-play-mpv-queue-gate-');
    try {
      const logBefore = 0;
      const live = startCli(own.path, ['--server', slow.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=2', '--json']);
      await live.waitForLine(/"type":"ended".*"ratingKey":"119"/, 60_000);
      await live.waitForLine(/"type":"resolved".*"ratingKey":"121"/, 30_000);
      assert.ok(slow.heldRequests() > 0, 'the second episode\'s bytes were asked for (and held)');
      const [mpv] = await mpvStartsSince(logBefore, own.path);
      assert.ok(mpv && (await isRunning(mpv.pid)), 'the queue\'s mpv still runs between the episodes');
      assert.equal((await askMpv(mpv?.socket ?? '', 'get_property', 'idle-active')).data, true, 'mpv is idle');
      assert.is((await askMpv(mpv?.socket ?? '', 'get_property', 'path')).error, 'property unavailable', 'mpv has no file');
      const before = lines(live.lines);
      assert.not.ok(eventsOf(before, '121').some((event) => event.type === 'launched' || event.state === 'ready'), live.lines.join('\n'));
      slow.release();
      const launched = JSON.parse(await live.waitForLine(/"type":"launched".*"ratingKey":"121"/, 30_000)) as Line;
      // The launch has sent the loadfile; mpv opens the file a moment later.
      let path: unknown;
      await eventually(async () => typeof (path = (await askMpv(mpv?.socket ?? '', 'get_property', 'path')).data) === 'string', 'the queue\'s mpv opened a file');
      assert.is(path, launched.url, 'the same mpv plays the second episode\'s stream');
      await live.waitForLine(/"type":"queueEnded"/, 60_000);
      await live.exited;
      assert.is(live.process.exitCode, 0);
      const events = lines(live.lines);
      const ready = eventsOf(events, '121').findIndex((event) => event.state === 'ready');
      assert.ok(ready >= 0 && ready < eventsOf(events, '121').findIndex((event) => event.type === 'launched'), 'ready, then launched');
      assert.is((await mpvStartsSince(logBefore, own.path)).length, 1, 'no second mpv');
    } finally {
      slow.release();
      await killLiveClis();
      await slow.close();
      await own.remove();
    }
  });

  /**
   * The season on a cache of its own, its second episode's bytes held at the gate: once the first episode ended, the queue's mpv
   * waits idle for the second (which cannot get ready). `body` runs then, with the CLI, the gate and that mpv; all is closed after.
   */
  async function idleBetweenEpisodes(prefix: string, body: (idle: { live: ReturnType<typeof startCli>; slow: Awaited<ReturnType<typeof gate>>; own: TempFolder; mpv: { pid: number; socket: string } }) => Promise<void>): Promise<void> {
    const server = await demo();
    const held = await partPath(server, '121');
    const slow = await gate(server, held.slice(0, held.indexOf('/', '/library/parts/'.length) + 1));
    const own = await makeTempFolder(prefix);
    try {
      const live = startCli(own.path, ['--server', slow.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=2', '--json']);
      await live.waitForLine(/"type":"ended".*"ratingKey":"119"/, 60_000);
      await live.waitForLine(/"type":"resolved".*"ratingKey":"121"/, 30_000);
      assert.ok(slow.heldRequests() > 0, 'the second episode\'s bytes were asked for (and held)');
      const [mpv] = await mpvStartsSince(0, own.path);
      if (!mpv) throw new Error(`no mpv started: ${await pluginLog(own.path)}`);
      await body({ live, slow, own, mpv });
    } finally {
      slow.release();
      await killLiveClis();
      await slow.close();
      await own.remove();
    }
  }

  test('quitting the queue\'s mpv while it waits idle between two episodes ends the queue (playerQuit): no new mpv starts, the next episode never plays', async () => {
    await idleBetweenEpisodes('plexterm-cli-play-mpv-queue-idle-quit-', async ({ live, own, mpv }) => {
      await askMpv(mpv.socket, 'quit').catch(() => undefined);
      // The second episode stays held: the queue ends without waiting for it.
      await live.waitForLine(/"type":"queueEnded"/, 30_000);
      await live.exited;
      assert.is(live.process.exitCode, 0, live.lines.join('\n'));
      const events = lines(live.lines);
      assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'playerQuit', 1]);
      assert.equal(events.filter((event) => event.type === 'launched').map((event) => event.ratingKey), ['119']);
      assert.is((await mpvStartsSince(0, own.path)).length, 1, `no second mpv: ${await pluginLog(own.path)}`);
    });
  });

  test('an idle queue mpv that crashes (killed) between two episodes is not a quit: the next episode starts a new mpv once ready, the queue goes on', async () => {
    await idleBetweenEpisodes('plexterm-cli-play-mpv-queue-idle-crash-', async ({ live, slow, own, mpv }) => {
      process.kill(mpv.pid, 'SIGKILL');
      await eventually(async () => !(await isRunning(mpv.pid)), 'the idle mpv is gone');
      slow.release();
      await live.waitForLine(/"type":"queueEnded"/, 90_000);
      await live.exited;
      assert.is(live.process.exitCode, 0);
      const events = lines(live.lines);
      assert.equal(events.filter((event) => event.type === 'launched').map((event) => event.ratingKey), episodes);
      assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'finished', 3]);
      assert.is((await mpvStartsSince(0, own.path)).length, 2, 'a new mpv for the rest of the queue');
    });
  });

  test('the server\'s /status/sessions follows the queue: the episode that plays (its playQueueItemID), paused and kept while paused, then the next episode alone, then nothing', async () => {
    // The server's clock moves only when the test says: a session the player leaves quiet for 60 s of it ends.
    const clock = new ManualClock();
    const server = await demo(clock);
    const own = await makeTempFolder('plexterm-cli-play-mpv-queue-sessions-');
    try {
      const live = startCli(own.path, ['--server', server.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=4', '--json']);
      const first = JSON.parse(await live.waitForLine(/"type":"playing".*"ratingKey":"119"/, 60_000)) as { playQueueItemID: number };
      const [mpv] = await mpvStartsSince(0, own.path);
      if (!mpv) throw new Error('no mpv started');
      const [playing] = await sessionsBecome(server, [['119', first.playQueueItemID, 'playing']]);
      assert.is(playing?.Player.product, 'plexterm');
      const identifier = (JSON.parse(await readFile(join(own.path, 'config', 'config.json'), 'utf8')) as { clientIdentifier: string }).clientIdentifier;
      assert.is(playing?.Player.machineIdentifier, identifier, 'the player is this plexterm');

      // Paused: the server shows it paused, where it stands, and keeps it for as long as it stays paused.
      await askMpv(mpv.socket, 'set_property', 'pause', true);
      const [paused] = await sessionsBecome(server, [['119', first.playQueueItemID, 'paused']]);
      const pausedReports = async () => (await timelineReports(server)).filter((params) => params.get('ratingKey') === '119' && params.get('state') === 'paused').length;
      const before = await pausedReports();
      clock.advance(50_000);
      await eventually(async () => (await pausedReports()) > before, 'a paused session is reported again while it stays paused', 40_000);
      clock.advance(50_000);
      const [kept] = await sessionsOf(server);
      assert.equal([kept?.ratingKey, kept?.Player.state, kept?.sessionKey, kept?.viewOffset], ['119', 'paused', paused?.sessionKey, paused?.viewOffset], '100 s of the server\'s time later, still there');
      await askMpv(mpv.socket, 'set_property', 'pause', false);

      // The first episode ends (--end=4): the server shows the second alone, a session of its own.
      const second = JSON.parse(await live.waitForLine(/"type":"playing".*"ratingKey":"121"/, 60_000)) as { playQueueItemID: number };
      assert.is.not(second.playQueueItemID, first.playQueueItemID);
      const [next] = await sessionsBecome(server, [['121', second.playQueueItemID, 'playing']]);
      assert.is.not(next?.sessionKey, playing?.sessionKey);
      await live.waitForLine(/"type":"queueEnded"/, 60_000);
      await live.exited;
      assert.is(live.process.exitCode, 0);
      assert.equal(await sessionsOf(server), [], 'the queue ended: nothing plays');
    } finally {
      await killLiveClis();
      await own.remove();
    }
  });

  test('the server gone between two episodes: the cached next one still plays in the same mpv (its progress kept in the journal), the queue waits at the first one not cached, saying why, and goes on when the server is back', async () => {
    const server = await demo();
    // A door in front of the demo: closing it takes the server away (connections refused), the demo itself stays.
    const door = await gate(server, '/nothing-is-held');
    const own = await makeTempFolder('plexterm-cli-play-mpv-queue-offline-');
    let closed = false;
    try {
      // The second episode kept offline: every byte on disk.
      const pinned = await runCli(['--server', door.url, '--token', server.token, 'cache', 'pin', '121'], { env: cleanEnvironment(own.path), timeoutMs: 120_000 });
      assert.is(pinned.code, 0, pinned.stderr);
      const live = startCli(own.path, ['--server', door.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=3', '--json']);
      await live.waitForLine(/"type":"playing".*"ratingKey":"119"/, 60_000);
      await eventually(async () => (await timelineStates(server, '119')).includes('playing'), 'the first episode was reported playing');
      await door.close();
      closed = true;
      // The queue waits at the third episode (not cached), saying why, instead of ending.
      await live.waitForLine(/"type":"waiting"/, 120_000);
      const waiting = lines(live.lines).find((event) => event.type === 'waiting') as Line & { message?: string };
      assert.equal([waiting.ratingKey], ['123']);
      assert.match(waiting.message ?? '', /Hydroponic Harvest.*(cannot connect|refused).*goes on when the server answers/);
      assert.is(live.process.exitCode, null, 'the queue waits: plexterm is still running');
      const whileAway = lines(live.lines);
      assert.equal(whileAway.filter((event) => event.type === 'launched').map((event) => event.ratingKey), ['119', '121']);
      assert.equal(whileAway.filter((event) => event.type === 'ended').map((event) => event.ratingKey), ['119', '121']);
      // The server heard nothing of the second episode meanwhile: its progress waits in the journal.
      assert.equal(await timelineStates(server, '121'), []);
      const journal = JSON.parse(await readFile(join(own.path, 'data', 'playback-journal.json'), 'utf8')) as { entries: { kind: string; ratingKey: string; state?: string }[] };
      assert.ok(journal.entries.some((entry) => entry.ratingKey === '121' && entry.kind === 'timeline' && entry.state === 'stopped'), JSON.stringify(journal.entries));
      // The server is back: the queue goes on with the third episode, and the journal reaches the server.
      await door.reopen();
      closed = false;
      await live.waitForLine(/"type":"queueEnded"/, 120_000);
      await live.exited;
      assert.is(live.process.exitCode, 0);
      const events = lines(live.lines);
      assert.equal(events.filter((event) => event.type === 'ended').map((event) => event.ratingKey), ['119', '121', '123']);
      const end = events.at(-1) as Line & { message?: string };
      assert.equal([end.type, end.reason, end.played], ['queueEnded', 'finished', 3]);
      assert.ok((await timelineStates(server, '121')).includes('stopped'), 'the journal was sent once the server answered');
    } finally {
      await killLiveClis();
      if (!closed) await door.close();
      await own.remove();
    }
  });

  test('an episode whose file is gone is skipped, and the queue goes on in the same mpv', async () => {
    const server = await demo();
    const part = (await demoContainer(server, '/library/metadata/121')).MediaContainer.Metadata?.[0]?.Media?.[0]?.Part?.[0]?.id;
    assert.is((await demoFetch(server, `/__demo/parts/${String(part)}/remove`, { method: 'POST' })).status, 200);
    // A cache of its own: a copy of the episode cached by a test before would still play (as it should).
    const own = await makeTempFolder('plexterm-cli-play-mpv-queue-skip-');
    try {
      const result = await runCli(['--server', server.url, '--token', server.token, 'play', season, ...quiet, '--player-arg=--end=2', '--json'], { env: cleanEnvironment(own.path), timeoutMs: 180_000 });
      assert.is(result.code, 0, result.stderr);
      const events = lines(result.stdout);
      assert.equal(events.filter((event) => event.type === 'launched').map((event) => event.ratingKey), ['119', '123']);
      assert.equal(events.filter((event) => event.type === 'skipped').map((event) => event.ratingKey), ['121']);
      assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'finished', 2]);
      const started = await mpvStartsSince(0, own.path);
      assert.is(started.length, 1, `one mpv, the skipped episode's included: ${started.map((start) => start.line).join('\n')}`);
      assert.not.ok(await isRunning(started[0]?.pid ?? 0), 'the queue\'s mpv quit at its end');
    } finally {
      await own.remove();
    }
  });

  test('a skip (playback.next) replaces the file in the same mpv: the first episode is reported stopped, the next plays', async () => {
    const server = await demo();
    const pluginsDir = join(home.path, 'skipper-plugins');
    await writePlugin(pluginsDir, {
      name: 'skipper',
      manifest: { activationEvents: ['*'] },
      code: `export function activate(context) {
  let asked = false;
  const watch = context.api.playback.session$.subscribe((state) => {
    if (asked || !state || state.ratingKey !== '119' || state.state !== 'playing') return;
    asked = true;
    context.api.playback.next().then((moved) => context.log('skipped: ' + moved));
  });
  context.subscriptions.push({ dispose: () => watch.unsubscribe() });
}`,
    });
    const logBefore = (await pluginLog()).length;
    const result = await runCli(['--server', server.url, '--token', server.token, '--plugins-dir', pluginsDir, 'play', season, ...quiet, '--player-arg=--end=3', '--json'], { env: cleanEnvironment(home.path), timeoutMs: 180_000 });
    assert.is(result.code, 0, result.stderr);
    assert.match(await pluginLog(), /skipped: true/);
    const events = lines(result.stdout);
    assert.equal(events.filter((event) => event.type === 'launched').map((event) => event.ratingKey), episodes);
    assert.equal(events.filter((event) => event.type === 'ended').map((event) => event.ratingKey), episodes.slice(1), 'the first was left, the others ended');
    assert.is((await timelineStates(server, '119')).at(-1), 'stopped');
    assert.is((await mpvStartsSince(logBefore)).length, 1, 'one mpv for the queue, the skip included');
  });

  test('Ctrl-C ends the queue and its mpv: stopped is reported for the current episode only, nothing after it starts', async () => {
    const { server, live, mpv } = await seasonPlaying();
    assert.ok(mpv && (await isRunning(mpv.pid)));
    assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
    const events = lines(live.lines);
    assert.equal([events.at(-2)?.type, events.at(-2)?.signal, events.at(-2)?.ratingKey], ['stopped', 'SIGINT', '119']);
    assert.equal([events.at(-1)?.type, events.at(-1)?.reason], ['queueEnded', 'stopped']);
    assert.equal(events.filter((event) => event.type === 'resolved').map((event) => event.ratingKey), ['119']);
    assert.is((await timelineStates(server, '119')).at(-1), 'stopped');
    assert.equal(await timelineStates(server, '121'), []);
    assert.not.ok(await isRunning(mpv?.pid ?? 0), 'the queue\'s mpv has quit');
  });

  test('quitting mpv ends the queue: the episode ends (quit), the next never starts', async () => {
    const { server, live, mpv } = await seasonPlaying();
    await askMpv(mpv?.socket ?? '', 'quit').catch(() => undefined);
    await live.waitForLine(/"type":"queueEnded"/, 30_000);
    await live.exited;
    assert.is(live.process.exitCode, 0);
    const events = lines(live.lines);
    const ended = events.find((event) => event.type === 'ended');
    assert.equal([ended?.ratingKey, ended?.quit], ['119', true]);
    assert.equal([events.at(-1)?.type, events.at(-1)?.reason], ['queueEnded', 'playerQuit']);
    assert.equal(events.filter((event) => event.type === 'resolved').map((event) => event.ratingKey), ['119']);
    assert.equal(await timelineStates(server, '121'), []);
  });
} else {
  requireMissingProgram('mpv', 'playMpvQueue');
}

test.run();
