// The TUI of a bare `plexterm` on a terminal: asks for a server on the first run, then runs the TUI on
// one Session whose messages go to `<log>/tui.log` (nothing may be printed around blessed).
import { join } from 'node:path';
import { PlextermError } from '../base/errors.js';
import type { Output } from '../session/output.js';
import { PluginLogFile } from '../session/pluginLogFile.js';
import { Session, type GlobalOptions, type SessionSetup } from '../session/session.js';
import type { SignInOutcome, TuiRunExtras } from '../tui/index.js';

/** What a test or a benchmark changes of the TUI's run: its terminal, a look at the first frame, the client maker. */
export interface TuiRunOptions extends TuiRunExtras {
  createClient?: SessionSetup['createClient'];
}

/**
 * Opens the TUI: on the first run a server is chosen (or the demo) first. The TUI gets the one session
 * of its run, whose messages go to `<log>/tui.log`: nothing may be printed around blessed. Plugins' ui
 * and terminal calls reach the screen through the bridge, and what the server answered is kept, so
 * pinned items still play when it cannot be reached.
 */
export async function openTui(outer: Session, { createClient, ...extras }: TuiRunOptions = {}): Promise<void> {
  const [{ runTuiOnSession, TuiHostBridge }, { ListingStore }] = await Promise.all([import('../tui/index.js'), import('../offline/index.js')]);
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
  const listings = new ListingStore(join(outer.paths.data, 'listings'), logFile.write);
  const session = new Session(options, logOutput, outer.environment, { surface: { ui: bridge, terminal: bridge }, listings, ...(createClient ? { createClient } : {}) });
  try {
    await runTuiOnSession(session, bridge, logFile.write, extras);
  } finally {
    await session.dispose();
    await logFile.close();
  }
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
  const { runSignIn } = await import('../tui/index.js');
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
