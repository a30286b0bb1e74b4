// The silence between two tracks of an album: `plexterm play <album>` with mpv writing its audio to a file, beside mpv given both tracks' URLs.
// Run alone: node --import tsx bench/run.ts gap   (needs mpv on PATH and a built dist/: `npm run build`)
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { hasMpv } from '../test/helpers/playCli.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { round, type BenchResult } from './benchResult.js';
import { longestSilence, type PcmFormat } from './pcmSilence.js';
import { startBackground, timeCommand } from './processTools.js';

/** The demo's album "Sine Waves": three 15 s tracks of one continuous 523 Hz tone (demo-15s.mp3, LAME's gapless header). */
const album = '142';
const targetMs = 20;
const format: PcmFormat = { rate: 44100, channels: 2 };
const bin = fileURLToPath(new URL('../bin/plexterm.js', import.meta.url));
/** mpv's audio to a raw file: s16 at a fixed rate, appended to when mpv opens its output again (a file loaded after the one before ended). */
const pcmArguments = (file: string) => ['--vo=null', '--ao=pcm', `--ao-pcm-file=${file}`, '--ao-pcm-waveheader=no', '--ao-pcm-append=yes', '--audio-format=s16', `--audio-samplerate=${format.rate}`, '--audio-channels=stereo'];
const gaplessArguments = ['--gapless-audio=yes', '--prefetch-playlist=yes'];
/** How fast the bench takes plexterm's mpv's audio: four times real time, as a sound card four times as fast would. */
const pace = 4;
const command = `node --import tsx bench/run.ts gap  (demo: bench/demoChild.ts in its own process; \`plexterm play ${album} --json --from-start --player mpv\` with ${pcmArguments('FILE').map((arg) => `--player-arg=${arg}`).join(' ')} and the config's prefetch at 0 %, FILE a FIFO the bench reads at ${pace}× real time (ao=pcm writes as fast as it decodes: read this way, mpv plays on a clock, and the next track has time to be cached and appended); beside it \`mpv --no-config ${[...pcmArguments('FILE'), ...gaplessArguments].join(' ')}\` on the album's first two tracks' URLs; the longest run of samples below 64/32768 between the first sound and the last, decoded from FILE)`;

export async function benchGap(): Promise<BenchResult[]> {
  if (!hasMpv()) return [{ name: 'gap: album tracks — skipped, mpv is not on PATH', value: Number.NaN, unit: 'ms', command }];
  const folder = await makeTempFolder('plexterm-bench-gap-');
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), '{}']);
  const { url, token } = JSON.parse(demo.firstLine) as { url: string; token: string };
  try {
    const throughPlexterm = await plextermGap(url, token, folder.path);
    const direct = await mpvGap(url, token, folder.path);
    return [
      {
        name: `gap: silence between the album's tracks, plexterm play (one mpv, the next track appended before the end: ${throughPlexterm.appended} of ${throughPlexterm.tracks - 1} handovers)`,
        value: round(throughPlexterm.longestMs, 2), unit: 'ms', target: `≤ ${targetMs} ms`, met: throughPlexterm.longestMs <= targetMs && throughPlexterm.appended === throughPlexterm.tracks - 1, command,
      },
      { name: 'gap: silence between two tracks, mpv given both URLs (--gapless-audio=yes)', value: round(direct.longestMs, 2), unit: 'ms', command },
    ];
  } finally {
    await demo.stop();
    await folder.remove();
  }
}

/** The album through plexterm's CLI (the built bin): its audio decoded, and how many tracks mpv went on to by itself. */
async function plextermGap(url: string, token: string, folder: string): Promise<{ longestMs: number; appended: number; tracks: number }> {
  const home = join(folder, 'home');
  await mkdir(join(home, 'config'), { recursive: true });
  await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ prefetch: { percent: 0 } }));
  const file = join(folder, 'plexterm.pcm');
  const fifo = await pacedFifo(file, format.rate * format.channels * 2 * pace);
  const environment: NodeJS.ProcessEnv = { ...process.env, PLEXTERM_HOME: home, NO_COLOR: '1' };
  for (const name of ['PLEXTERM_SERVER', 'PLEXTERM_TOKEN', 'NODE_OPTIONS']) delete environment[name];
  const args = [bin, '--server', url, '--token', token, 'play', album, '--json', '--from-start', '--player', 'mpv', ...pcmArguments(file).map((arg) => `--player-arg=${arg}`)];
  const run = await timeCommand(process.execPath, args, environment);
  const pcm = await fifo.stop();
  if (run.code !== 0) throw new Error(`plexterm play exited with ${run.code}: ${run.stderr.trim()}`);
  const tracks = run.stdout.split('\n').filter((line) => line.startsWith('{"type":"ended"')).length;
  const log = await readFile(join(home, 'log', 'plugins.log'), 'utf8').catch(() => '');
  const appended = (log.match(/the next item plays on in the appended file/g) ?? []).length;
  return { longestMs: longestSilence(pcm, format).longestMs, appended, tracks };
}

/**
 * A FIFO at `path` read at `bytesPerSecond`, as a sound card takes audio: what mpv writes waits in the pipe (64 KB)
 * until read, so mpv plays on that clock. Opened for reading and writing, so that mpv opening and closing its end
 * (a file loaded after the one before ended) ends nothing; `stop` writes four zero bytes (silence after the last
 * sound, which is not counted) to end the read that waits, and resolves with all that was read.
 */
async function pacedFifo(path: string, bytesPerSecond: number): Promise<{ stop(): Promise<Buffer> }> {
  execFileSync('mkfifo', [path]);
  const handle = await open(path, constants.O_RDWR);
  const chunks: Buffer[] = [];
  let stopping = false;
  const reading = (async () => {
    const started = performance.now();
    let total = 0;
    while (!stopping) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(16_384), 0, 16_384, null);
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      const ahead = (total / bytesPerSecond) * 1000 - (performance.now() - started);
      if (ahead > 0) await delay(ahead);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await handle.write(Buffer.alloc(4));
      await reading;
      await handle.close();
      return Buffer.concat(chunks);
    },
  };
}

/** mpv alone on the album's first two tracks (their part URLs on the demo server). */
async function mpvGap(url: string, token: string, folder: string): Promise<{ longestMs: number }> {
  const answer = await fetch(`${url}/library/metadata/${album}/children`, { headers: { Accept: 'application/json', 'X-Plex-Token': token } });
  const tracks = ((await answer.json()) as { MediaContainer: { Metadata?: { Media?: { Part?: { key: string }[] }[] }[] } }).MediaContainer.Metadata ?? [];
  const urls = tracks.slice(0, 2).map((track) => `${url}${track.Media?.[0]?.Part?.[0]?.key ?? ''}?X-Plex-Token=${token}`);
  const file = join(folder, 'mpv.pcm');
  const run = await timeCommand('mpv', ['--no-config', '--no-terminal', ...pcmArguments(file), ...gaplessArguments, ...urls]);
  if (run.code !== 0) throw new Error(`mpv exited with ${run.code}`);
  return { longestMs: longestSilence(await readFile(file), format).longestMs };
}
