// The bundled vlc plugin through the real extension service, with stand-in cvlc and vlc scripts alone on a PATH of their own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlayerLaunchOptions } from '../../src/playback/player.js';
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/base/packageRoot.js';
import { startTsChild } from '../helpers/childProcess.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { childrenRunning, findOnPath, isRunning, parentOf, recordSession, startBundled } from '../helpers/pluginHarness.js';
import { settlesWithin } from '../helpers/downloaderHarness.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { standInFolder, type StandInFolder } from '../helpers/pluginStandIns.js';

const options: PlayerLaunchOptions = { startAt: 2500, title: 'Night of the Living Dead', ratingKey: '101', mediaType: 'video', args: ['--no-video'] };
const url = 'http://127.0.0.1:9/stream/abc/movie.mkv';
const playingParent = join(packageRoot(), 'test', 'helpers', 'playingParent.ts');

async function withStandIns(body: (standIns: StandInFolder) => Promise<void>): Promise<void> {
  const standIns = await standInFolder();
  try {
    await body(standIns);
  } finally {
    await standIns.remove();
  }
}

test('vlc runs cvlc with the start time, the title, --play-and-exit and no repeat or loop: playing at start, ended at exit 0', async () => {
  await withStandIns(async (standIns) => {
    const cvlc = await standIns.write('cvlc');
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled();
      try {
        const player = await harness.service.getPlayer('vlc');
        const session = recordSession(await player.launch(url, options));
        await session.done;
        assert.equal(session.events, [{ type: 'playing', position: 2500 }, { type: 'ended' }]);
        assert.equal(await cvlc.recordedArgs(), ['--start-time=2.5', '--meta-title=Night of the Living Dead', '--play-and-exit', '--no-repeat', '--no-loop', '--no-video', url]);
      } finally {
        await harness.close();
      }
    });
  });
});

test('tracks (API 1.4): vlc counts them from 0, takes a sidecar as --sub-file, and subtitles off as --no-spu', async () => {
  await withStandIns(async (standIns) => {
    const cvlc = await standIns.write('cvlc');
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled();
      try {
        const player = await harness.service.getPlayer('vlc');
        const base = ['--start-time=2.5', '--meta-title=Night of the Living Dead', '--play-and-exit', '--no-repeat', '--no-loop'];
        const argsOf = async (tracks: Partial<PlayerLaunchOptions>) => {
          await recordSession(await player.launch(url, { ...options, args: [], ...tracks })).done;
          return cvlc.recordedArgs();
        };
        assert.equal(await argsOf({ audioTrack: 2, subtitleTrack: 1 }), [...base, '--audio-track=1', '--sub-track=0', url]);
        assert.equal(await argsOf({ subtitleTrack: 2, subtitleFile: '/tmp/plexterm-subtitle-x/subtitle.srt' }), [...base, '--sub-file=/tmp/plexterm-subtitle-x/subtitle.srt', url]);
        assert.equal(await argsOf({ subtitleTrack: 'off' }), [...base, '--no-spu', url]);
      } finally {
        await harness.close();
      }
    });
  });
});

test('vlc falls back to vlc when cvlc is missing; the path setting and extraArgs are used', async () => {
  await withStandIns(async (standIns) => {
    const vlc = await standIns.write('vlc');
    const custom = await standIns.write('my-vlc');
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled({ config: { plugins: { vlc: { path: custom.path, extraArgs: ['--fullscreen'] } } } });
      try {
        await recordSession(await (await harness.service.getPlayer('vlc')).launch(url, { ...options, args: [] })).done;
        assert.equal(await custom.recordedArgs(), ['--start-time=2.5', '--meta-title=Night of the Living Dead', '--play-and-exit', '--no-repeat', '--no-loop', '--fullscreen', url]);
        assert.equal(await vlc.recordedArgs(), []);
      } finally {
        await harness.close();
      }
    });
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled({ config: {} });
      try {
        await recordSession(await (await harness.service.getPlayer('vlc')).launch(url, options)).done;
        assert.is((await vlc.recordedArgs()).at(-1), url, 'vlc itself ran: no cvlc on PATH here');
      } finally {
        await harness.close();
      }
    });
  });
});

