// Start-up of the CLI (issues 2 and 15) and paging a 100,000-item section. The start-up figures come side by side
// in one run: each round runs a bare `node -e 0`, bare node with one round trip to the demo server, `--version`,
// `--help` and `libraries --json` in turn, so a machine that slows down slows all of them alike; medians.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/base/packageRoot.js';
import { nodeFlags } from '../src/base/runtimeFlags.js';
import { median, round, type BenchResult } from './benchResult.js';
import { installedCommand, startBackground, timeCommand, timeCommandCpu } from './processTools.js';

const rounds = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const bigSection = 100_000;
/** The demo server's delay on every answer for the start-up figures: a server 50 ms away, as issue 15 sets it. */
const latencyMs = 50;
/** One process a round runs: its argv after node, and what the bench output calls it. */
interface Contender {
  label: string;
  /** The program run: this node, or bin/plexterm.js as the installed command (installedCommand). */
  program: string;
  args: string[];
  command: string;
  /** Its own environment, when it differs from the round's. */
  environment?: NodeJS.ProcessEnv;
  /** What the target compares it with: a floor, or which target it has. */
  role: 'floor' | 'round-trip floor' | 'start-up' | 'one request';
}

/**
 * A bare node that makes the one request `libraries --json` needs (GET /library/sections) and exits: the floor of
 * any command that asks the server one thing. node:http, not fetch: fetch loads undici, which no floor should pay.
 */
const oneRoundTrip = `require('node:http').get(process.env.BENCH_URL + '/library/sections', { headers: { 'X-Plex-Token': process.env.BENCH_TOKEN, Accept: 'application/json' } }, (answer) => answer.resume().on('end', () => process.exit(answer.statusCode === 200 ? 0 : 1)))`;

export async function benchCli(): Promise<BenchResult[]> {
  const root = packageRoot();
  const bin = join(root, 'bin', 'plexterm.js');
  const home = await mkdtemp(join(tmpdir(), 'plexterm-bench-'));
  const environment: NodeJS.ProcessEnv = { ...process.env, PLEXTERM_HOME: home };
  for (const name of ['PLEXTERM_SERVER', 'PLEXTERM_TOKEN', 'NODE_OPTIONS']) delete environment[name];
  const big = await startBackground(process.execPath, [...nodeFlags, bin, 'demo-server', '--big-section', String(bigSection)], environment);
  const near = await startBackground(process.execPath, [...nodeFlags, bin, 'demo-server', '--latency', String(latencyMs)], environment).catch(async (error: unknown) => {
    await big.stop();
    throw error;
  });
  try {
    const results: BenchResult[] = [];
    results.push(...(await startUp(bin, JSON.parse(near.firstLine) as { url: string; token: string }, environment)));
    results.push(...(await paging(root, bin, JSON.parse(big.firstLine) as { url: string; token: string }, environment)));
    return results;
  } finally {
    await Promise.all([big.stop(), near.stop()]);
    await rm(home, { recursive: true, force: true });
  }
}

