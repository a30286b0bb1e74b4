// Runs the real plexterm CLI in a child process (from the sources, through tsx) and collects what it prints.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
}

const entry = join(packageRoot(), 'src', 'cli', 'entry.ts');

/** Environment without anything that could point plexterm at a real server or folder. */
export function cleanEnvironment(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, PLEXTERM_HOME: home, NO_COLOR: '1', ...extra };
  // COLUMNS too: tables fit it, and a test that cares about the width sets its own.
  for (const name of ['PLEXTERM_SERVER', 'PLEXTERM_TOKEN', 'PLEXTERM_PLEX_TV', 'NODE_OPTIONS', 'COLUMNS']) {
    if (!(name in extra)) delete environment[name];
  }
  return environment;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: packageRoot(),
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeLimit(options.timeoutMs ?? 30_000));
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
