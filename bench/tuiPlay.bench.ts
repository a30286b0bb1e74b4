// TUI: Enter on an item → mpv's first frame (issue 15), empty cache and cached replay, beside mpv given the part's URL
// directly in the same rounds. The real TUI (the compiled dist/, as the installed command runs) in a tmux pane.
// Run alone: node --import tsx bench/run.ts tui-play   (needs tmux, mpv on PATH and a built dist/: `npm run build`)
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { nodeFlags } from '../src/base/runtimeFlags.js';
import { hasMpv, processesMentioning } from '../test/helpers/playCli.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../test/helpers/tmuxSession.js';
import { median, round, signed, type BenchResult } from './benchResult.js';
import { emptyMediaCache, mpvDirect, watchMpvLog, type FirstFrame } from './firstFrame.bench.js';
import { installedCommand, startBackground } from './processTools.js';

const runs = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const latencyMs = 50;
/** Movie 101 of the demo: Night of the Living Dead, demo-10s.mkv, 395 KB, no resume offset; the search finds it first. */
const ratingKey = '101';
const search = 'living dead';
const title = 'Night of the Living Dead';
const mpvQuiet = ['--vo=null', '--ao=null', '--frames=1'];
const repository = fileURLToPath(new URL('..', import.meta.url));
/** Another build's bin/plexterm.js (PLEXTERM_BENCH_BASE_BIN, as in first-frame): its TUI plays in the same rounds, with its own home. */
const baseBin = process.env.PLEXTERM_BENCH_BASE_BIN;
const command = `node --import tsx bench/run.ts tui-play  (demo: bench/demoChild.ts '{"latencyMs":${latencyMs}}' in its own process; per round: mpv --no-config ${mpvQuiet.join(' ')} on the part's URL, then \`bin/plexterm.js --home HOME --server URL\` (the installed command, through its shebang) (PLEXTERM_TOKEN; HOME emptied but for Node's compile cache) in a 100×30 tmux pane with config {"player":"mpv","plugins":{"mpv":{"extraArgs":[${mpvQuiet.map((arg) => `"${arg}"`).join(',')},"--log-file=…"]}}}, / ${search}, Enter, then Enter on the movie (empty cache) and, once mpv has ended (its process gone), Enter again (cached replay); ${runs} rounds after one warm-up, medians; from the Enter key sent to mpv's log line "first video frame", at its own clock, from when its log file appeared)`;

/**
 * Waits until the play's mpv has ended, so the next Enter starts a new play rather than replacing this one. Until its
 * first frame, one read of its log a turn (the least CPU beside the play measured); then its process, found once by its
 * `--log-file=` argument, until it is gone (a zombie's command line reads empty). Not "Exiting..." in its log: mpv 0.35
 * sometimes ends (exit code 0) without writing its log's last lines (seen once in some 150 rounds of mpv alone, stopped
 * and quit over IPC as the plugin does, with the two cores busy).
 */
async function mpvEnded(tmux: TmuxSession, logFile: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  const argument = `--log-file=${logFile}`;
  let running: number[] | null = null;
  while (Date.now() < deadline) {
    if (running === null) {
      if ((await readFile(logFile, 'utf8').catch(() => '')).includes('first video frame')) running = await processesMentioning(argument);
    } else {
      const alive = await Promise.all(running.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').then((line) => line.includes(argument), () => false)));
      running = running.filter((_pid, index) => alive[index]);
    }
    if (running?.length === 0) return;
    await delay(20);
  }
  // What the screen and mpv's log showed, for the one who reads the failure.
  const log = await readFile(logFile, 'utf8').catch(() => '');
  const tail = log === '' ? '(no log file)' : log.split('\n').slice(-15).join('\n');
  throw new Error(`mpv did not end within ${limitMs} ms (${running === null ? 'no first frame in its log' : 'it still runs'})\nthe pane:\n${tmux.capture()}\nmpv's log, its end:\n${tail}`);
}

/** Enter on the selected movie, and mpv's first frame after it (ms since the key was sent). */
async function enterToFirstFrame(tmux: TmuxSession, logFile: string): Promise<FirstFrame> {
  await rm(logFile, { force: true });
  const origin = performance.now();
  const log = watchMpvLog(logFile, origin);
  tmux.keys('Enter');
  await mpvEnded(tmux, logFile);
  // The TUI shows the play over before the next Enter: otherwise that Enter would land on the play still ending.
  await tmux.waitFor((pane) => !/playing \d+:\d+/.test(pane) && /Cache: (\S+ → )*ready/.test(pane));
  return log.read();
}

/**
 * One TUI from start to quit on an empty home: the movie played with an empty cache, then again from the cache. The home
 * keeps only Node's compile cache from round to round, as a machine where plexterm has run before does.
 */
async function tuiRound(server: { url: string; token: string }, folder: string, root = repository, homeName = 'home'): Promise<{ cold: FirstFrame; cached: FirstFrame }> {
  const home = join(folder, homeName);
  const logFile = join(folder, 'mpv.log');
  for (const name of ['config', 'data', 'log']) await rm(join(home, name), { recursive: true, force: true });
  await emptyMediaCache(home);
  await mkdir(join(home, 'config'), { recursive: true });
  await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'mpv', plugins: { mpv: { extraArgs: [...mpvQuiet, `--log-file=${logFile}`] } } }));
  const tmux = TmuxSession.start({
    command: `${installedCommand(join(root, 'bin', 'plexterm.js'), nodeFlags).text} --home ${home} --server ${server.url}; sleep 30`,
    width: 100,
    height: 30,
    cwd: root,
    environment: { TERM: 'xterm-256color', PLEXTERM_TOKEN: server.token },
  });
  try {
    await tmux.waitFor(/Continue Watching/, 30_000);
    tmux.keys('/');
    await tmux.waitFor('Search: ▏');
    tmux.type(search);
    await tmux.waitFor(new RegExp(`Search: ${search}▏? \\(\\d+\\)[\\s\\S]*${title}`));
    tmux.keys('Enter');
    // The details of the first result, the movie, with its part: Enter now plays it.
    await tmux.waitFor(new RegExp(`Details[\\s\\S]*${title}[\\s\\S]*Cache: not cached`));
    const cold = await enterToFirstFrame(tmux, logFile);
    const cached = await enterToFirstFrame(tmux, logFile);
    tmux.keys('q');
    return { cold, cached };
  } finally {
    tmux.kill();
  }
}