async function startUp(bin: string, server: { url: string; token: string }, base: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  // The server and token come from the environment, as a script would pass them: a token on a command line is seen by every process.
  const environment: NodeJS.ProcessEnv = { ...base, PLEXTERM_SERVER: server.url, PLEXTERM_TOKEN: server.token, BENCH_URL: server.url, BENCH_TOKEN: server.token };
  // plexterm as its installed command runs, through its shebang: Node 20 then no longer reads NODE_EXTRA_CA_CERTS at
  // start (the floors below are measured without it where it is set, so the targets are the stricter ones).
  const plexterm = installedCommand(bin, nodeFlags);
  const floorEnvironment = withoutExtraCertificates(environment);
  const contenders: Contender[] = [
    { label: 'node -e 0', program: process.execPath, args: ['-e', '0'], command: 'node -e 0', role: 'floor' },
    ...(floorEnvironment === null ? [] : [{ label: 'node -e 0 without NODE_EXTRA_CA_CERTS (it is set here)', program: process.execPath, args: ['-e', '0'], command: 'env -u NODE_EXTRA_CA_CERTS node -e 0', environment: floorEnvironment, role: 'floor' as const }]),
    {
      label: `node + one round trip (${latencyMs} ms)${floorEnvironment === null ? '' : ', without NODE_EXTRA_CA_CERTS'}`,
      program: process.execPath,
      args: ['-e', oneRoundTrip],
      command: `${floorEnvironment === null ? '' : 'env -u NODE_EXTRA_CA_CERTS '}node -e "<node:http GET /library/sections>"  (demo-server --latency ${latencyMs})`,
      ...(floorEnvironment === null ? {} : { environment: floorEnvironment }),
      role: 'round-trip floor',
    },
    { label: 'plexterm --version', program: plexterm.program, args: [...plexterm.prefix, '--version'], command: `${plexterm.text} --version`, role: 'start-up' },
    { label: 'plexterm --help', program: plexterm.program, args: [...plexterm.prefix, '--help'], command: `${plexterm.text} --help`, role: 'start-up' },
    { label: 'plexterm libraries --json', program: plexterm.program, args: [...plexterm.prefix, 'libraries', '--json'], command: `${plexterm.text} demo-server --latency ${latencyMs} & PLEXTERM_SERVER=URL PLEXTERM_TOKEN=TOKEN ${plexterm.text} libraries --json`, role: 'one request' },
  ];
  const wall = new Map<string, number[]>(contenders.map((contender) => [contender.label, []]));
  const cpu = new Map<string, number[]>(contenders.map((contender) => [contender.label, []]));
  // Round 0 warms the disk cache and writes the client identifier into the config; it is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    for (const contender of contenders) {
      const run = await timeCommandCpu(contender.program, contender.args, contender.environment ?? environment);
      if (run.code !== 0) throw new Error(`${contender.command} exited with ${run.code}: ${run.stderr.trim()}`);
      if (round === 0) continue;
      wall.get(contender.label)?.push(run.milliseconds);
      cpu.get(contender.label)?.push(run.cpuMilliseconds);
    }
  }
  const modules = await Promise.all(contenders.filter((contender) => contender.role === 'start-up' || contender.role === 'one request').map((contender) => modulesLoaded(contender, environment)));
  return [...figures(contenders, wall, 'wall', `median of ${rounds}`), ...figures(contenders, cpu, 'CPU', `median of ${rounds}, user + system`), ...modules];
}

/**
 * Where NODE_EXTRA_CA_CERTS is set (a machine behind a proxy with its own certificate authority), the environment
 * without it, for the floors: Node 20 reads and parses those certificates at every start, before any of a program's
 * code (80 ms for a 220 KB bundle of 144 certificates on this machine; Node 22 and 24 read them when TLS first needs
 * them). plexterm's shebang takes the variable out of Node's hands (src/base/extraCaCertificates.ts), so its figures
 * are compared with floors that do not pay it either. Null where it is not set.
 */
