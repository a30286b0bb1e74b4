// Runs the CLI's main() in this process with its stdout and stderr captured: for tests of what a command
// does. What only a process shows (signals, pipes, a terminal, how it exits) is tested through
// test/helpers/cli.ts, which spawns the real CLI.
import { main } from '../../src/cli/main.js';
import { outputColumns } from '../../src/cli/output.js';
import type { Output } from '../../src/session/output.js';
import type { Test } from 'uvu';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { DemoServerOptions } from '../../src/demo/options.js';
import { cleanEnvironment, type CliResult, type CliRunOptions } from './cli.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';

/** What one run printed so far. */
interface Printed {
  stdout: string;
  stderr: string;
}

/**
 * The run's exit code and what it printed, as runCli answers them (signal is always null). Everything the
 * run opened is closed when it resolves: a leak would keep uvu from ending.
 */
export async function runMain(args: string[], options: Pick<CliRunOptions, 'env'> = {}): Promise<CliResult> {
  const printed: Printed = { stdout: '', stderr: '' };
  // As the process writes them: each call one line or block, with its newline.
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const environment = options.env ?? process.env;
  const output: Output = {
    out: (text) => (printed.stdout += line(text)),
    err: (text) => (printed.stderr += line(text)),
    // As a process whose stdout is a pipe: tables fit $COLUMNS when it is set.
    columns: () => outputColumns({ isTTY: false }, environment),
  };
  const stopCapture = captureDirectWrites(printed);
  try {
    const code = await main(args, { output, environment });
    return { code, signal: null, ...printed };
  } finally {
    stopCapture();
  }
}

/** Runs commands in-process against one server as one person, named by `target` when each command runs (set up in test.before). */
export function mainOn(target: () => { url: string; token: string; home: string }): (...args: string[]) => Promise<CliResult> {
  return (...args) => {
    const { url, token, home } = target();
    return runMain(['--server', url, '--token', token, ...args], { env: cleanEnvironment(home) });
  };
}

const capturing = new Set<Printed>();
let restoreWrites: (() => void) | undefined;

/**
 * Code that writes to process.stdout or process.stderr itself, past the run's Output, would reach the
 * screen of a real process: while runs are in flight such writes are theirs too (each run's, as runs
 * may overlap), so a test of what a command prints sees them. Returns the end of this run's capture.
 */
function captureDirectWrites(printed: Printed): () => void {
  capturing.add(printed);
  if (restoreWrites === undefined) {
    const divert = (stream: NodeJS.WriteStream, key: keyof Printed) => {
      const original = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        for (const run of capturing) run[key] += text;
        const done = rest.find((argument): argument is () => void => typeof argument === 'function');
        if (done) queueMicrotask(done);
        return true;
      }) as typeof stream.write;
      return () => (stream.write = original);
    };
    const restores = [divert(process.stdout, 'stdout'), divert(process.stderr, 'stderr')];
    restoreWrites = () => restores.forEach((restore) => restore());
  }
  return () => {
    capturing.delete(printed);
    if (capturing.size > 0) return;
    restoreWrites?.();
    restoreWrites = undefined;
  };
}

/** A suite's own demo server and home, started before its tests and closed after them. */
export interface DemoSuite {
  readonly demo: DemoServer;
  readonly home: TempFolder;
  /** Runs a command in-process against the demo server, as the person whose home is `home`. */
  plexterm(...args: string[]): Promise<CliResult>;
}

export function onDemoServer(suite: Test, options: DemoServerOptions = {}): DemoSuite {
  let demo: DemoServer | undefined;
  let home: TempFolder | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite has not started its demo server yet');
    return value;
  };
  suite.before(async () => {
    demo = await startDemoServer(options);
    home = await makeTempFolder();
  });
  suite.after(async () => {
    await demo?.close();
    await home?.remove();
  });
  const on: DemoSuite = {
    get demo() {
      return started(demo);
    },
    get home() {
      return started(home);
    },
    plexterm: mainOn(() => ({ url: on.demo.url, token: on.demo.token, home: on.home.path })),
  };
  return on;
}
