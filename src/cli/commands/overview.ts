// `plexterm` with no command: the TUI on a terminal; for scripts (output not a terminal) what the server holds and what to try next.
import { join } from 'node:path';
import type { Command } from 'commander';
import { PlextermError, UsageError, describeError } from '../../base/errors.js';
import { terminalLine } from '../../base/terminalText.js';
import type { CacheManager } from '../../cache/cacheManager.js';
import type { SignInOutcome } from '../../tui/signInScreen.js';
import { formatTable, type Output } from '../output.js';
import { PluginLogFile } from '../pluginLogFile.js';
import type { CommandRunner } from '../runner.js';
import { CliSession, type GlobalOptions } from '../session.js';
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
      runner.output.out(`Connected to ${terminalLine(info.friendlyName ?? 'Plex Media Server')}${demo}, version ${terminalLine(info.version ?? 'unknown')}.\n`);
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
  const [{ runTui }, { TuiHostBridge }, { ListingStore }, { KeptAnswers, withKeptAnswers }] = await Promise.all([
    import('../../tui/app.js'),
    import('../../tui/hostBridge.js'),
    import('../../tui/listingStore.js'),
    import('../../tui/offlineAnswers.js'),
  ]);
  const logFile = new PluginLogFile(outer.paths.log, 'tui.log');
  const logOutput: Output = { out: (text) => logFile.write(text.trimEnd()), err: (text) => logFile.write(text.trimEnd()) };
  let options = outer.options;
  // --demo needs no check (and asking the outer session would start a second demo server).
  if (options.demo !== true && !(await hasServer(outer))) {
    const outcome = await signIn(outer, logOutput, logFile.write);
    if (outcome === 'quit') return;
    if (outcome === 'demo') options = { ...options, demo: true };
  }
  const session = new CliSession(options, logOutput, outer.environment);
  const bridge = new TuiHostBridge(logFile.write);
  const kept = new ListingStore(join(session.paths.data, 'listings'), logFile.write);
  try {
    const target = await session.target();
    // What the server answered is kept, so pinned items still play when it cannot be reached.
    const answers = new KeptAnswers(kept, target.url);
    session.surface = { ui: bridge, terminal: bridge, offline: answers };
    const { config } = await session.config();
    const client = await session.client();
    let cacheOpened: Promise<CacheManager> | undefined;
    await runTui({
      client: withKeptAnswers(client, answers),
      cache: () => (cacheOpened ??= openCacheResumingPins(session, (text) => bridge.message(text))),
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
    await kept.flush();
    await logFile.close();
  }
}

/** The TUI's cache; pinned downloads earlier runs left unfinished carry on in the background (and `say` so). */
async function openCacheResumingPins(session: CliSession, say: (text: string) => void): Promise<CacheManager> {
  const cache = await session.cache();
  session.resumePinnedDownloads().then(
    (entries) => {
      if (entries.length > 0) say(`carrying on ${entries.length} unfinished pinned download${entries.length === 1 ? '' : 's'}`);
    },
    (error: unknown) => say(`unfinished pinned downloads were not carried on: ${describeError(error)}`),
  );
  return cache;
}

async function hasServer(session: CliSession): Promise<boolean> {
  try {
    await session.target();
    return true;
  } catch (error) {
    if (error instanceof PlextermError && error.code === 'not-configured') return false;
    throw error;
  }
}

/** The first-run screen: the PIN flow or a URL and token are saved like `plexterm login` does. */
async function signIn(outer: CliSession, logOutput: Output, log: (line: string) => void): Promise<SignInOutcome> {
  const { runSignIn } = await import('../../tui/signInScreen.js');
  const { saveServerAndToken, signInWithPin } = await import('./login.js');
  const withSession = async <T>(options: GlobalOptions, work: (session: CliSession) => Promise<T>): Promise<T> => {
    const session = new CliSession(options, logOutput, outer.environment);
    try {
      return await work(session);
    } finally {
      await session.dispose();
    }
  };
  return runSignIn({
    signInWithPin: (signal, showPin, progress, pickServer) => withSession(outer.options, async (session) => (await signInWithPin(session, { signal, showPin, progress, pickServer })).name),
    saveServer: (url, token) => withSession({ ...outer.options, server: url, token }, async (session) => (await saveServerAndToken(session, url, token)).name ?? url),
    log,
    environment: outer.environment,
  });
}
