// The bundled mpv plugin through the real extension service, with a real mpv on a demo clip streamed by a real cache.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/base/packageRoot.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { MainServices } from '../../src/extensions/mainServices.js';
import type { PlayerLaunchOptions } from '../../src/playback/player.js';
import { startTsChild } from '../helpers/childProcess.js';
import { eventually, rejection } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { mpvProperty } from '../helpers/mpvProperty.js';
import { childrenRunning, findOnPath, isRunning, parentOf, processesWithArgument, readyDemoStream, recordSession, startBundled, type BundledHarness, type DemoStream } from '../helpers/pluginHarness.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { askMpv } from '../helpers/playCli.js';

const mpv = findOnPath('mpv');
/** No config of the person's, no window, no sound: the same mpv otherwise. */
const quietArgs = ['--no-config', '--vo=null', '--ao=null'];
const playingParent = join(packageRoot(), 'test', 'helpers', 'playingParent.ts');

function launchOptions(startAt: number): PlayerLaunchOptions & { title: string } {
  return { startAt, title: `plexterm-test-${randomBytes(4).toString('hex')}`, ratingKey: '101', mediaType: 'video', args: quietArgs };
}

/** The socket path the plugin logged for the launch of `title`... the last one it logged. */
function socketOf(harness: BundledHarness): string {
  const line = [...harness.log].reverse().find((entry) => entry.startsWith('[plugin: mpv] mpv started'));
  const path = /socket (\S+)\)$/.exec(line ?? '')?.[1];
  if (!path) throw new Error(`no "mpv started" line in the log: ${harness.log.join('\n')}`);
  return path;
}

async function assertNothingLeft(title: string, socketPath: string): Promise<void> {
  await eventually(() => processesWithArgument(title).length === 0, `no mpv playing "${title}" is left`);
  await eventually(() => !existsSync(socketPath), `the socket ${socketPath} is removed`);
}

async function withMpv(body: (harness: BundledHarness, stream: DemoStream) => Promise<void>, services: Partial<MainServices> = {}, config = {}): Promise<void> {
  const stream = await readyDemoStream();
  const harness = await startBundled({ services, config });
  try {
    await body(harness, stream);
  } finally {
    await harness.close();
    await stream.close();
  }
}

/** The demo's clip in two languages, and its French sidecar copied to a folder of its own (removed after `body`). */
async function withMultiClip(body: (files: { clip: string; subtitleFile: string; folder: string }) => Promise<void>): Promise<void> {
  const folder = await makeTempFolder('plexterm-mpv-tracks-');
  try {
    const subtitleFile = join(folder.path, 'subtitle.srt');
    await copyFile(join(packageRoot(), 'assets', 'clips', 'demo-multi-12s.fra.srt'), subtitleFile);
    await body({ clip: join(packageRoot(), 'assets', 'clips', 'demo-multi-12s.mkv'), subtitleFile, folder: folder.path });
  } finally {
    await folder.remove();
  }
}

