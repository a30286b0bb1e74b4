// `plexterm play` with the REAL mpv through the bundled mpv plugin and the cache: the timeline the demo records, the scrobble, resume and --from-start (failing, saying why, where mpv is missing).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { demoFetch } from '../helpers/demoServer.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { demoState, hasMpv, playEvents, timelineReports, timelineStates } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

let home: TempFolder;
const demos: DemoServer[] = [];
const quiet = ['--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null'];

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true });
  demos.push(server);
  return server;
}

function playArgs(server: DemoServer, ...args: string[]): string[] {
  return ['--server', server.url, '--token', server.token, 'play', ...args];
}

function pluginLog(): Promise<string> {
  return readFile(join(home.path, 'log', 'plugins.log'), 'utf8').catch(() => '');
}

/** The pid of the mpv the plugin started last, as it logged it. */
async function lastMpvPid(): Promise<number> {
  const log = await pluginLog();
  const pid = [...log.matchAll(/mpv started \(pid (\d+)/g)].at(-1)?.[1];
  if (!pid) throw new Error(`the mpv plugin logged no start:\n${log}`);
  return Number(pid);
}

async function isRunning(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return /^Name:\s+mpv/m.test(status) && !/^State:\s+Z/m.test(status);
}

/** The first position mpv reported. */
function firstPosition(lines: readonly string[] | string): number | undefined {
  const event = playEvents(lines).find((candidate) => candidate.type === 'playing' || candidate.type === 'position');
  return event && 'position' in event ? event.position : undefined;
}

/** The play's mpv runs idle, without the URL, until SIGINT ends the play and it. */
async function idleUntilStopped(live: ReturnType<typeof startCli>, logBefore: number): Promise<void> {
  let pid = 0;
  await eventually(async () => {
    pid = Number(/mpv started \(pid (\d+), idle until its stream is ready/.exec((await pluginLog()).slice(logBefore))?.[1] ?? 0);
    return pid > 0;
  }, 'the mpv plugin started mpv idle');
  assert.ok(await isRunning(pid), `the idle mpv runs: ${live.lines.join('\n')}`);
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  assert.not.ok(argv.some((argument) => /https?:\/\//.test(argument)), `no URL on its command line: ${argv.join(' ')}`);
  assert.not.ok(live.lines.some((line) => line.includes('"type":"launched"') || line.includes('"state":"ready"')), live.lines.join('\n'));
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
  assert.not.ok(playEvents(live.lines).some((event) => event.type === 'launched'), 'never launched');
  assert.not.ok(await isRunning(pid), 'the idle mpv was ended with the play');
}

if (hasMpv()) {
  test.before(async () => {
    home = await makeTempFolder('plexterm-cli-play-mpv-');
  });

  test.after(async () => {
    await killLiveClis();
    await Promise.all(demos.map((server) => server.close()));
    await home.remove();
  });

  test('mpv plays a clip to its end: exit 0, the timeline goes playing → stopped, viewCount raised past 90%', async () => {
    const server = await demo();
    const before = (await demoState(server)).items['101']?.viewCount ?? 0;
    const result = await runCli(playArgs(server, '101', ...quiet, '--json'), { env: cleanEnvironment(home.path), timeoutMs: 60_000 });
    assert.is(result.code, 0, result.stderr);
    const events = playEvents(result.stdout);
    const types: string[] = events.map((event) => event.type);
    for (const type of ['resolved', 'launched', 'playing', 'scrobbled', 'ended']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    assert.equal(types.slice(-2), ['ended', 'queueEnded']);
    const launched = events.find((event) => event.type === 'launched');
    assert.is(launched?.type === 'launched' ? launched.startAt : null, 0);
    const states = await timelineStates(server, '101');
    assert.is(states[0], 'playing');
    assert.is(states.at(-1), 'stopped');
    assert.is((await demoState(server)).items['101']?.viewCount, before + 1);
    assert.match(await pluginLog(), /mpv started \(pid \d+, idle until its stream is ready/, 'mpv was started idle, before the entry was ready');
    assert.not.ok(await isRunning(await lastMpvPid()), 'mpv has quit');
  });

  test('mpv told to stop early (--end=2 on a 10 s clip) ends where it stopped: not at the clip\'s end, not scrobbled', async () => {
    const server = await demo();
    const before = (await demoState(server)).items['101']?.viewCount ?? 0;
    const result = await runCli(playArgs(server, '101', ...quiet, '--player-arg=--end=2', '--from-start', '--json'), { env: cleanEnvironment(home.path), timeoutMs: 60_000 });
    assert.is(result.code, 0, result.stderr);
    const events = playEvents(result.stdout);
    const ended = events.find((event) => event.type === 'ended');
    const position = ended && 'position' in ended ? ended.position : undefined;
    assert.ok(position !== undefined && position >= 1000 && position <= 3000, `ended at ${position} ms: ${result.stdout}`);
    assert.not.ok(events.some((event) => event.type === 'scrobbled'), 'a fifth of the clip is not watched');
    assert.is((await demoState(server)).items['101']?.viewCount ?? 0, before);
  });

  test('mpv starts idle while the entry fills and is not given the URL before ready; SIGINT then ends it: exit 0, no mpv left', async () => {
    // Slow enough that the clip's start buffer takes seconds: the play is stopped while its entry fills.
    const server = await startDemoServer({ inspect: true, rateBytesPerSecond: 16_000 });
    demos.push(server);
    const logBefore = (await pluginLog()).length;
    const live = startCli(home.path, playArgs(server, '105', ...quiet, '--from-start', '--json'));
    try {
      await idleUntilStopped(live, logBefore);
    } finally {
      await killLiveClis(); // a failed check must not leave it holding the cache for the next tests
    }
  });


  test('resume starts mpv at the viewOffset; SIGINT quits mpv, reports stopped and exits 0', async () => {
    const server = await demo();
    const viewOffset = (await demoState(server)).items['103']?.viewOffset ?? 0;
    assert.ok(viewOffset > 0, 'item 103 has a viewOffset');
    const live = startCli(home.path, playArgs(server, '103', ...quiet, '--json'));
    await live.waitForLine(/"type":"position"/, 30_000);
    const pid = await lastMpvPid();
    assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
    const events = playEvents(live.lines);
    const launched = events.find((event) => event.type === 'launched');
    assert.is(launched?.type === 'launched' ? launched.startAt : null, viewOffset);
    assert.ok((firstPosition(live.lines) ?? 0) >= viewOffset - 1000, `mpv started near ${viewOffset} ms, not at ${firstPosition(live.lines)}`);
    assert.equal(events.at(-2), { type: 'stopped', signal: 'SIGINT', ratingKey: '103', playQueueItemID: 1 });
    assert.equal(await timelineStates(server, '103').then((states) => [states[0], states.at(-1)]), ['playing', 'stopped']);
    assert.not.ok(await isRunning(pid), 'mpv has quit');
  });

  test('mpv plays a season\'s episodes in order, one after the other; the server saw each one\'s timelines with its playQueueItemID', async () => {
    const server = await demo();
    // Season 1 of Orbital Kitchen: three 40 s episodes, each played for its first 2 s.
    const result = await runCli(playArgs(server, '117', ...quiet, '--from-start', '--player-arg=--end=2', '--json'), { env: cleanEnvironment(home.path), timeoutMs: 120_000 });
    assert.is(result.code, 0, result.stderr);
    const events = playEvents(result.stdout);
    const resolved = events.flatMap((event) => (event.type === 'resolved' && 'playQueueItemID' in event ? [{ ratingKey: event.item.ratingKey, playQueueItemID: Number(event.playQueueItemID) }] : []));
    assert.equal(resolved.map((entry) => entry.ratingKey), ['119', '121', '123']);
    const order = events.filter((event) => event.type === 'launched' || event.type === 'ended').map((event) => ('ratingKey' in event ? `${event.type} ${String(event.ratingKey)}` : event.type));
    assert.equal(order, ['launched 119', 'ended 119', 'launched 121', 'ended 121', 'launched 123', 'ended 123']);
    const end = events.at(-1);
    assert.equal(end?.type === 'queueEnded' ? [end.reason, end.played] : end, ['finished', 3]);
    const reports = await timelineReports(server);
    for (const { ratingKey, playQueueItemID } of resolved) {
      const own = reports.filter((params) => params.get('ratingKey') === ratingKey);
      assert.equal([own[0]?.get('state'), own.at(-1)?.get('state')], ['playing', 'stopped'], `${ratingKey}: ${own.map(String).join(' ; ')}`);
      assert.ok(own.every((params) => params.get('playQueueItemID') === String(playQueueItemID)), `${ratingKey}: ${own.map(String).join(' ; ')}`);
    }
    // The first stopped report of an episode comes before the next one's first playing report.
    const firstOf = (ratingKey: string, state: string) => reports.findIndex((params) => params.get('ratingKey') === ratingKey && params.get('state') === state);
    assert.ok(firstOf('119', 'stopped') < firstOf('121', 'playing') && firstOf('121', 'stopped') < firstOf('123', 'playing'));
  });

  // Each kept a file from ending before: keep-open pauses mpv on its last frame; loop-file and loop-playlist play it again.
  for (const settings of ['keep-open=yes', 'loop-file=inf\nloop-playlist=inf']) {
    test(`a person's mpv.conf with ${settings.replace('\n', ' and ')} (a file would never end): the season still plays through and the play ends, exit 0`, async () => {
      const server = await demo();
      const mpvConfig = await makeTempFolder('plexterm-mpv-conf-');
      try {
        await writeFile(join(mpvConfig.path, 'mpv.conf'), `${settings}\n`);
        const result = await runCli(playArgs(server, '117', ...quiet, `--player-arg=--config-dir=${mpvConfig.path}`, '--from-start', '--player-arg=--end=2', '--json'), { env: cleanEnvironment(home.path), timeoutMs: 60_000 });
        assert.is(result.code, 0, `${result.stderr}\n${result.stdout}`);
        const events = playEvents(result.stdout);
        const order = events.filter((event) => event.type === 'launched' || event.type === 'ended').map((event) => ('ratingKey' in event ? `${event.type} ${String(event.ratingKey)}` : event.type));
        assert.equal(order, ['launched 119', 'ended 119', 'launched 121', 'ended 121', 'launched 123', 'ended 123']);
        const end = events.at(-1);
        assert.equal(end?.type === 'queueEnded' ? [end.reason, end.played] : end, ['finished', 3]);
        assert.not.ok(await isRunning(await lastMpvPid()), 'mpv has quit');
      } finally {
        await mpvConfig.remove();
      }
    });
  }

  test('no display and no sound device (an SSH session to a server): mpv fails, and the error says how to play in the terminal', async () => {
    const server = await demo();
    // No X11 or Wayland display, and a sound device that does not exist, as on a headless server.
    const environment = cleanEnvironment(home.path);
    delete environment.DISPLAY;
    delete environment.WAYLAND_DISPLAY;
    const noSound = ['--player', 'mpv', '--player-arg=--ao=alsa', '--player-arg=--audio-device=alsa/plexterm-test-no-such-device'];
    const result = await runCli(playArgs(server, '101', ...noSound), { env: environment, timeoutMs: 60_000 });
    assert.is(result.code, 2, result.stderr);
    assert.match(result.stderr, /^plexterm: mpv could not play the stream: .*there is no display here.*set "inTerminal": true in the mpv plugin's settings\)\n$/);
  });

  test('--from-start starts mpv at 0', async () => {
    const server = await demo();
    const live = startCli(home.path, playArgs(server, '103', ...quiet, '--from-start', '--json'));
    await live.waitForLine(/"type":"position"/, 30_000);
    const pid = await lastMpvPid();
    assert.equal(await stopCli(live, 'SIGTERM'), { code: 0, signal: null });
    const launched = playEvents(live.lines).find((event) => event.type === 'launched');
    assert.is(launched?.type === 'launched' ? launched.startAt : null, 0);
    assert.ok((firstPosition(live.lines) ?? Number.POSITIVE_INFINITY) < 2000, `mpv started at ${firstPosition(live.lines)} ms`);
    assert.not.ok(await isRunning(pid), 'mpv has quit');
  });
  test('a cached replay plays without asking the server first; bytes that changed on the server stop it being served, and play says so', async () => {
    const server = await demo();
    const own = await makeTempFolder('plexterm-cli-play-mpv-replay-');
    try {
      const args = playArgs(server, '101', ...quiet, '--from-start', '--player-arg=--end=1', '--json');
      const first = await runCli(args, { env: cleanEnvironment(own.path), timeoutMs: 60_000 });
      assert.is(first.code, 0, first.stderr);
      const resolved = playEvents(first.stdout).find((event) => event.type === 'resolved');
      const partId = resolved?.type === 'resolved' ? resolved.item.part.upstreamPath.split('/')[3] : undefined;
      assert.ok(partId, first.stdout);
      assert.is((await demoFetch(server, `/__demo/parts/${partId ?? ''}/rewrite`, { method: 'POST' })).status, 200);
      const replay = await runCli(args, { env: cleanEnvironment(own.path), timeoutMs: 60_000 });
      const events = playEvents(replay.stdout);
      const launchedAt = events.findIndex((event) => event.type === 'launched');
      assert.ok(launchedAt > 0, replay.stdout);
      assert.ok(events.slice(launchedAt).some((event) => event.type === 'cache' && event.state === 'failed'), replay.stdout);
      const warning = events.find((event) => event.type === 'warning');
      assert.match(warning?.type === 'warning' ? warning.message : '', /^"Night of the Living Dead" changed on the server since it was cached: plexterm stopped playing the old copy/);
    } finally {
      await own.remove();
    }
  });
} else {
  requireMissingProgram('mpv', 'playMpv');
}

test.run();
