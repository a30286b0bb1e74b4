// Runs the real plexterm CLI in a child process (from the sources, through tsx) and collects what it prints.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { timeLimit } from './timeLimit.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  /** Milliseconds (on an idle machine; see timeLimit) before the child is killed; a hang fails the test instead of hanging CI. */
  timeoutMs?: number;
  input?: string;
  /** Node options before the script, e.g. `['--import', file]` to preload a module. */
  nodeArguments?: string[];
}

const entry = join(packageRoot(), 'src', 'main', 'entry.ts');

/**
 * Environment without anything that could point plexterm at a real server or folder. FORCE_COLOR goes
 * too: uvu sets it for its own report, and beside NO_COLOR it makes Node 22+ warn on stderr.
 */
export function cleanEnvironment(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, PLEXTERM_HOME: home, NO_COLOR: '1', ...extra };
  // COLUMNS too: tables fit it, and a test that cares about the width sets its own.
  for (const name of ['PLEXTERM_SERVER', 'PLEXTERM_TOKEN', 'PLEXTERM_PLEX_TV', 'NODE_OPTIONS', 'COLUMNS', 'FORCE_COLOR']) {
    if (!(name in extra)) delete environment[name];
  }
  return environment;
}

/** What a command printed, as JSON; fails the test unless it exited 0. */
export function printedJson<T>(result: CliResult): T {
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArguments ?? []), entry, ...args], {
    cwd: packageRoot(),
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return collect(child, options, () => child.kill('SIGKILL'));
}

/**
 * Runs a bash script in which `plexterm` is the real CLI (from the sources), so a test can put it in a
 * real shell pipeline (`plexterm ls 5 --json | head -1`). `set -o pipefail` is on: the script's exit
 * code is plexterm's when the commands after it succeed.
 */
export function runCliInShell(script: string, options: CliRunOptions = {}): Promise<CliResult> {
  const prelude = 'set -o pipefail\nplexterm() { "$PLEXTERM_TEST_NODE" --import tsx "$PLEXTERM_TEST_ENTRY" "$@"; }\n';
  const child = spawn('bash', ['-c', `${prelude}${script}`], {
    cwd: packageRoot(),
    env: { ...(options.env ?? process.env), PLEXTERM_TEST_NODE: process.execPath, PLEXTERM_TEST_ENTRY: entry },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a timeout ends the whole pipeline, not only the shell.
    detached: true,
  });
  return collect(child, options, () => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'));
}

function collect(child: ChildProcessWithoutNullStreams, options: CliRunOptions, kill: () => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(kill, timeLimit(options.timeoutMs ?? 30_000));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
