// Child processes for benchmarks: time a whole command, or keep a server running beside the run.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TimedRun {
  milliseconds: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and measures its wall time, spawn to exit. */
export async function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  return { milliseconds, code, stdout, stderr };
}

/** GNU time, which reports a finished child's CPU time (Node tells a parent only its own). */
const gnuTime = '/usr/bin/time';

export interface TimedCpuRun extends TimedRun {
  /** User plus system CPU seconds of the command, in ms (10 ms steps); NaN where GNU time is missing. */
  cpuMilliseconds: number;
}

/**
 * Runs a command to its end like timeCommand, and also measures the CPU time it used, through GNU time when the
 * machine has it. On a loaded machine a command's wall time grows with everything else running, its CPU time hardly.
 */
export async function timeCommandCpu(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedCpuRun> {
  if (!existsSync(gnuTime)) return { ...(await timeCommand(command, args, env)), cpuMilliseconds: Number.NaN };
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-bench-time-'));
  try {
    const report = join(folder, 'time.txt');
    const run = await timeCommand(gnuTime, ['-f', '%U %S', '-o', report, command, ...args], env);
    const [user, system] = (await readFile(report, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number);
    return { ...run, cpuMilliseconds: ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000 };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface BackgroundProcess {
  child: ChildProcessWithoutNullStreams;
  firstLine: string;
  stop(): Promise<void>;
}

/** Starts a long-running command and waits for the first line it prints (e.g. the demo server's JSON). */
export async function startBackground(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<BackgroundProcess> {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const firstLine = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim()}`)));
  });
  lines.close();
  child.stdout.resume();
  return {
    child,
    firstLine,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** How a bench runs a bin/plexterm.js: the program to spawn, the arguments before plexterm's own, and how to say it. */
export interface InstalledCommand {
  program: string;
  prefix: string[];
  /** The command line as a person would type it, without plexterm's arguments. */
  text: string;
}

/**
 * `bin` as the installed `plexterm` command runs: through its shebang (which picks `node` on PATH, passes the runtime
 * flags and hands NODE_EXTRA_CA_CERTS to plexterm, see src/base/extraCaCertificates.ts). Where PATH's node is not the
 * one this bench runs on, through this node with the flags instead, so both builds and the floors run on one Node.
 */
export function installedCommand(bin: string, flags: readonly string[], pathNode = nodeOnPath()): InstalledCommand {
  const same = pathNode !== null && realpathSync(pathNode) === realpathSync(process.execPath);
  return same ? { program: bin, prefix: [], text: bin } : { program: process.execPath, prefix: [...flags, bin], text: ['node', ...flags, bin].join(' ') };
}

function nodeOnPath(): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
