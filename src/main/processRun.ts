// plexterm as a process: runs one command and sets the exit code, then lets Node end by itself once
// stdout and stderr have drained. process.exit() here would cut output still queued for a pipe
// (only 64 KiB reached `| cat`), so any handle still open when a command is done is a leak to close.
import { ExitCode } from '../base/errors.js';
import { guardOutputStreams, readerGone } from '../cli/readerGone.js';
import { main } from './plexterm.js';

export async function runAsProcess(argv: string[]): Promise<void> {
  guardOutputStreams();
  const code = await main(argv);
  // A reader that left early is how the person chose to stop reading, not a failure (its exit code is 0
  // then); a failed write to a file keeps the exit code it set.
  if (code !== ExitCode.ok && !readerGone()) process.exitCode = code;
}
