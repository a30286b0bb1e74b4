// Wraps each command's action: builds the run's one session from the global flags, starts it, always closes it.
import type { Command } from 'commander';
import type { Output } from './output.js';
import type { GlobalOptions, Session } from '../session/session.js';

type Action<Flags, Args extends unknown[]> = (session: Session, flags: Flags, ...args: Args) => Promise<void>;

/**
 * Opens the TUI on the run's flags. It makes the run's one session itself, with the TUI's screen and kept
 * listings from the start: the runner makes no session for a run that opens the TUI.
 */
export type TuiOpener = (options: GlobalOptions, environment: NodeJS.ProcessEnv) => Promise<void>;

export class CommandRunner {
  constructor(
    readonly output: Output,
    readonly environment: NodeJS.ProcessEnv = process.env,
    /** Given by the entry point above the CLI and the TUI: the CLI itself never imports the TUI. */
    readonly openTui?: TuiOpener,
  ) {}

  /** Adapts `(session, flags, ...args)` to commander's `(...args, flags, command)`. */
  action<Flags, Args extends unknown[]>(run: Action<Flags, Args>): (...params: unknown[]) => Promise<void> {
    return async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const flags = params[params.length - 2] as Flags;
      const args = params.slice(0, -2) as Args;
      // Loaded when a command runs, not when it is declared: `--help` and usage errors need none of the session's modules.
      const { Session } = await import('../session/session.js');
      const session = new Session(command.optsWithGlobals<GlobalOptions>(), this.output, this.environment);
      try {
        await session.start();
        await run(session, flags, ...args);
      } catch (error) {
        // The run's failure is the one to tell: one of closing after it (the same full disk) would hide it.
        await session.dispose().catch(() => undefined);
        throw error;
      }
      await session.dispose();
    };
  }
}
