// Long-lived node children for tests: start one through tsx, wait for the lines it prints, and always end it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { packageRoot } from '../../src/base/packageRoot.js';
import { timeLimit } from './timeLimit.js';

export interface TestChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly pid: number;
  /** Every line printed so far. */
  readonly lines: string[];
  /**
   * Resolves with the first line (past or future) that matches, or the `occurrence`-th (1-based) when given;
   * rejects if the child exits first or after `timeoutMs` (on an idle machine; see timeLimit).
   */
  waitForLine(pattern: RegExp, timeoutMs?: number, occurrence?: number): Promise<string>;
  /** SIGKILL, and resolves once the child is gone. */
  kill(): Promise<void>;
  /** Resolves when the child has exited. */
  readonly exited: Promise<void>;
}

/** Starts `node --import tsx <script> ...args` from the package folder, with this process's environment or `environment`. */
export function startTsChild(script: string, args: string[], environment: NodeJS.ProcessEnv = process.env): TestChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: packageRoot(), stdio: ['pipe', 'pipe', 'pipe'], env: environment });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => [...listeners].forEach((listener) => listener()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const waitForLine = (pattern: RegExp, limitMs = 20_000, occurrence = 1) =>
    new Promise<string>((resolve, reject) => {
      const timeoutMs = timeLimit(limitMs);
      const finish = (error: Error | null, line?: string) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(line ?? '');
      };
      const check = () => {
        const line = lines.filter((candidate) => pattern.test(candidate))[occurrence - 1];
        if (line !== undefined) finish(null, line);
        else if (hasExited()) finish(new Error(`child exited before printing ${pattern}: ${stderr.trim()}`));
      };
      const timer = setTimeout(() => finish(new Error(`child printed no ${pattern} in ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
      listeners.add(check);
      check();
    });

  const kill = async () => {
    if (!hasExited()) child.kill('SIGKILL');
    await exited;
    child.stdin.destroy();
  };
  return { process: child, pid: child.pid ?? -1, lines, waitForLine, kill, exited };
}