if (mpv === null) {
  requireMissingProgram('mpv', 'plugins/mpv');
} else {
  test('mpv plays a demo clip from 2 s through the cache: playing, positions, ended; no process or socket left', async () => {
    await withMpv(async (harness, stream) => {
      const player = await harness.service.getPlayer('mpv');
      assert.equal([...player.mediaTypes], ['video', 'audio']);
      const options = launchOptions(2000);
      const session = recordSession(await player.launch(stream.url, options));
      const socketPath = socketOf(harness);
      assert.ok(Buffer.byteLength(socketPath) <= 107, socketPath);
      await session.done;
      assert.is(session.failure, undefined, String(session.failure));
      const types = session.events.map((event) => event.type);
      assert.is(types[0], 'playing', types.join(','));
      assert.is(types.at(-1), 'ended', types.join(','));
      assert.ok(types.includes('position'), types.join(','));
      const first = session.events[0]!;
      assert.ok(first.position! >= 1500 && first.position! < 5000, `started near 2 s: ${first.position}`);
      const positions = session.events.map((event) => event.position ?? 0);
      assert.equal(positions, [...positions].sort((a, b) => a - b), 'positions only grow');
      const durations = session.events.map((event) => event.duration).filter((duration) => duration !== undefined);
      assert.ok(durations.length > 0 && durations.every((duration) => duration! > 9000 && duration! < 11000), `the 10 s clip's duration: ${durations}`);
      await assertNothingLeft(options.title, socketPath);
      // The session ends at mpv's end-file event; its exit is logged once the host sees the process end.
      const exitedCleanly = () => harness.log.some((line) => line === '[plugin: mpv] mpv (pid ' + /pid (\d+)/.exec(line)?.[1] + ') exited with code 0');
      await eventually(exitedCleanly, "mpv's exit with code 0 is logged");
    });
  });

  test('stop() mid-play quits mpv: events$ ends with ended, nothing left behind', async () => {
    await withMpv(async (harness, stream) => {
      const options = launchOptions(0);
      const launched = await (await harness.service.getPlayer('mpv')).launch(stream.url, options);
      const session = recordSession(launched);
      const socketPath = socketOf(harness);
      await session.next('position');
      const playing = processesWithArgument(options.title);
      assert.is(playing.length, 1, 'one mpv runs');
      await launched.stop?.();
      await session.done;
      assert.is(session.events.at(-1)?.type, 'ended', JSON.stringify(session.events));
      assert.ok(session.events.at(-1)!.position! < 9000, 'stopped before the end of the file');
      await assertNothingLeft(options.title, socketPath);
    });
  });

  test('seek and showText over IPC, through the plugin host (API 1.2): mpv jumps to the position asked for and plays on; the OSD text is accepted', async () => {
    await withMpv(async (harness, stream) => {
      const options = launchOptions(0);
      const launched = await (await harness.service.getPlayer('mpv')).launch(stream.url, options);
      assert.ok(launched.seek && launched.showText, 'the bridged session can seek and show text');
      const session = recordSession(launched);
      await session.next('position');
      // mpv answers an error for a command or argument it does not know: these resolving is mpv's "success".
      await launched.showText('Skip intro', 2000);
      const before = session.events.length;
      await launched.seek(7000);
      await session.done;
      const after = session.events.slice(before).map((event) => event.position ?? 0);
      assert.ok(after.some((position) => position >= 6900 && position < 8500), `from 7 s on after the seek: ${after.join(' ')}`);
      assert.ok(session.events.slice(0, before).every((event) => (event.position ?? 0) < 6000), 'it was not there before');
      assert.is(session.events.at(-1)?.type, 'ended');
      await assertNothingLeft(options.title, socketOf(harness));
    });
  });

  test('a queue\'s mpv is kept for the next item (API 1.4): keepForNext hands back the same mpv, idle without a file; launched again it plays the next file, with events of its own', async () => {
    await withMpv(async (harness, stream) => {
      const player = await harness.service.getPlayer('mpv');
      const options = { ...launchOptions(0), args: [...quietArgs, '--end=1'], queue: true };
      const first = await player.launch(stream.url, options);
      assert.ok(first.keepForNext, 'a queue\'s session can keep its mpv');
      const socketPath = socketOf(harness);
      const firstEvents = recordSession(first);
      await firstEvents.done;
      assert.equal([firstEvents.events[0]?.type, firstEvents.events.at(-1)?.type], ['playing', 'ended'], JSON.stringify(firstEvents.events));
      const running = processesWithArgument(options.title);
      assert.is(running.length, 1, 'the queue\'s mpv stays after its file (--idle=yes)');
      const kept = await first.keepForNext();
      assert.ok(kept, 'the mpv is handed back');
      assert.equal(processesWithArgument(options.title), running, 'the same mpv');
      assert.equal((await askMpv(socketPath, 'get_property', 'idle-active')).data, true, 'idle, without a file, until it is given the next URL');
      const nextItem = await kept.launch(stream.url, { ...options, title: 'the next item', startAt: 0 });
      assert.match((await rejection(kept.launch(stream.url, options))).message, /prepared player is gone/, 'a kept mpv is launched once');
      const second = recordSession(nextItem);
      await second.done;
      assert.equal([second.events[0]?.type, second.events.at(-1)?.type], ['playing', 'ended'], JSON.stringify(second.events));
      assert.ok((second.events[0]?.position ?? 9999) < 1000, 'the next file starts at its own start');
      assert.equal(processesWithArgument(options.title), running, 'still the same mpv');
      // The queue's end: the mpv kept after its last item is disposed, and quits.
      const afterLast = await nextItem.keepForNext?.();
      assert.ok(afterLast);
      await afterLast.dispose();
      await assertNothingLeft(options.title, socketPath);
    });
  });

  test('prepared: mpv starts idle without a URL, then plays from 2 s once given it (title and start set over IPC); nothing left', async () => {
    await withMpv(async (harness, stream) => {
      const player = await harness.service.getPlayer('mpv');
      const prepared = await player.prepare?.({ args: quietArgs });
      if (!prepared) throw new Error('the mpv player prepares nothing');
      const socketPath = socketOf(harness);
      assert.ok(harness.log.some((line) => line.includes(`idle until its stream is ready, socket ${socketPath}`)), harness.log.join('\n'));
      const idle = processesWithArgument(`--input-ipc-server=${socketPath}`);
      assert.is(idle.length, 1, 'one mpv runs, idle');
      assert.not.ok(processesWithArgument(stream.url).length > 0, 'no process was given the URL before launch');
      const options = launchOptions(2000);
      const session = recordSession(await prepared.launch(stream.url, options));
      await session.done;
      assert.is(session.failure, undefined, String(session.failure));
      const types = session.events.map((event) => event.type);
      assert.is(types[0], 'playing', types.join(','));
      assert.is(types.at(-1), 'ended', types.join(','));
      const first = session.events[0]!;
      assert.ok(first.position! >= 1500 && first.position! < 5000, `started near 2 s: ${first.position}`);
      await prepared.dispose(); // after the launch: leaves the session alone
      await eventually(() => processesWithArgument(`--input-ipc-server=${socketPath}`).length === 0, 'no mpv is left');
      await eventually(() => !existsSync(socketPath), `the socket ${socketPath} is removed`);
    });
  });

  test('tracks (API 1.4): launched, mpv gets --aid, --sid and the sidecar file on its command line and plays them; prepared, they are set over IPC before the file loads', async () => {
    await withMultiClip(async ({ clip, subtitleFile, folder }) => {
      await withMpv(async (harness) => {
        const player = await harness.service.getPlayer('mpv');
        const launchedLog = join(folder, 'launched.log');
        const launched = { ...launchOptions(0), args: [...quietArgs, `--log-file=${launchedLog}`, '--end=1'], audioTrack: 2, subtitleTrack: 2, subtitleFile };
        await recordSession(await player.launch(clip, launched)).done;
        const log = await readFile(launchedLog, 'utf8');
        assert.match(log, new RegExp(`Command line options: .*'--sub-files=${subtitleFile}' '--aid=2' '--sid=2'`));
        assert.match(log, /\(\+\) Audio --aid=2 --alang=eng/);
        assert.match(log, /\(\+\) Subs\s+--sid=2 'subtitle\.srt' \(subrip\) \(external\)/);

        const preparedLog = join(folder, 'prepared.log');
        const prepared = await player.prepare?.({ args: [...quietArgs, `--log-file=${preparedLog}`, '--end=1'] });
        if (!prepared) throw new Error('the mpv player prepares nothing');
        await recordSession(await prepared.launch(clip, { ...launchOptions(0), audioTrack: 2, subtitleTrack: 'off' })).done;
        const idleLog = await readFile(preparedLog, 'utf8');
        assert.not.match(idleLog, /Command line options: [^\n]*--(aid|sid)/);
        assert.match(idleLog, /Set property: aid="2"[\s\S]*Set property: sid="no"[\s\S]*Run command: loadfile/);
        assert.match(idleLog, /\(\+\) Audio --aid=2 --alang=eng/);
        assert.not.match(idleLog, /\(\+\) Subs/);
      });
    });
  });

  /** An album's two items in one mpv: the second file appended while the first plays (`mpvArgs` added to mpv's own). */
  async function playsOnGapless(mpvArgs: string[]): Promise<void> {
    await withMultiClip(async ({ clip }) => {
      await withMpv(async (harness) => {
        const player = await harness.service.getPlayer('mpv');
        // Audio items (appending is for albums); each file plays 3 s of the clip.
        const options = { ...launchOptions(0), mediaType: 'audio' as const, args: [...quietArgs, '--end=3', ...mpvArgs], queue: true };
        const first = await player.launch(clip, { ...options, audioTrack: 2 });
        const firstEvents = recordSession(first);
        await firstEvents.next('playing');
        const socketPath = socketOf(harness);
        assert.is(await mpvProperty(socketPath, 'current-tracks/audio/lang'), 'eng', 'the first file plays the English track it was given');
        // Appended as plexterm appends (its item's tracks are not known yet): the file's own default (German), not the first's aid.
        assert.ok(await first.appendNext?.(clip, { ...options, title: 'the next track' }), 'appended');
        await firstEvents.done;
        const kept = await first.keepForNext?.();
        if (!kept) throw new Error('the mpv was not kept for the next item');
        await eventually(async () => (await mpvProperty(socketPath, 'playlist-pos')) === 1, 'mpv went on to the appended file');
        let appendedLanguage: unknown;
        await eventually(async () => (appendedLanguage = await mpvProperty(socketPath, 'current-tracks/audio/lang')) !== undefined, 'the appended file has its audio track');
        assert.is(appendedLanguage, 'deu', 'the appended file plays its own default audio');
        // Its item takes it over with its own choice (the English track): mpv switches to it.
        const next = recordSession(await kept.launch(clip, { ...options, title: 'the next track', audioTrack: 2 }));
        assert.ok(harness.log.some((line) => line.includes('the next item plays on in the appended file')), harness.log.join('\n'));
        assert.is(await mpvProperty(socketPath, 'current-tracks/audio/lang'), 'eng', 'the next item\'s own track');
        await next.done;
      });
    });
  }

  test('gapless: a file appended to a queue\'s mpv does not inherit the tracks chosen for the file before, and takes its own item\'s tracks when that item takes it over', async () => {
    await playsOnGapless([]);
  });

  test('gapless: the next item plays on in the appended file when mpv is slow to start it (it answers commands between the end of one file and the start of the next)', async () => {
    await playsOnGapless([`--script=${join(packageRoot(), 'test', 'fixtures', 'mpv', 'slowNextFile.lua')}`]);
  });

  test('setTracks over IPC (API 1.4): the playing mpv switches its audio, adds and shows a subtitle file, goes back to the file\'s own subtitle, then none', async () => {
    await withMultiClip(async ({ clip, subtitleFile }) => {
      await withMpv(async (harness) => {
        const launched = await (await harness.service.getPlayer('mpv')).launch(clip, { ...launchOptions(0), args: [...quietArgs, '--pause'] });
        const session = recordSession(launched);
        assert.ok(launched.setTracks, 'the bridged session can switch tracks');
        const socketPath = socketOf(harness);
        await eventually(async () => (await mpvProperty(socketPath, 'current-tracks/audio/lang')) === 'deu', 'mpv plays the German default');
        await launched.setTracks({ audioTrack: 2 });
        assert.is(await mpvProperty(socketPath, 'current-tracks/audio/lang'), 'eng');
        await launched.setTracks({ subtitleFile });
        assert.is(await mpvProperty(socketPath, 'current-tracks/sub/external-filename'), subtitleFile);
        await launched.setTracks({ subtitleTrack: 1 });
        assert.equal([await mpvProperty(socketPath, 'current-tracks/sub/lang'), await mpvProperty(socketPath, 'current-tracks/sub/external')], ['eng', false]);
        await launched.setTracks({ subtitleTrack: 'off' });
        assert.is(await mpvProperty(socketPath, 'sid'), false);
        await launched.stop?.();
        await session.done;
      });
    });
  });

  test('prepared, then disposed without a launch (the play was cancelled before ready): mpv quits and its socket is removed', async () => {
    await withMpv(async (harness) => {
      const prepared = await (await harness.service.getPlayer('mpv')).prepare?.({ args: quietArgs });
      if (!prepared) throw new Error('the mpv player prepares nothing');
      const socketPath = socketOf(harness);
      assert.is(processesWithArgument(`--input-ipc-server=${socketPath}`).length, 1, 'one mpv runs, idle');
      await prepared.dispose();
      assert.is(processesWithArgument(`--input-ipc-server=${socketPath}`).length, 0, 'dispose resolves once mpv is gone');
      await eventually(() => !existsSync(socketPath), `the socket ${socketPath} is removed`);
      assert.match(String(await rejection(prepared.launch('http://127.0.0.1:1/never', launchOptions(0)))), /the prepared player is gone/, 'a disposed player takes no URL');
    });
  });

  test('prepared mpv that quit before its launch: the launch rejects (playback then starts mpv afresh)', async () => {
    await withMpv(async (harness, stream) => {
      const prepared = await (await harness.service.getPlayer('mpv')).prepare?.({ args: quietArgs });
      if (!prepared) throw new Error('the mpv player prepares nothing');
      const socketPath = socketOf(harness);
      const [pid] = processesWithArgument(`--input-ipc-server=${socketPath}`);
      process.kill(pid!, 'SIGKILL');
      await eventually(() => harness.log.some((line) => line.includes(`(pid ${pid}) was killed by SIGKILL`)), "the plugin heard mpv's end");
      const failure = await rejection(prepared.launch(stream.url, launchOptions(0)));
      assert.match(String(failure), /the prepared player is gone|the idle mpv is gone/);
    });
  });

  test('in the terminal (inTerminal), nothing is prepared: mpv would take the screen before its stream is ready', async () => {
    await withMpv(
      async (harness) => {
        const prepared = await (await harness.service.getPlayer('mpv')).prepare?.({ args: quietArgs });
        assert.is(prepared, null);
        assert.not.ok(harness.log.some((line) => line.includes('mpv started')), harness.log.join('\n'));
      },
      {},
      { plugins: { mpv: { inTerminal: true } } },
    );
  });

  test('disposing the extension service quits a playing mpv and removes its socket', async () => {
    const stream = await readyDemoStream();
    const harness = await startBundled();
    let title = '';
    let socketPath = '';
    try {
      const options = launchOptions(0);
      title = options.title;
      const session = recordSession(await (await harness.service.getPlayer('mpv')).launch(stream.url, options));
      socketPath = socketOf(harness);
      await session.next('playing');
    } finally {
      await harness.close();
      await stream.close();
    }
    await assertNothingLeft(title, socketPath);
  });

  test('the plugin host killed with SIGKILL: plexterm, which started mpv for it, ends mpv; the socket left behind is removed at the next activation', async () => {
    // A data folder of its own: the next service finds the socket in the same plugin storage folder.
    const home = await makeTempFolder('plexterm-mpv-');
    const paths = { config: join(home.path, 'config'), data: join(home.path, 'data') };
    const stream = await readyDemoStream();
    const harness = await startBundled({ paths });
    try {
      const options = launchOptions(0);
      const session = recordSession(await (await harness.service.getPlayer('mpv')).launch(stream.url, options));
      const socketPath = socketOf(harness);
      assert.ok(socketPath.startsWith(join(paths.data, 'plugin-storage', 'mpv')), `the socket is in the plugin's storage folder: ${socketPath}`);
      await session.next('playing');
      const [mpvPid] = processesWithArgument(options.title);
      assert.is(parentOf(mpvPid!), process.pid, 'plexterm (here this process) started mpv: the sandboxed host starts none');
      const [hostPid] = childrenRunning(process.pid, 'hostMain');
      assert.ok(hostPid !== undefined, 'the plugin host runs');
      process.kill(hostPid, 'SIGKILL');
      await eventually(() => processesWithArgument(options.title).length === 0, 'mpv ended with its host');
      assert.ok(existsSync(socketPath), 'nobody was left to remove the socket: the host was killed outright');
      // The host blamed mpv, which stays off in this service; the next plexterm's mpv removes sockets no mpv listens on.
      const next = await startBundled({ paths });
      try {
        await next.service.getPlayer('mpv');
        await eventually(() => !existsSync(socketPath), 'the stale socket is removed at the next activation');
      } finally {
        await next.close();
      }
    } finally {
      await harness.close();
      await stream.close();
      await home.remove();
    }
  });

  test('plexterm killed with SIGKILL: mpv quits too (plexterm held its fd 3 lifeline)', async () => {
    const stream = await readyDemoStream();
    const title = launchOptions(0).title;
    const home = await makeTempFolder('plexterm-killed-');
    const plexterm = startTsChild(playingParent, ['mpv', stream.url, title, ...quietArgs], { ...process.env, PLEXTERM_HOME: home.path });
    try {
      await plexterm.waitForLine(/^playing$/);
      // Its own argv holds the title too: mpv is the one plexterm started.
      const [mpvPid] = childrenRunning(plexterm.pid, title);
      assert.ok(mpvPid !== undefined, 'plexterm started mpv');
      await plexterm.kill();
      await eventually(() => !isRunning(mpvPid), 'mpv ended with plexterm');
    } finally {
      await plexterm.kill();
      for (const pid of processesWithArgument(title)) if (pid !== plexterm.pid) process.kill(pid, 'SIGKILL');
      await stream.close();
      await home.remove();
    }
  });

  test('a stream mpv cannot open: an error event carrying mpv\'s message', async () => {
    await withMpv(async (harness) => {
      const options = launchOptions(0);
      const session = recordSession(await (await harness.service.getPlayer('mpv')).launch('http://127.0.0.1:9/absent.mkv', options));
      const socketPath = socketOf(harness);
      await session.done;
      const last = session.events.at(-1);
      assert.is(last?.type, 'error', JSON.stringify(session.events));
      assert.match(last?.message ?? '', /^mpv could not play the stream: loading failed/);
      await assertNothingLeft(options.title, socketPath);
    });
  });

  test('inTerminal: mpv runs through terminal.run with a terminal video output, and is still followed over IPC', async () => {
    const runs: { command: string; args: string[] }[] = [];
    const terminal = {
      run: (command: string, args: string[]) =>
        new Promise<number>((resolve, reject) => {
          runs.push({ command, args });
          const child = spawn(command, args, { stdio: 'ignore' });
          child.once('error', reject);
          child.once('exit', (code) => resolve(code ?? 1));
        }),
    };
    const config = { plugins: { mpv: { inTerminal: true, terminalVideoOutput: 'tct', extraArgs: ['--mute=yes'] } } };
    await withMpv(async (harness, stream) => {
      const options = launchOptions(8000);
      const session = recordSession(await (await harness.service.getPlayer('mpv')).launch(stream.url, options));
      const socketPath = socketOf(harness);
      await session.done;
      assert.equal(session.events.map((event) => event.type).filter((type) => type !== 'position'), ['playing', 'ended']);
      assert.is(runs.length, 1);
      const args = runs[0]!.args;
      assert.is(runs[0]!.command, 'mpv');
      assert.ok(args.includes('--vo=tct') && !args.includes('--no-terminal'), args.join(' '));
      assert.ok(args.includes(`--input-ipc-server=${socketPath}`) && args.includes(`--force-media-title=${options.title}`) && args.includes('--start=8'), args.join(' '));
      assert.ok(args.includes('--ytdl=no'), args.join(' '));
      assert.equal(args.slice(-4), ['--mute=yes', ...quietArgs], 'the settings\' arguments, then the launch\'s');
      assert.not.ok(args.includes(stream.url), 'the URL is handed over IPC (loadfile), once the plugin listens');
      await assertNothingLeft(options.title, socketPath);
    }, { terminal }, config);
  });
}

test('mpv missing: launching fails with a message naming the setting to fix', async () => {
  const harness = await startBundled({ config: { plugins: { mpv: { path: '/nonexistent/mpv' } } } });
  try {
    const player = await harness.service.getPlayer('mpv');
    const error = await rejection(player.launch('http://127.0.0.1:9/x', launchOptions(0)));
    assert.match(error.message, /^\[plugin: mpv\] cannot start mpv \("\/nonexistent\/mpv"\): it is not installed or not on PATH; set plugins\.mpv\.path/);
  } finally {
    await harness.close();
  }
});

test.run();
