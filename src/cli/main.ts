// The plexterm command line: parses arguments, runs one command, maps failures to exit codes. It runs
// in-process (tests call `main` with an Output of their own); src/main/ wires it to the process and the TUI.
import { dirname } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, PlextermError } from '../base/errors.js';
import { packageVersion } from '../base/packageRoot.js';
import { redact } from '../base/redact.js';
import { isNoSpace, noSpaceError } from '../cache/disk/freeSpace.js';
import { terminalLine, terminalParagraphs } from '../base/terminalText.js';
import { registerCacheCommands } from './commands/cache.js';
import { registerDemoServerCommand } from './commands/demoServer.js';
import { registerHubCommands } from './commands/hubs.js';
import { registerLibraryCommands } from './commands/library.js';
import { registerLoginCommand } from './commands/login.js';
import { registerOverviewCommand } from './commands/overview.js';
import { registerPluginCommands } from './commands/plugins.js';
import { registerServersCommand } from './commands/servers.js';
import { collect, positiveSeconds, serverAddress } from './argumentParsers.js';
import { processOutput, type Output } from './output.js';
import { CommandRunner, type TuiOpener } from './runner.js';
import { environmentFailure, recordUnexpected, unexpectedLine } from './unexpectedError.js';

function buildProgram(runner: CommandRunner): Command {
  const program = new Command('plexterm')
    .description('A terminal companion for Plex Media Server: browse, search, play and cache your libraries.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--demo', 'run against a built-in demo Plex server (no sign-in needed)')
    .option('--home <dir>', 'keep config, data and cache under this folder (or PLEXTERM_HOME)')
    .option('--server <url>', 'Plex server URL, e.g. http://192.168.1.10:32400 (or PLEXTERM_SERVER)', serverAddress('--server'))
    .addOption(new Option('--token <token>', 'Plex token to use for this run; never stored (or PLEXTERM_TOKEN)'))
    .option('--plex-tv <url>', 'base URL of plex.tv (or PLEXTERM_PLEX_TV)')
    .option('--timeout <seconds>', 'how long each API request attempt may take for its whole answer, headers and body (default 10; media downloads have cache.idleTimeout instead)', positiveSeconds('--timeout'))
    .option('--plugins-dir <dir>', 'also load the plugins in this folder (repeatable)', collect, [])
    .option('--no-plugins', 'safe mode: load no plugin at all (or PLEXTERM_NO_PLUGINS=1)')
    .option('--verbose', 'print stack traces of errors')
    .showHelpAfterError('(run plexterm --help for usage)')
    .configureOutput({
      writeOut: (text) => runner.output.out(text),
      writeErr: (text) => runner.output.err(text),
      outputError: (text, write) => write(`plexterm: ${text.replace(/^error: /, '')}`),
      // Help wraps at the width of the run's terminal (80 off one), as commander does with the process's own.
      getOutHelpWidth: () => runner.output.outTerminal?.columns() ?? 80,
      getErrHelpWidth: () => runner.output.errTerminal?.columns() ?? 80,
    })
    .exitOverride();
  registerOverviewCommand(program, runner);
  registerLibraryCommands(program, runner);
  registerHubCommands(program, runner);
  registerServersCommand(program, runner);
  registerLoginCommand(program, runner);
  registerCacheCommands(program, runner);
  registerPluginCommands(program, runner);
  registerDemoServerCommand(program, runner);
  program.addHelpText(
    'after',
    '\nExamples:\n  plexterm --demo libraries\n  plexterm login\n  plexterm ls 1 --sort year:desc --json\n  plexterm info 1001\n  plexterm --demo cache open 103\n  plexterm --demo play 101\n  plexterm plugins\n\nExit codes: 0 success, 1 usage or configuration error, 2 server, network or authentication error.',
  );
  return program;
}

/** What one run of the command line reads and writes besides its arguments. */
export interface CliIo {
  /** stdout and stderr, one call per line or block, and the width tables fit (the process's own by default). */
  output?: Output;
  environment?: NodeJS.ProcessEnv;
  /** Opens the TUI for a bare `plexterm` on a terminal; without it the bare command prints the overview. */
  openTui?: TuiOpener;
}

/**
 * Runs plexterm with `argv` (without node and script) and resolves with the exit code. Everything the
 * run opened is closed when it resolves, so it can be called again in the same process.
 */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const environment = io.environment ?? process.env;
  const output = io.output ?? processOutput(environment);
  const runner = new CommandRunner(output, environment, io.openTui);
  const program = buildProgram(runner);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    // The paths module (and env-paths) loads only when an unexpected error is written to the log.
    const logFolder = async () => (await import('../base/paths.js')).resolvePaths(program.opts<{ home?: string }>().home ?? environment.PLEXTERM_HOME).log;
    return reportFailure(error, output, verbose, logFolder, argv);
  }
}

async function reportFailure(thrown: unknown, output: Output, verbose: boolean, logFolder: () => Promise<string>, argv: readonly string[]): Promise<number> {
  if (thrown instanceof CommanderError) {
    // Help and version end through here too, with exit code 0; commander has printed them.
    return thrown.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (isNoSpace(thrown)) {
    // A full disk the cache did not name itself (a config or log write): still one line, and the person's to fix.
    const path = (thrown as NodeJS.ErrnoException).path;
    output.err(`plexterm: ${terminalLine(redact(noSpaceError(path === undefined ? 'a folder plexterm writes to' : dirname(path), 0, 'writing there').message))}`);
    return ExitCode.usage;
  }
  const error = environmentFailure(thrown) ?? thrown;
  // Messages carry text from servers and plugins (a title, an error body): none of it may drive the terminal.
  if (error instanceof PlextermError) {
    output.err(`plexterm: ${terminalLine(redact(error.message))}`);
    if (verbose && error.stack) output.err(terminalParagraphs(redact(error.stack)));
    return error.exitCode;
  }
  output.err(`plexterm: ${terminalLine(unexpectedLine(error, await recordUnexpected(error, await logFolder(), argv)))}`);
  if (verbose && error instanceof Error && error.stack) output.err(terminalParagraphs(redact(error.stack)));
  return ExitCode.server;
}
