// Issue 2's figures: whole-process start-up of the CLI, and paging a 100,000-item section.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/base/packageRoot.js';
import { nodeFlags } from '../src/base/runtimeFlags.js';
import { median, percentile, round, type BenchResult } from './benchResult.js';
import { startBackground, timeCommand } from './processTools.js';

const runs = 15;
const bigSection = 100_000;
/** How the figures run plexterm: as its installed command does (the shebang passes the node flags). */
const plexterm = `node ${nodeFlags.join(' ')} bin/plexterm.js`;

export async function benchCli(): Promise<BenchResult[]> {
  const root = packageRoot();
  const bin = join(root, 'bin', 'plexterm.js');
  const home = await mkdtemp(join(tmpdir(), 'plexterm-bench-'));
  const environment = { ...process.env, PLEXTERM_HOME: home };
  const server = await startBackground(process.execPath, [...nodeFlags, bin, 'demo-server', '--big-section', String(bigSection)], environment);
  try {
    const { url, token } = JSON.parse(server.firstLine) as { url: string; token: string };
    const results: BenchResult[] = [];

    const version = await timeRuns([bin, '--version'], environment);
    results.push(wallTime('plexterm --version (median)', version.median, 300, `${plexterm} --version`));
    results.push(wallTime('plexterm --version (p95)', version.p95, 300, `${plexterm} --version`));

    const librariesArgs = [bin, '--server', url, '--token', token, 'libraries', '--json'];
    const libraries = await timeRuns(librariesArgs, environment);
    const librariesCommand = `${plexterm} demo-server --big-section ${bigSection} & ${plexterm} --server URL --token TOKEN libraries --json`;
    results.push(wallTime('plexterm libraries --json (median)', libraries.median, 300, librariesCommand));
    results.push(wallTime('plexterm libraries --json (p95)', libraries.p95, 300, librariesCommand));

    const sections = JSON.parse(libraries.lastStdout) as Array<{ key: string; title: string }>;
    const big = sections.find((section) => section.title === 'Big Library');
    if (!big) throw new Error('the demo server has no Big Library');
    const paging = await timeCommand(process.execPath, [join(root, 'bench', 'pageSection.mjs'), url, token, big.key, '200'], environment);
    if (paging.code !== 0) throw new Error(`pageSection.mjs failed: ${paging.stderr.trim()}`);
    const figures = JSON.parse(paging.stdout) as { firstPageMs: number; totalMs: number; items: number; maxRssMb: number };
    if (figures.items !== bigSection) throw new Error(`paged ${figures.items} items, expected ${bigSection}`);
    const pagingCommand = `node bench/pageSection.mjs URL TOKEN ${big.key} 200  (PlexClient.pageSection, pages of 200)`;
    results.push({ name: 'page 100,000 items: first page', value: round(figures.firstPageMs), unit: 'ms', target: '< 200 ms', met: figures.firstPageMs < 200, command: pagingCommand });
    results.push({ name: 'page 100,000 items: all pages', value: round(figures.totalMs), unit: 'ms', command: pagingCommand });
    results.push({ name: 'page 100,000 items: peak RSS', value: round(figures.maxRssMb), unit: 'MB', target: '< 150 MB', met: figures.maxRssMb < 150, command: pagingCommand });
    return results;
  } finally {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  }
}

async function timeRuns(args: string[], environment: NodeJS.ProcessEnv): Promise<{ median: number; p95: number; lastStdout: string }> {
  const times: number[] = [];
  let lastStdout = '';
  for (let run = 0; run < runs; run += 1) {
    // As the installed command runs: its shebang passes plexterm's node flags.
    const result = await timeCommand(process.execPath, [...nodeFlags, ...args], environment);
    if (result.code !== 0) throw new Error(`${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
    times.push(result.milliseconds);
    lastStdout = result.stdout;
  }
  return { median: median(times), p95: percentile(times, 0.95), lastStdout };
}

function wallTime(name: string, milliseconds: number, targetMs: number, command: string): BenchResult {
  return { name, value: round(milliseconds), unit: 'ms', target: `< ${targetMs} ms`, met: milliseconds < targetMs, command };
}
