// The TUI on a session: the session's one client, its cache (carrying on the pinned downloads earlier runs
// left unfinished), its plugins and playback, and the listings it keeps for offline use.
import { describeError } from '../base/errors.js';
import type { CacheManager } from '../cache/index.js';
import type { Session } from '../session/session.js';
import { runTui, type TuiDependencies } from './runTui.js';
import type { TuiHostBridge } from './hostBridge.js';

/** What a test or a benchmark changes of the TUI's run: its terminal, and a look at the first frame. */
export type TuiRunExtras = Pick<TuiDependencies, 'streams' | 'onFirstPaint'>;

/**
 * Runs the TUI on `session` until the person quits; resolves with the exit code. The session was made
 * with `bridge` as its surface, so plugins' ui and terminal calls reach the screen; `log` is the TUI's
 * log file (nothing may reach stdout or stderr while the screen is up). The caller disposes the session.
 */
export async function runTuiOnSession(session: Session, bridge: TuiHostBridge, log: (line: string) => void, extras: TuiRunExtras = {}): Promise<number> {
  const target = await session.target();
  const { config } = await session.config();
  const client = await session.client();
  let cacheOpened: Promise<CacheManager> | undefined;
  return runTui({
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
    log,
    environment: session.environment,
    ...extras,
  });
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
