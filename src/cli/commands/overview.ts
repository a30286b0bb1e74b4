// `plexterm` with no command: the TUI on a terminal; for scripts (output not a terminal) what the server holds and what to try next.
import type { Command } from 'commander';
import { UsageError } from '../../base/errors.js';
import { formatTable, type Output } from '../output.js';
import { PluginLogFile } from '../pluginLogFile.js';
import type { CommandRunner } from '../runner.js';
import { CliSession } from '../session.js';
import { sectionColumns } from './library.js';

export function registerOverviewCommand(program: Command, runner: CommandRunner): void {
  program.allowExcessArguments(true).action(
    runner.action(async (session) => {
      const unexpected = program.args[0];
      if (unexpected !== undefined) throw new UsageError(`unknown command "${unexpected}" (run plexterm --help for the list)`);
      if (process.stdout.isTTY === true && process.stdin.isTTY === true && session.output === runner.output && runner.environment.PLEXTERM_NO_TUI !== '1') {
        await openTui(session);
        return;
      }
      const client = await session.client();
      const [info, sections] = await Promise.all([client.serverInfo(), client.sections()]);
      const demo = session.options.demo ? ' (the built-in demo server)' : '';
      runner.output.out(`Connected to ${info.friendlyName ?? 'Plex Media Server'}${demo}, version ${info.version ?? 'unknown'}.\n`);
      runner.output.out(formatTable(sections, sectionColumns));
      const prefix = session.options.demo ? 'plexterm --demo' : 'plexterm';
      const first = sections[0]?.key ?? '1';
      runner.output.out(`\nTry:\n  ${prefix} ls ${first}\n  ${prefix} search <words>\n  ${prefix} info <key>\n  plexterm --help`);
    }),
  );
}

/**
 * The TUI gets a session of its own whose messages go to `<log>/tui.log`: nothing may be printed
 * around blessed. Plugins' ui and terminal calls reach the screen through the bridge.
 */
async function openTui(outer: CliSession): Promise<void> {
  const [{ runTui }, { TuiHostBridge }] = await Promise.all([import('../../tui/app.js'), import('../../tui/hostBridge.js')]);
  const logFile = new PluginLogFile(outer.paths.log, 'tui.log');
  const logOutput: Output = { out: (text) => logFile.write(text.trimEnd()), err: (text) => logFile.write(text.trimEnd()) };
  const session = new CliSession(outer.options, logOutput, outer.environment);
  const bridge = new TuiHostBridge(logFile.write);
  session.surface = { ui: bridge, terminal: bridge };
  try {
    // A server that is not configured stops here, before the screen, with the usual message.
    const target = await session.target();
    const { config } = await session.config();
    const client = await session.client();
    await runTui({
      client,
      cache: () => session.cache(),
      playback: () => session.playback(),
      preparePlayer: (playerId) => session.preparePlayer(playerId),
      extensions: () => session.extensions(),
      bridge,
      paths: session.paths,
      config,
      server: { url: target.url, name: target.name },
      log: logFile.write,
      environment: outer.environment,
    });
  } finally {
    await session.dispose();
    await logFile.close();
  }
}
