// Plays in one long-lived session (the TUI's case: its plugin host and the player's plugin stay up): play() → ready, → launched, → mpv's first `playing`; this build beside another.
// Run alone: node --import tsx bench/warmPlay.bench.ts   (needs mpv on PATH and a built dist/; PLEXTERM_BENCH_BASE_BIN=<other build>/bin/plexterm.js adds that build, in the same rounds)
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { hasMpv } from '../test/helpers/playCli.js';
import { median, round, type BenchResult } from './benchResult.js';
import { startBackground } from './processTools.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const latencyMs = 50;
/** Items not played before in a round's session (each a fresh cache entry); the first one warms the session up. */
const ratingKeys = ['107', '101', '105', '111', '103', '115', '109', '113'];
const ownRoot = fileURLToPath(new URL('..', import.meta.url));
const baseBin = process.env.PLEXTERM_BENCH_BASE_BIN;
const builds: Array<{ label: string; root: string }> = [{ label: 'this build', root: ownRoot }, ...(baseBin ? [{ label: `the base build (${baseBin})`, root: dirname(dirname(baseBin)) }] : [])];
const command = `${baseBin ? `PLEXTERM_BENCH_BASE_BIN=${baseBin} ` : ''}node --import tsx bench/warmPlay.bench.ts  (demo: bench/demoChild.ts '{"latencyMs":${latencyMs}}'; per round and build, one session (bench/warmPlayChild.ts) plays ${ratingKeys.join(', ')} with mpv --vo=null --ao=null --frames=1, from the start, the first as a warm-up; ${runs} rounds, medians over the plays)`;
const run = promisify(execFile);

type Play = { ready: number; launched: number; playing: number };

export async function benchWarmPlay(): Promise<BenchResult[]> {
  if (!hasMpv()) return [{ name: 'warm play: skipped, mpv is not on PATH', value: Number.NaN, unit: 'ms', command }];
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), JSON.stringify({ latencyMs })]);
  const server = JSON.parse(demo.firstLine) as { url: string; token: string };
  const plays = new Map<string, Play[]>(builds.map(({ label }) => [label, []]));
  try {
    for (let round = 0; round < runs; round += 1) {
      for (const { label, root } of builds) {
        const child = [...process.execArgv, join(ownRoot, 'bench', 'warmPlayChild.ts'), root, server.url, server.token, ...ratingKeys];
        const { stdout } = await run(process.execPath, child, { encoding: 'utf8', maxBuffer: 1 << 20 });
        plays.get(label)?.push(...(JSON.parse(stdout) as Play[]));
      }
    }
  } finally {
    await demo.stop();
  }
  return builds.flatMap(({ label }) => {
    const own = plays.get(label) ?? [];
    const figure = (what: string, values: number[]): BenchResult => ({ name: `warm play, ${label}: ${what}, median of ${own.length} plays`, value: round(median(values)), unit: 'ms', command });
    return [
      figure('play() → ready', own.map((play) => play.ready)),
      figure('play() → launched', own.map((play) => play.launched)),
      figure('play() → mpv playing', own.map((play) => play.playing)),
      figure('ready → mpv playing', own.map((play) => play.playing - play.ready)),
    ];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchWarmPlay()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
