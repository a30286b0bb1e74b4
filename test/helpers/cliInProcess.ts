// Runs the CLI's main() in this process with its stdout and stderr captured: for tests of what a command
// does. What only a process shows (signals, pipes, a terminal, how it exits) is tested through
// test/helpers/cli.ts, which spawns the real CLI.
import { main } from '../../src/cli/main.js';
import { outputColumns } from '../../src/cli/output.js';
import type { Output } from '../../src/session/output.js';
import { cleanEnvironment, type CliResult, type CliRunOptions } from './cli.js';

/**
 * The run's exit code and what it printed, as runCli answers them (signal is always null). Everything the
 * run opened is closed when it resolves: a leak would keep uvu from ending.
 */
export async function runMain(args: string[], options: Pick<CliRunOptions, 'env'> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  // As the process writes them: each call one line or block, with its newline.
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const environment = options.env ?? process.env;
  const output: Output = {
    out: (text) => (stdout += line(text)),
    err: (text) => (stderr += line(text)),
    // As a process whose stdout is a pipe: tables fit $COLUMNS when it is set.
    columns: () => outputColumns({ isTTY: false }, environment),
  };
  const code = await main(args, { output, environment });
  return { code, signal: null, stdout, stderr };
}

/** Runs commands in-process against one server as one person, named by `target` when each command runs (set up in test.before). */
export function mainOn(target: () => { url: string; token: string; home: string }): (...args: string[]) => Promise<CliResult> {
  return (...args) => {
    const { url, token, home } = target();
    return runMain(['--server', url, '--token', token, ...args], { env: cleanEnvironment(home) });
  };
}
