// `plexterm play` → mpv's first frame, beside mpv given the part's URL directly: empty cache and cached replay, each phase's median.
// Run alone: node --import tsx bench/run.ts first-frame   (needs mpv on PATH and a built dist/: `npm run build`)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasMpv } from '../test/helpers/playCli.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { median, round, signed, type BenchResult } from './benchResult.js';
import { installedCommand, startBackground } from './processTools.js';
import { nodeFlags } from '../src/base/runtimeFlags.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
/** The demo server's delay per answer: 50 ms (issue 15's targets), or BENCH_LATENCY_MS (a server farther away). */
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
/** Movie 101 of the demo: demo-10s.mkv, 395 KB. */
const ratingKey = '101';
const mpvQuiet = ['--vo=null', '--ao=null', '--frames=1'];
const bin = fileURLToPath(new URL('../bin/plexterm.js', import.meta.url));
/** Another build's bin/plexterm.js to play beside this one in the same rounds (e.g. the commit before a change), or none. */
const baseBin = process.env.PLEXTERM_BENCH_BASE_BIN;
const command = `${latencyMs === 50 ? '' : `BENCH_LATENCY_MS=${latencyMs} `}node --import tsx bench/run.ts first-frame  (demo: bench/demoChild.ts '{"latencyMs":${latencyMs}}' in its own process; per round, in turn: mpv --no-config ${mpvQuiet.join(' ')} on the part's URL, \`plexterm play ${ratingKey} --json --from-start --player mpv ${mpvQuiet.map((arg) => `--player-arg=${arg}`).join(' ')}\` after its media cache (store and data, not Node's compile cache) and its queue hints were removed, then the same again (cached replay); plexterm run as its installed command runs, bin/plexterm.js through its shebang; ${runs} rounds, medians; first frame: mpv's log line "first video frame", at its own clock, from when its log file appeared)`;

/** Milliseconds since the process was spawned at which each `play --json` line arrived, by a name for its event. */
type Marks = Map<string, number>;

export interface FirstFrame {
  /** The player process started (its log file appeared, less the log's first time stamp). */
  playerStart: number;
  firstFrame: number;
}

/**
 * Watches for mpv's log file; `read()`, once mpv has ended, reads its time stamps. Times in ms since `origin`. The
 * folder is watched (inotify), so the wait costs no CPU beside the processes measured: a poll every 2 ms, as before,
 * took a share of the two cores from the three processes of a play, and less from mpv alone. A poll every 50 ms only
 * stands in should the watch miss the file (a file system without events).
 */
export function watchMpvLog(path: string, origin: number): { read(): Promise<FirstFrame> } {
  let stopped = false;
  let seen: (at: number) => void = () => {};
  const appearedByWatch = new Promise<number>((resolve) => (seen = resolve));
  const watcher = watch(dirname(path), (_event, name) => {
    if (name === basename(path)) seen(performance.now() - origin);
  });
  const appearedByPoll = (async () => {
    while (!stopped) {
      if (await stat(path).then(() => true, () => false)) return performance.now() - origin;
      await delay(50);
    }
    return Number.NaN;
  })();
  const appeared = Promise.race([appearedByWatch, appearedByPoll]);
  return {
    async read() {
      stopped = true;
      const appearedAt = await appeared;
      watcher.close();
      const log = await readFile(path, 'utf8').catch(() => '');
      const stamp = (pattern: RegExp) => {
        const line = log.split('\n').find((candidate) => pattern.test(candidate));
        const match = line ? /^\[\s*([\d.]+)\]/.exec(line) : null;
        return match ? Number(match[1]) * 1000 : Number.NaN;
      };
      const playerStart = appearedAt - stamp(/./);
      return { playerStart, firstFrame: playerStart + stamp(/first video frame/) };
    },
  };
}

export async function mpvDirect(url: string, token: string, logFile: string): Promise<FirstFrame> {
  await rm(logFile, { force: true });
  const origin = performance.now();
  const child = spawn('mpv', ['--no-config', ...mpvQuiet, `--log-file=${logFile}`, `--http-header-fields=X-Plex-Token: ${token}`, url], { stdio: 'ignore' });
  const log = watchMpvLog(logFile, origin);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`mpv on the part's URL exited with ${code}`);
  return log.read();
}

