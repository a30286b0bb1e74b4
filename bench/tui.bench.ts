// TUI figures: start to first paint (< 500 ms), keypress to render in a 100,000-item list (p95 < 30 ms), memory with all 100,000 paged in (< 300 MB).
// Run alone: node --import tsx bench/tui.bench.ts   (the demo with a 100,000-item "Big Library" runs in a process of its own; the TUI draws into a pipe)
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlextermConfig } from '../src/base/config.js';
import { CacheManager, HttpUpstream } from '../src/cache/index.js';
import { PlexClient } from '../src/plex/client.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../test/helpers/tmuxSession.js';
import { nodeFlags } from '../src/base/runtimeFlags.js';
import { percentile, round, type BenchResult } from './benchResult.js';
import { installedCommand, startBackground } from './processTools.js';

const bigSectionSize = 100_000;
const presses = 300;
const command = `node --import tsx bench/tui.bench.ts  (demo with bigSectionSize ${bigSectionSize} in its own process; runTui in this process drawing a 120×40 screen into a pipe; keys written to its input pipe)`;

/** A terminal made of pipes: blessed reads keys from `input` and writes the screen to `output`. */
function pipeTerminal(columns: number, rows: number): { input: PassThrough; output: PassThrough } {
  const input = new PassThrough();
  const output = new PassThrough();
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  Object.assign(output, { isTTY: true, columns, rows });
  output.resume();
  return { input, output };
}

const processRuns = 5;
const processCommand = `node bench/tui.bench.ts: ${processRuns} × \`bin/plexterm.js --demo\` (the installed command, through its shebang) in a 100×30 tmux pane (the compiled dist/; npm run bench builds it), the figure from tui.log's "first frame N ms after the process started" (performance.now(), so node's own start is included); median`;

