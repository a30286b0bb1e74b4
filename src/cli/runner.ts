// Wraps each command's action: builds the run's session from the global flags and always closes it.
import type { Command } from 'commander';
import type { Output } from './output.js';
import { CliSession, type GlobalOptions } from './session.js';

type Action<Flags, Args extends unknown[]> = (session: CliSession, flags: Flags, ...args: Args) => Promise<void>;

export class CommandRunner {
  constructor(
    readonly output: Output,
    readonly environment: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Adapts `(session, flags, ...args)` to commander's `(...args, flags, command)`. */
  action<Flags, Args extends unknown[]>(run: Action<Flags, Args>): (...params: unknown[]) => Promise<void> {
    return async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const flags = params[params.length - 2] as Flags;
      const args = params.slice(0, -2) as Args;
      const session = new CliSession(command.optsWithGlobals<GlobalOptions>(), this.output, this.environment);
      try {
        await run(session, flags, ...args);
      } finally {
        await session.dispose();
      }
    };
  }
}
