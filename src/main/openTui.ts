// The TUI of a bare `plexterm` on a terminal: asks for a server on the first run, then runs the TUI on
// one Session whose messages go to `<log>/tui.log` (nothing may be printed around blessed).
import type { CacheManager } from '../cache/cacheManager.js';
import { PlextermError, describeError } from '../base/errors.js';
import type { Output } from '../session/output.js';
import { PluginLogFile } from '../session/pluginLogFile.js';
import { Session, type GlobalOptions, type SessionSetup } from '../session/session.js';
import type { TuiDependencies } from '../tui/app.js';
import type { SignInOutcome } from '../tui/signInScreen.js';

/** What a test or a benchmark changes of the TUI's run: its terminal, a look at the first frame, the client maker. */
export interface TuiRunExtras extends Pick<TuiDependencies, 'streams' | 'onFirstPaint'> {
  createClient?: SessionSetup['createClient'];
}

/**
 * The TUI gets the one session of its run, whose messages go to `<log>/tui.log`: nothing may be
 * printed around blessed. Plugins' ui and terminal calls reach the screen through the bridge, and
 * what the server answered is kept, so pinned items still play when it cannot be reached.
 */
export async function openTui(outer: Session, extras: TuiRunExtras = {}): Promise<void> {
  const [{ runTui }, { TuiHostBridge }] = await Promise.all([import('../tui/app.js'), import('../tui/hostBridge.js')]);
  const logFile = new PluginLogFile(outer.paths.log, 'tui.log');
  const logOutput: Output = { out: (text) => logFile.write(text.trimEnd()), err: (text) => logFile.write(text.trimEnd()) };
  let options = outer.options;
  // --demo needs no check (and asking the outer session would start a second demo server).
  if (options.demo !== true && !(await hasServer(outer))) {
    const outcome = await signIn(outer, logOutput, logFile.write);
    if (outcome === 'quit') return;
    if (outcome === 'demo') options = { ...options, demo: true };
  }
  const bridge = new TuiHostBridge(logFile.write);
  const setup: SessionSetup = { surface: { ui: bridge, terminal: bridge }, keepAnswers: true, ...(extras.createClient ? { createClient: extras.createClient } : {}) };
  const session = new Session(options, logOutput, outer.environment, setup);
  try {
    const target = await session.target();
    const { config } = await session.config();
    const client = await session.client();
    let cacheOpened: Promise<CacheManager> | undefined;
    await runTui({
      client,
      cache: () => (cacheOpened ??= openCacheResumingPins(session, (text) => bridge.message(text))),
      playback: () => session.playback(),
      preparePlayer: (playerId) => session.preparePlayer(playerId),
      extensions: () => session.extensions(),
      bridge,
      paths: session.paths,
      ...(session.listings ? { listings: session.listings } : {}),
      config,
      server: { url: target.url, name: target.name },
      log: logFile.write,
      environment: outer.environment,
      ...(extras.streams ? { streams: extras.streams } : {}),
      ...(extras.onFirstPaint ? { onFirstPaint: extras.onFirstPaint } : {}),
    });
  } finally {
    await session.dispose();
    await logFile.close();
  }
}

/** The TUI's cache; pinned downloads earlier runs left unfinished carry on in the background (and `say` so). */
async function openCacheResumingPins(session: Session, say: (text: string) => void): Promise<CacheManager> {
  const cache = await session.cache();
  session.resumePinnedDownloads().then(
    (entries) => {
      if (entries.length > 0) say(`carrying on ${entries.length} unfinished pinned download${entries.length === 1 ? '' : 's'}`);
    },
    (error: unknown) => say(`unfinished pinned downloads were not carried on: ${describeError(error)}`),
  );
  return cache;
}

async function hasServer(session: Session): Promise<boolean> {
  try {
    await session.target();
    return true;
  } catch (error) {
    if (error instanceof PlextermError && error.code === 'not-configured') return false;
    throw error;
  }
}

/** The first-run screen: the PIN flow or a URL and token are saved like `plexterm login` does. */
async function signIn(outer: Session, logOutput: Output, log: (line: string) => void): Promise<SignInOutcome> {
  const { runSignIn } = await import('../tui/signInScreen.js');
  const { saveServerAndToken, signInWithPin } = await import('../cli/commands/login.js');
  const withSession = async <T>(options: GlobalOptions, work: (session: Session) => Promise<T>): Promise<T> => {
    const session = new Session(options, logOutput, outer.environment);
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
