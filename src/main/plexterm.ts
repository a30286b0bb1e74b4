// plexterm as one program: the command line, with a bare `plexterm` on a terminal opening the TUI.
// This is the one place that knows both: src/cli and src/tui sit side by side on src/session.
import { main as commandLine, type CliIo } from '../cli/main.js';

/** Runs plexterm with `argv` (without node and script), the TUI wired in; resolves with the exit code. */
export function main(argv: string[], io: CliIo = {}): Promise<number> {
  // Loaded only when the TUI opens: a plain command does not pay for blessed and the TUI's modules.
  return commandLine(argv, { openTui: async (options, environment) => (await import('./openTui.js')).openTui(options, environment), ...io });
}