async function plextermPlay(server: { url: string; token: string }, home: string, logFile: string, program = bin): Promise<{ marks: Marks; frame: FirstFrame }> {
  await rm(logFile, { force: true });
  const args = ['--server', server.url, '--token', server.token, 'play', ratingKey, '--json', '--from-start', '--player', 'mpv', ...[...mpvQuiet, `--log-file=${logFile}`].map((arg) => `--player-arg=${arg}`)];
  const environment: NodeJS.ProcessEnv = { ...process.env, PLEXTERM_HOME: home, NO_COLOR: '1' };
  for (const name of ['PLEXTERM_SERVER', 'PLEXTERM_TOKEN', 'NODE_OPTIONS']) delete environment[name];
  const origin = performance.now();
  // As the installed command runs (its shebang: no NODE_EXTRA_CA_CERTS read at start), either build.
  const installed = installedCommand(program, nodeFlags);
  const child = spawn(installed.program, [...installed.prefix, ...args], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = watchMpvLog(logFile, origin);
  const marks: Marks = new Map();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now() - origin;
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as { type: string; phase?: string; state?: string };
    const name = event.type === 'phase' ? String(event.phase) : event.type === 'cache' ? `cache:${String(event.state)}` : event.type;
    if (!marks.has(name)) marks.set(name, at);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  const frame = await log.read();
  if (code !== 0) throw new Error(`plexterm play exited with ${code}: ${stderr.trim()}`);
  return { marks, frame };
}

/**
 * Empties the media cache of `home` (its store and data files) and forgets what plays learnt of the server's items
 * (data/queue-hints.json), as a first play of an item finds them. Node's compile cache beside them
 * (src/base/compileCache.ts) stays, as it does on a machine where plexterm has run before.
 */
export async function emptyMediaCache(home: string): Promise<void> {
  for (const name of ['store', 'data']) await rm(join(home, 'cache', name), { recursive: true, force: true });
  await rm(join(home, 'data', 'queue-hints.json'), { force: true });
}

/** The phases a person waits through, in order: each one's event, and what it covers. */
const phases: Array<{ mark: string; what: string }> = [
  { mark: 'loaded', what: 'process start + module load (play action entered)' },
  { mark: 'config', what: 'config read' },
  { mark: 'plugins', what: 'plugins read (the host\'s process is started then)' },
  { mark: 'services', what: 'Plex client and cache opened' },
  { mark: 'host', what: 'plugin host process up' },
  { mark: 'plugin', what: 'player plugin activated' },
  { mark: 'resolved', what: 'metadata (the `resolved` event)' },
  { mark: 'cache:probing', what: 'cache entry opened (probing)' },
  { mark: 'cache:sized', what: 'size probe (sized)' },
  { mark: 'cache:ready', what: 'start buffer (ready)' },
  { mark: 'player', what: 'player process spawned (mpv log)' },
  { mark: 'launched', what: 'player given the URL (`launched`)' },
  { mark: 'frame', what: 'first frame (mpv log)' },
];

export async function benchFirstFrame(): Promise<BenchResult[]> {
  if (!hasMpv()) return [{ name: 'first frame: skipped, mpv is not on PATH', value: Number.NaN, unit: 'ms', command }];
  const folder = await makeTempFolder('plexterm-bench-first-frame-');
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), JSON.stringify({ latencyMs })]);
  const server = JSON.parse(demo.firstLine) as { url: string; token: string };
  try {
    const metadata = (await (await fetch(`${server.url}/library/metadata/${ratingKey}`, { headers: { 'X-Plex-Token': server.token, Accept: 'application/json' } })).json()) as {
      MediaContainer: { Metadata: Array<{ Media: Array<{ Part: Array<{ key: string; size: number }> }> }> };
    };
    const part = metadata.MediaContainer.Metadata[0]?.Media[0]?.Part[0];
    if (!part) throw new Error(`item ${ratingKey} has no part`);
    const home = join(folder.path, 'home');
    const logFile = join(folder.path, 'mpv.log');
    const direct: number[] = [];
    const cold: Array<{ marks: Marks; frame: FirstFrame }> = [];
    const cached: Array<{ marks: Marks; frame: FirstFrame }> = [];
    const baseCold: number[] = [];
    const baseCached: number[] = [];
    const baseHome = join(folder.path, 'base-home');
    // One warm-up of each (disk caches, the first compile of mpv's and node's files), then the rounds, interleaved so load hits all alike.
    for (let round = -1; round < runs; round += 1) {
      const directRun = await mpvDirect(`${server.url}${part.key}`, server.token, logFile);
      await emptyMediaCache(home);
      const coldRun = await plextermPlay(server, home, logFile);
      const cachedRun = await plextermPlay(server, home, logFile);
      if (baseBin) {
        await emptyMediaCache(baseHome);
        const baseColdRun = await plextermPlay(server, baseHome, logFile, baseBin);
        const baseCachedRun = await plextermPlay(server, baseHome, logFile, baseBin);
        if (round >= 0) {
          baseCold.push(baseColdRun.frame.firstFrame);
          baseCached.push(baseCachedRun.frame.firstFrame);
        }
      }
      if (round < 0) continue;
      direct.push(directRun.firstFrame);
      cold.push(coldRun);
      cached.push(cachedRun);
    }
    const directMedian = median(direct);
    const results: BenchResult[] = [{ name: `first frame: mpv given the part's URL directly, median of ${runs}`, value: round(directMedian), unit: 'ms', command }];
    if (baseBin) {
      for (const [label, frames] of [
        ['empty cache', baseCold],
        ['cached replay', baseCached],
      ] as const) {
        const value = median(frames);
        results.push({ name: `first frame: the base build (${baseBin}), ${label}, median of ${runs} (${round(value / directMedian, 2)}× mpv direct)`, value: round(value), unit: 'ms', command: `PLEXTERM_BENCH_BASE_BIN=${baseBin} ${command}` });
      }
    }
    for (const [label, plays, allowance] of [
      ['empty cache', cold, 250],
      ['cached replay', cached, 150],
    ] as const) {
      const frames = plays.map((play) => play.frame.firstFrame);
      const value = median(frames);
      results.push({
        name: `first frame: plexterm play, ${label}, median of ${runs} (${round(value / directMedian, 2)}× mpv direct, ${signed(value - directMedian)} ms)`,
        value: round(value),
        unit: 'ms',
        // The targets are issue 15's, for a server 50 ms away.
        ...(latencyMs === 50 ? { target: `≤ mpv direct + ${allowance} ms`, met: value <= directMedian + allowance } : {}),
        command,
      });
      let previous = 0;
      for (const { mark, what } of phases) {
        const times = plays.map((play) => (mark === 'player' ? play.frame.playerStart : mark === 'frame' ? play.frame.firstFrame : (play.marks.get(mark) ?? Number.NaN)));
        const reached = times.filter((time) => Number.isFinite(time));
        // A step no play took (a cached replay validated recently is never probed) has no figure, and is said so.
        if (reached.length === 0) {
          results.push({ name: `  phase (${label}): ${what}: not taken in these plays`, value: Number.NaN, unit: 'ms', command: 'the same run' });
          continue;
        }
        const at = median(reached);
        const some = reached.length < times.length ? ` (in ${reached.length} of ${times.length} plays)` : '';
        // The plugin host, the player's plugin and the idle player start beside the metadata and the cache entry.
        const background = mark === 'host' || mark === 'plugin' || mark === 'player';
        results.push({ name: `  phase (${label}): ${what}: median since spawn${background ? ' (beside the others)' : `, ${signed(at - previous)}`}${some}`, value: round(at), unit: 'ms', command: 'the same run' });
        if (!background) previous = at;
      }
    }
    return results;
  } finally {
    await demo.stop();
    await folder.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchFirstFrame()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
