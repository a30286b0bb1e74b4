// `npm run bench`: runs every benchmark, each suite in its own process, then prints one table of figures and the command lines behind them.
// `node --import tsx bench/run.ts SUITE...` runs only those suites.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './benchResult.js';
import { guardOutputStreams } from '../src/cli/readerGone.js';

type Suite = { name: string; run: () => Promise<BenchResult[]> };

const suites: Suite[] = [
  { name: 'cli', run: async () => (await import('./cli.bench.js')).benchCli() },
  { name: 'store', run: async () => (await import('./store.bench.js')).benchStore() },
  { name: 'proxy', run: async () => (await import('./proxy.bench.js')).benchProxy() },
  { name: 'extensions', run: async () => (await import('./extensions.bench.js')).benchExtensions() },
  { name: 'play', run: async () => (await import('./play.bench.js')).benchPlay() },
  { name: 'first-frame', run: async () => (await import('./firstFrame.bench.js')).benchFirstFrame() },
  { name: 'warm-play', run: async () => (await import('./warmPlay.bench.js')).benchWarmPlay() },
  { name: 'tui', run: async () => (await import('./tui.bench.js')).benchTui() },
  { name: 'tui-play', run: async () => (await import('./tuiPlay.bench.js')).benchTuiPlay() },
  { name: 'cache', run: async () => (await import('./cache.bench.js')).benchCache() },
  { name: 'gap', run: async () => (await import('./gap.bench.js')).benchGap() },
];

/** What a suite's own process is started with: it prints its figures as JSON and exits. */
const childMarker = '--suite-process';

if (process.argv[2] === childMarker) {
  const suite = suites.find((candidate) => candidate.name === process.argv[3]);
  if (!suite) throw new Error(`no bench suite ${process.argv[3] ?? ''}`);
  const figures = await suite.run();
  process.stdout.write(JSON.stringify(figures));
  // A suite that left a handle open must not hold up the others.
  process.exit(0);
}

/**
 * Each suite in a process of its own (same node flags and loader as this one), so no suite's memory,
 * garbage-collector state or leftover handles change another's figures (the TUI's RSS above all).
 */
async function runSuite(suite: Suite): Promise<BenchResult[]> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), childMarker, suite.name], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => (output += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`its process exited with ${code}`);
  // JSON has no NaN: a figure that could not be measured comes back as null.
  return (JSON.parse(output) as Array<Omit<BenchResult, 'value'> & { value: number | null }>).map((figure) => ({ ...figure, value: figure.value ?? Number.NaN }));
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length > 0) {
  // Said, and nothing run: a misspelt suite would otherwise print an empty table.
  process.stderr.write(`bench: no suite ${unknown.join(', ')}; the suites: ${suites.map((suite) => suite.name).join(' ')}\n`);
  process.exitCode = 2;
} else {
  // A reader that goes away early (`| head -1`) ends the table quietly, as it ends plexterm's own output.
  guardOutputStreams();
  await runAndPrint();
}

async function runAndPrint(): Promise<void> {
  const results: BenchResult[] = [];
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    process.stderr.write(`bench: ${suite.name}…\n`);
    try {
      results.push(...(await runSuite(suite)));
    } catch (error) {
      process.stderr.write(`bench: ${suite.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }

  const rows = results.map((result) => ({
    name: result.name,
    // A figure that could not be measured, or a step not taken, has none.
    value: Number.isNaN(result.value) ? '—' : `${result.value} ${result.unit}`,
    target: result.target ?? '',
    verdict: result.met === undefined ? '' : result.met ? 'ok' : 'MISSED',
  }));
  const width = (key: keyof (typeof rows)[number]) => Math.max(key.length, ...rows.map((row) => row[key].length));
  const columns = ['name', 'value', 'target', 'verdict'] as const;
  process.stdout.write(`${columns.map((column) => column.toUpperCase().padEnd(width(column))).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${columns.map((column) => row[column].padEnd(width(column))).join('  ')}\n`);
  process.stdout.write('\nCommands:\n');
  for (const result of results) process.stdout.write(`  ${result.name}: ${result.command}\n`);
}
