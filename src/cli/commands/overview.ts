// `plexterm` with no command: the TUI on a terminal (opened by the entry point, src/main/); for scripts
// (output not a terminal) what the server holds and what to try next.
import type { Command } from 'commander';
import { UsageError } from '../../base/errors.js';
import { terminalLine } from '../../base/terminalText.js';
import type { CommandRunner } from '../runner.js';
import type { GlobalOptions } from '../../session/session.js';

export function registerOverviewCommand(program: Command, runner: CommandRunner): void {
  const overview = runner.action(async (session) => {
    const client = await session.client();
    const [info, sections] = await Promise.all([client.serverInfo(), client.sections()]);
    const demo = session.options.demo ? ' (the built-in demo server)' : '';
    runner.output.out(`Connected to ${terminalLine(info.friendlyName ?? 'Plex Media Server')}${demo}, version ${terminalLine(info.version ?? 'unknown')}.\n`);
    const [{ formatTable }, { sectionColumns }] = await Promise.all([import('../table.js'), import('./itemDisplay.js')]);
    runner.output.out(formatTable(sections, sectionColumns, runner.output.columns?.()));
    const prefix = session.options.demo ? 'plexterm --demo' : 'plexterm';
    const first = sections[0]?.key ?? '1';
    runner.output.out(`\nTry:\n  ${prefix} ls ${first}\n  ${prefix} search <words>\n  ${prefix} info <key>\n  plexterm --help`);
  });
  program.allowExcessArguments(true).action(async (...params: unknown[]) => {
    const unexpected = program.args[0];
    if (unexpected !== undefined) throw new UsageError(`unknown command "${unexpected}" (run plexterm --help for the list)`);
    // Decided before any session exists: the TUI makes the run's one session with its screen and listings.
    if (runner.openTui && process.stdout.isTTY === true && process.stdin.isTTY === true && runner.environment.PLEXTERM_NO_TUI !== '1') {
      await runner.openTui(program.opts<GlobalOptions>(), runner.environment);
      return;
    }
    await overview(...params);
  });
}
