// The TUI of a bare `plexterm` on a terminal: makes the run's one Session, with the TUI's screen as its
// surface and kept listings from the start, asks for a server on the first run (on that same session),
// then runs the TUI on it. Its messages go to `<log>/tui.log`: nothing may be printed around blessed.
import { join } from 'node:path';
import { PlextermError } from '../base/errors.js';
import { registerSecret } from '../base/redact.js';
import type { Output } from '../session/output.js';
import { PluginLogFile } from '../session/pluginLogFile.js';
import { Session, sessionPaths, type GlobalOptions, type SessionSetup } from '../session/session.js';
import type { SignInOutcome, TuiRunExtras } from '../tui/index.js';

/** What a test or a benchmark changes of the TUI's run: its terminal, a look at the first frame, the client maker. */
export interface TuiRunOptions extends TuiRunExtras {
  createClient?: SessionSetup['createClient'];
}

/**
 * Opens the TUI on the run's flags. The run's one session is made here, not by the command runner: plugins'
 * ui and terminal calls reach the screen through the bridge, and what the server answered is kept, so pinned
 * items still play when it cannot be reached. On the first run a server is chosen (or the demo) first, and
 * the session goes on with it.
 */
export async function openTui(options: GlobalOptions, environment: NodeJS.ProcessEnv, { createClient, ...extras }: TuiRunOptions = {}): Promise<void> {
  const [{ runTuiOnSession, TuiHostBridge }, { ListingStore }] = await Promise.all([import('../tui/index.js'), import('../offline/index.js')]);
  const paths = sessionPaths(options, environment);
  const logFile = new PluginLogFile(paths.log, 'tui.log');
  const logOutput: Output = { out: (text) => logFile.write(text.trimEnd()), err: (text) => logFile.write(text.trimEnd()) };
  const bridge = new TuiHostBridge(logFile.write);
  const listings = new ListingStore(join(paths.data, 'listings'), logFile.write);
  const session = new Session(options, logOutput, environment, { surface: { ui: bridge, terminal: bridge }, listings, ...(createClient ? { createClient } : {}) });
  try {
    await session.start();
    if (!(await hasServer(session))) {
      const outcome = await signIn(session, logFile.write, extras.streams);
      if (outcome === 'quit') return;
      await session.afterSignIn(outcome);
    }
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

/** The first-run screen: the PIN flow or a URL and token are saved like `plexterm login` does, through the run's session. */
async function signIn(session: Session, log: (line: string) => void, streams: TuiRunExtras['streams']): Promise<SignInOutcome> {
  const { runSignIn } = await import('../tui/index.js');
  const { saveServerAndToken, signInWithPin } = await import('../cli/commands/login.js');
  return runSignIn({
    signInWithPin: async (signal, showPin, progress, pickServer) => (await signInWithPin(session, { signal, showPin, progress, pickServer })).name,
    saveServer: async (url, token) => {
      registerSecret(token);
      return (await saveServerAndToken(session, url, token)).name ?? url;
    },
    log,
    environment: session.environment,
    ...(streams ? { streams } : {}),
  });
}
