// `npm run bench`: runs every benchmark, then prints one table of figures and the command lines behind them.
import type { BenchResult } from './benchResult.js';

type Suite = { name: string; run: () => Promise<BenchResult[]> };

const suites: Suite[] = [
  { name: 'cli', run: async () => (await import('./cli.bench.js')).benchCli() },
  { name: 'store', run: async () => (await import('./store.bench.js')).benchStore() },
  { name: 'proxy', run: async () => (await import('./proxy.bench.js')).benchProxy() },
  { name: 'extensions', run: async () => (await import('./extensions.bench.js')).benchExtensions() },
  { name: 'play', run: async () => (await import('./play.bench.js')).benchPlay() },
  { name: 'tui', run: async () => (await import('./tui.bench.js')).benchTui() },
  { name: 'cache', run: async () => (await import('./cache.bench.js')).benchCache() },
];

const only = process.argv.slice(2);
const results: BenchResult[] = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  try {
    results.push(...(await suite.run()));
  } catch (error) {
    process.stderr.write(`bench: ${suite.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

const rows = results.map((result) => ({
  name: result.name,
  value: `${result.value} ${result.unit}`,
  target: result.target ?? '',
  verdict: result.met === undefined ? '' : result.met ? 'ok' : 'MISSED',
}));
const width = (key: keyof (typeof rows)[number]) => Math.max(key.length, ...rows.map((row) => row[key].length));
const columns = ['name', 'value', 'target', 'verdict'] as const;
process.stdout.write(`${columns.map((column) => column.toUpperCase().padEnd(width(column))).join('  ')}\n`);
for (const row of rows) process.stdout.write(`${columns.map((column) => row[column].padEnd(width(column))).join('  ')}\n`);
process.stdout.write('\nCommands:\n');
for (const result of results) process.stdout.write(`  ${result.name}: ${result.command}\n`);