/** The whole program: node starting, the CLI, the in-process demo server, the screen, the first frame. Null without tmux or dist/. */
async function processFirstFrame(): Promise<number | null> {
  const repository = fileURLToPath(new URL('..', import.meta.url));
  if (!hasTmux() || !existsSync(join(repository, 'dist', 'cli', 'main.js'))) return null;
  const figures: number[] = [];
  for (let run = 0; run < processRuns; run += 1) {
    const folder = await makeTempFolder('plexterm-bench-tui-start-');
    const tmux = TmuxSession.start({ command: `${installedCommand(join(repository, 'bin', 'plexterm.js'), nodeFlags).text} --home ${folder.path} --demo --no-plugins; sleep 30`, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
    try {
      const logPath = join(folder.path, 'log', 'tui.log');
      const deadline = Date.now() + 15_000;
      let match: RegExpExecArray | null = null;
      while (match === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        match = existsSync(logPath) ? /first frame (\d+) ms after the process started/.exec(await readFile(logPath, 'utf8')) : null;
      }
      if (match) figures.push(Number(match[1]));
      tmux.keys('q');
      await tmux.waitFor((pane) => !pane.includes('┌─ Plex'), 10_000).catch(() => undefined);
    } finally {
      tmux.kill();
      await folder.remove();
    }
  }
  return figures.length > 0 ? percentile(figures, 0.5) : null;
}

export async function benchTui(): Promise<BenchResult[]> {
  const wholeProgram = await processFirstFrame();
  const folder = await makeTempFolder('plexterm-bench-tui-');
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), JSON.stringify({ bigSectionSize })]);
  const { url, token } = JSON.parse(demo.firstLine) as { url: string; token: string };
  const identity = { clientIdentifier: 'plexterm-bench-tui' };
  const client = new PlexClient({ baseUrl: url, token, identity });
  const cache = await CacheManager.open({ folder: join(folder.path, 'cache'), connect: (path) => new HttpUpstream({ baseUrl: url, path, token, identity }) });
  const terminal = pipeTerminal(120, 40);
  const log: string[] = [];
  try {
    const started = performance.now();
    const { runTui, TuiHostBridge } = await import('../src/tui/index.js');
    type App = Parameters<NonNullable<Parameters<typeof runTui>[0]['onFirstPaint']>>[0];
    let firstPaint = 0;
    let appFound: (app: App) => void = () => {};
    const appReady = new Promise<App>((resolve) => (appFound = resolve));
    const running = runTui({
      client,
      cache: async () => cache,
      playback: () => Promise.reject(new Error('no playback in this benchmark')),
      preparePlayer: async () => undefined,
      extensions: async () => ({ plugins: () => [], executeCommand: async () => undefined, fireStartupFinished: async () => undefined, offReason: 'benchmark', trustRequests: () => [], trust: async () => undefined }),
      bridge: new TuiHostBridge((line) => log.push(line)),
      paths: { config: join(folder.path, 'config'), data: join(folder.path, 'data'), cache: join(folder.path, 'cache'), log: join(folder.path, 'log') },
      config: {} as PlextermConfig,
      server: { url, name: 'bench' },
      log: (line) => log.push(line),
      environment: { ...process.env, TERM: 'xterm-256color' },
      streams: terminal,
      onFirstPaint: (app) => {
        firstPaint = performance.now() - started;
        appFound(app);
      },
    });
    const app = await appReady;
    const screen = app.options.tuiScreen.screen;
    // The first listing (Continue Watching) on screen: the first paint a person can use.
    while (app.browser.current?.items.totalSize === null || app.browser.current === undefined) await once(screen, 'render');
    const firstListing = performance.now() - started;

    const press = async (sequence: string): Promise<number> => {
      const rendered = once(screen, 'render');
      const at = performance.now();
      terminal.input.write(sequence);
      await rendered;
      return performance.now() - at;
    };
    // Sidebar down to the Big Library (the last library), then into its list.
    const bigIndex = app.browser.entries.findIndex((entry) => entry.source?.title === 'Big Library');
    while (app.layout.sidebar.selected < bigIndex) await press('j');
    await press('\r');
    while (app.browser.current?.items.totalSize !== bigSectionSize) await once(screen, 'render');
    const timings: number[] = [];
    const keys = ['j', 'j', 'j', 'k', '\x1b[6~', 'j', 'G', 'k', 'k', 'g', '\x1b[6~', '\x1b[6~', 'j'];
    for (let index = 0; index < presses; index += 1) timings.push(await press(keys[index % keys.length] as string));
    // Every row of the Big Library paged in, as scrolling to the end would.
    const listing = app.browser.current;
    for (let start = 0; start < bigSectionSize; start += 2_000) await listing.items.ensure(start, 2_000);
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const loaded = listing.items.loadedCount;
    app.quit();
    await running;
    const whole: BenchResult[] =
      wholeProgram === null ? [] : [{ name: 'tui: process start → first frame (plexterm --demo)', value: wholeProgram, unit: 'ms', target: '< 500 ms', met: wholeProgram < 500, command: processCommand }];
    return [
      ...whole,
      { name: 'tui: runTui → first frame', value: round(firstPaint), unit: 'ms', target: '< 500 ms', met: firstPaint < 500, command },
      { name: 'tui: runTui → first listing on screen', value: round(firstListing), unit: 'ms', target: '< 500 ms', met: firstListing < 500, command },
      { name: `tui: keypress → render, 100,000-item list (p95 of ${presses})`, value: round(percentile(timings, 0.95), 2), unit: 'ms', target: '< 30 ms', met: percentile(timings, 0.95) < 30, command },
      { name: 'tui: keypress → render (median)', value: round(percentile(timings, 0.5), 2), unit: 'ms', command },
      { name: `tui: memory (rss) with ${loaded} items paged in`, value: round(memory.rss / 1024 / 1024), unit: 'MB', target: '< 300 MB', met: memory.rss < 300 * 1024 * 1024, command },
      { name: 'tui: heap used with them', value: round(memory.heapUsed / 1024 / 1024), unit: 'MB', command },
    ];
  } finally {
    client.dispose();
    await cache.close();
    await demo.stop();
    await folder.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await benchTui();
  for (const result of results) console.log(`${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target}${result.met === false ? ', NOT met' : ''})` : ''}`);
  process.exit(0);
}