export async function benchTuiPlay(): Promise<BenchResult[]> {
  if (!hasTmux() || !hasMpv()) return [{ name: 'tui play: skipped, tmux or mpv is missing', value: Number.NaN, unit: 'ms', command }];
  if (!existsSync(join(repository, 'dist', 'main', 'processRun.js'))) return [{ name: 'tui play: skipped, dist/ is not built (npm run build)', value: Number.NaN, unit: 'ms', command }];
  const folder = await makeTempFolder('plexterm-bench-tui-play-');
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), JSON.stringify({ latencyMs })]);
  const server = JSON.parse(demo.firstLine) as { url: string; token: string };
  try {
    const metadata = (await (await fetch(`${server.url}/library/metadata/${ratingKey}`, { headers: { 'X-Plex-Token': server.token, Accept: 'application/json' } })).json()) as {
      MediaContainer: { Metadata: Array<{ title: string; Media: Array<{ Part: Array<{ key: string }> }> }> };
    };
    const item = metadata.MediaContainer.Metadata[0];
    const part = item?.Media[0]?.Part[0];
    if (!part || item?.title !== title) throw new Error(`item ${ratingKey} is not ${title} with a part`);
    const direct: number[] = [];
    const cold: FirstFrame[] = [];
    const cached: FirstFrame[] = [];
    const baseCold: FirstFrame[] = [];
    const baseCached: FirstFrame[] = [];
    // One warm-up round (disk caches, the first compile of mpv's and node's files), then the rounds, interleaved.
    for (let round = -1; round < runs; round += 1) {
      const directRun = await mpvDirect(`${server.url}${part.key}`, server.token, join(folder.path, 'direct.log'));
      const plays = await tuiRound(server, folder.path);
      const basePlays = baseBin ? await tuiRound(server, folder.path, dirname(dirname(baseBin)), 'base-home') : undefined;
      if (round < 0) continue;
      if (basePlays) {
        baseCold.push(basePlays.cold);
        baseCached.push(basePlays.cached);
      }
      direct.push(directRun.firstFrame);
      cold.push(plays.cold);
      cached.push(plays.cached);
    }
    const directMedian = median(direct);
    const results: BenchResult[] = [{ name: `tui play: mpv given the part's URL directly, median of ${runs}`, value: round(directMedian), unit: 'ms', command }];
    for (const [label, frames] of [['empty cache', baseCold], ['cached replay', baseCached]] as const) {
      if (frames.length > 0) results.push({ name: `tui play: the base build (${baseBin ?? ''}), ${label}, median of ${runs}`, value: round(median(frames.map((frame) => frame.firstFrame))), unit: 'ms', command: `PLEXTERM_BENCH_BASE_BIN=${baseBin ?? ''} ${command}` });
    }
    for (const [label, frames, allowance] of [
      ['empty cache', cold, 250],
      ['cached replay', cached, 150],
    ] as const) {
      const value = median(frames.map((frame) => frame.firstFrame));
      results.push({ name: `tui play: Enter → first frame, ${label}, median of ${runs} (${signed(value - directMedian)} ms on mpv direct)`, value: round(value), unit: 'ms', target: `≤ mpv direct + ${allowance} ms`, met: value <= directMedian + allowance, command });
      results.push({ name: `  phase (${label}): Enter → player process spawned (mpv log), median`, value: round(median(frames.map((frame) => frame.playerStart))), unit: 'ms', command: 'the same run' });
    }
    return results;
  } finally {
    await demo.stop();
    await folder.remove();
  }
}