function withoutExtraCertificates(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv | null {
  if (environment.NODE_EXTRA_CA_CERTS === undefined) return null;
  const without = { ...environment };
  delete without.NODE_EXTRA_CA_CERTS;
  return without;
}

/**
 * How many modules (plexterm's and its packages', not node's own) a command loads: the count that start-up
 * follows, through test/helpers/loadedModules.ts as test/main/startupModules.test.ts uses it (tsx only reads it).
 */
async function modulesLoaded(contender: Contender, environment: NodeJS.ProcessEnv): Promise<BenchResult> {
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-bench-modules-'));
  try {
    const list = join(folder, 'modules.txt');
    const preload = join(packageRoot(), 'test', 'helpers', 'loadedModules.ts');
    const args = contender.program === process.execPath ? contender.args : [...nodeFlags, contender.program, ...contender.args];
    const run = await timeCommand(process.execPath, ['--import', 'tsx', '--import', preload, ...args], { ...environment, PLEXTERM_TEST_LOADED_MODULES: list });
    if (run.code !== 0) throw new Error(`${contender.command} with the module list exited with ${run.code}: ${run.stderr.trim()}`);
    const loaded = new Set((await readFile(list, 'utf8').catch(() => '')).split('\n').map((line) => line.replace(/\?.*$/, '')).filter((line) => line.startsWith('file://') && !/\/node_modules\/(tsx|esbuild|get-tsconfig|resolve-pkg-maps)\/|\/test\/helpers\//.test(line)));
    return { name: `modules loaded: ${contender.label}`, value: loaded.size, unit: 'modules', command: `node --import tsx --import ./test/helpers/loadedModules.ts ${args.join(' ')}  (PLEXTERM_TEST_LOADED_MODULES=FILE)` };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * One row per contender, with issue 15's targets: each plexterm command against its floor. The wall figures are the
 * targets' own; the CPU figures say the same on a machine loaded by other work, where wall time mostly measures the queue.
 */
function figures(contenders: readonly Contender[], times: ReadonlyMap<string, number[]>, kind: string, how: string): BenchResult[] {
  const medianOf = (contender: Contender | undefined) => median(times.get(contender?.label ?? '') ?? []);
  // The faster floor: node without NODE_EXTRA_CA_CERTS where it is set.
  const bare = Math.min(...contenders.filter((contender) => contender.role === 'floor').map(medianOf));
  const roundTrip = medianOf(contenders.find((contender) => contender.role === 'round-trip floor'));
  return contenders.map((contender): BenchResult => {
    const value = medianOf(contender);
    const row = { name: `start-up ${kind}: ${contender.label} (${how})`, value: round(value), unit: 'ms', command: contender.command };
    if (Number.isNaN(value)) return row;
    if (contender.role === 'start-up') return { ...row, target: `≤ node -e 0 + 60 = ${round(bare + 60)} ms`, met: value <= bare + 60 };
    if (contender.role === 'one request') return { ...row, target: `≤ node + one round trip + 100 = ${round(roundTrip + 100)} ms`, met: value <= roundTrip + 100 };
    return row;
  });
}

async function paging(root: string, bin: string, server: { url: string; token: string }, environment: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  const listed = await timeCommand(process.execPath, [...nodeFlags, bin, '--server', server.url, '--token', server.token, 'libraries', '--json'], environment);
  if (listed.code !== 0) throw new Error(`libraries --json exited with ${listed.code}: ${listed.stderr.trim()}`);
  const big = (JSON.parse(listed.stdout) as Array<{ key: string; title: string }>).find((section) => section.title === 'Big Library');
  if (!big) throw new Error('the demo server has no Big Library');
  const run = await timeCommand(process.execPath, [join(root, 'bench', 'pageSection.mjs'), server.url, server.token, big.key, '200'], environment);
  if (run.code !== 0) throw new Error(`pageSection.mjs failed: ${run.stderr.trim()}`);
  const figures = JSON.parse(run.stdout) as { firstPageMs: number; totalMs: number; items: number; maxRssMb: number };
  if (figures.items !== bigSection) throw new Error(`paged ${figures.items} items, expected ${bigSection}`);
  const command = `${['node', ...nodeFlags].join(' ')} bin/plexterm.js demo-server --big-section ${bigSection} & node bench/pageSection.mjs URL TOKEN ${big.key} 200  (PlexClient.pageSection, pages of 200)`;
  return [
    { name: 'page 100,000 items: first page', value: round(figures.firstPageMs), unit: 'ms', target: '< 200 ms', met: figures.firstPageMs < 200, command },
    { name: 'page 100,000 items: all pages', value: round(figures.totalMs), unit: 'ms', command },
    { name: 'page 100,000 items: peak RSS', value: round(figures.maxRssMb), unit: 'MB', target: '< 150 MB', met: figures.maxRssMb < 150, command },
  ];
}