const cvlc = findOnPath('cvlc');
if (cvlc === null) requireMissingProgram('cvlc', 'the real VLC test in plugins/vlc');
else {
  test('the real VLC, with a vlcrc that repeats and loops (a person\'s own setting): the file still ends, and so does the play', async () => {
    // VLC will not run as root (as CI does): it runs as nobody then, from a folder everyone may enter, with a HOME of its own.
    const folder = await makeTempFolder('plexterm-test-vlcrc-');
    try {
      await chmod(folder.path, 0o755);
      const clip = join(folder.path, 'clip.mkv');
      await promisify(execFile)('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=duration=1', '-shortest', clip]);
      await mkdir(join(folder.path, '.config', 'vlc'), { recursive: true });
      await writeFile(join(folder.path, '.config', 'vlc', 'vlcrc'), '[core]\nrepeat=1\nloop=1\n');
      const asNobody = 'if [ "$(id -u)" = 0 ]; then set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; fi';
      const wrapper = join(folder.path, 'vlc-as-its-user');
      await writeFile(wrapper, `#!/bin/sh\nset -- env HOME='${folder.path}' XDG_CONFIG_HOME='${folder.path}/.config' '${cvlc}' "$@"\n${asNobody}\nexec "$@"\n`, { mode: 0o755 });
      await promisify(execFile)('chown', ['-R', '65534:65534', folder.path]).catch(() => undefined);
      const harness = await startBundled({ config: { plugins: { vlc: { path: wrapper, extraArgs: ['--vout=dummy', '--aout=dummy'] } } } });
      try {
        const launched = await (await harness.service.getPlayer('vlc')).launch(clip, { ...options, startAt: 0, args: [] });
        const session = recordSession(launched);
        try {
          // Before, VLC played the file over and over and never exited: the play never ended.
          await settlesWithin(session.done, 'the play of a 1 s file by a VLC whose vlcrc repeats', 30_000);
        } finally {
          await launched.stop?.();
        }
        assert.equal(session.events.map((event) => event.type), ['playing', 'ended'], JSON.stringify(session.events));
      } finally {
        await harness.close();
      }
    } finally {
      await folder.remove();
    }
  });
}

test('vlc exiting with an error: an error event with the exit code and its last stderr line', async () => {
  await withStandIns(async (standIns) => {
    await standIns.write('cvlc', { exitCode: 3, stderrLine: 'main input error: your input cannot be opened' });
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled();
      try {
        const session = recordSession(await (await harness.service.getPlayer('vlc')).launch(url, options));
        await session.done;
        assert.equal(session.events.at(-1), { type: 'error', message: 'vlc exited with code 3: main input error: your input cannot be opened' });
      } finally {
        await harness.close();
      }
    });
  });
});

test('stop() ends a running vlc (ended, not error); disposing the service ends another', async () => {
  await withStandIns(async (standIns) => {
    const cvlc = await standIns.write('cvlc', { waits: true });
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled();
      let secondPid = 0;
      try {
        const player = await harness.service.getPlayer('vlc');
        const launched = await player.launch(url, { ...options, title: 'first-vlc-run' });
        const session = recordSession(launched);
        await session.next('playing');
        await eventually(async () => (await cvlc.recordedArgs()).includes('--meta-title=first-vlc-run'), 'the stand-in runs');
        const firstPid = await cvlc.lastPid();
        await launched.stop?.();
        await session.done;
        assert.equal(session.events.map((event) => event.type), ['playing', 'ended']);
        assert.not.ok(isRunning(firstPid), 'the first stand-in ended');
        await player.launch(url, { ...options, title: 'second-vlc-run' });
        await eventually(async () => (await cvlc.recordedArgs()).includes('--meta-title=second-vlc-run'), 'the second stand-in runs');
        secondPid = await cvlc.lastPid();
        assert.ok(isRunning(secondPid));
      } finally {
        await harness.close();
      }
      await eventually(() => !isRunning(secondPid), 'disposing the service ended the second stand-in');
    });
  });
});

test('the plugin host killed with SIGKILL: plexterm, which started vlc for it, ends vlc too', async () => {
  await withStandIns(async (standIns) => {
    const cvlc = await standIns.write('cvlc', { waits: true });
    await standIns.onlyOnPath(async () => {
      const harness = await startBundled();
      let pid = 0;
      try {
        const session = recordSession(await (await harness.service.getPlayer('vlc')).launch(url, { ...options, title: 'orphan-vlc-run' }));
        await session.next('playing');
        await eventually(async () => (await cvlc.recordedArgs()).includes('--meta-title=orphan-vlc-run'), 'the stand-in runs');
        pid = await cvlc.lastPid();
        assert.is(parentOf(pid), process.pid, 'plexterm (here this process) started the stand-in: the sandboxed host starts none');
        const [hostPid] = childrenRunning(process.pid, 'hostMain');
        assert.ok(hostPid !== undefined, 'the plugin host runs');
        process.kill(hostPid, 'SIGKILL');
        await eventually(() => !isRunning(pid), 'the stand-in ended with its host');
      } finally {
        await harness.close();
        if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
      }
    });
  });
});

test('plexterm killed with SIGKILL: vlc ends too (setpriv gives it a parent-death signal), though no exit handler ran', async () => {
  await withStandIns(async (standIns) => {
    const cvlc = await standIns.write('cvlc', { waits: true });
    await standIns.onlyOnPath(async () => {
      const home = await makeTempFolder('plexterm-killed-');
      const plexterm = startTsChild(playingParent, ['vlc', url, 'killed-plexterm-vlc-run'], { ...process.env, PLEXTERM_HOME: home.path });
      let pid = 0;
      try {
        await plexterm.waitForLine(/^launched$/);
        await eventually(async () => (await cvlc.recordedArgs()).includes('--meta-title=killed-plexterm-vlc-run'), 'the stand-in runs');
        pid = await cvlc.lastPid();
        assert.is(parentOf(pid), plexterm.pid, 'plexterm started the stand-in');
        await plexterm.kill();
        await eventually(() => !isRunning(pid), 'the stand-in ended with plexterm');
      } finally {
        await plexterm.kill();
        if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
        await home.remove();
      }
    });
  });
});

test.run();
