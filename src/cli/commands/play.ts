// `plexterm play <ratingKey>`: plays an item headless through a player plugin, via the cache, until playback ends or a signal stops it.
import type { Subscription } from 'rxjs';
import { ExitCode, PlextermError } from '../../base/errors.js';
import type { TerminalPlaybackEvent } from '../../playback/playbackEvents.js';
import type { Output } from '../output.js';
import type { Session } from '../../session/session.js';
import { stopSignal } from './cacheSignals.js';
import { playPrinter } from './playDisplay.js';

export interface PlayFlags {
  player?: string;
  fromStart?: boolean;
  /** Accepted for scripts written for the TUI to come: for now play is always headless. */
  headless?: boolean;
  playerArg?: string[];
  json?: boolean;
}

const defaultPlayer = 'mpv';

/** Steps of `play --json` before playback starts: modules loaded, config read, plugin host up, the player's plugin active, cache and client open. */
export type PlayPhase = 'loaded' | 'config' | 'host' | 'plugin' | 'services';

export async function playAction(session: Session, output: Output, flags: PlayFlags, ratingKey: string): Promise<void> {
  const stop = stopSignal();
  let subscription: Subscription | undefined;
  let finished = false;
  // With --json, where the time went before the first playback event (`npm run bench` reads these); `at`: ms since the process started.
  const phase = (name: PlayPhase) => {
    if (flags.json === true && !finished) output.out(JSON.stringify({ type: 'phase', phase: name, at: Math.round(performance.now()) }));
  };
  phase('loaded');
  try {
    const { config } = await session.config();
    phase('config');
    const playerId = flags.player ?? (typeof config.player === 'string' && config.player !== '' ? config.player : defaultPlayer);
    const extensions = await session.extensions();
    phase('host');
    const off = extensions.offReason;
    if (off !== null) throw new PlextermError(`nothing can play: ${off}`, { code: 'plugins-off', exitCode: ExitCode.usage });
    // The activation preparePlayer starts in the background; a failure shows again, in the play's own terms, at the launch.
    extensions.getPlayer(playerId).then(
      () => phase('plugin'),
      () => undefined,
    );
    await session.preparePlayer(playerId);
    const playback = await session.playback();
    phase('services');
    const printer = playPrinter(output, flags.json === true);
    const handle = playback.play({ ratingKey, playerId, fromStart: flags.fromStart === true, args: flags.playerArg ?? [] });
    subscription = handle.events$.subscribe((event) => printer.show(event));
    const outcome = await Promise.race([handle.done, stop.received]);
    if (outcome === undefined || typeof outcome === 'string') {
      await session.stopPlayback();
      printer.stopped(typeof outcome === 'string' ? outcome : 'SIGTERM');
      return;
    }
    if (outcome.type !== 'ended') throw playbackFailure(outcome);
  } finally {
    finished = true;
    subscription?.unsubscribe();
    stop.dispose();
  }
}

function playbackFailure(event: Exclude<TerminalPlaybackEvent, { type: 'ended' }>): PlextermError {
  if (event.type === 'terminated') {
    return new PlextermError(`the server ended the playback: ${event.message}`, { code: 'terminated', exitCode: ExitCode.server });
  }
  return new PlextermError(event.message, { code: event.code, exitCode: event.code === 'usage' ? ExitCode.usage : ExitCode.server });
}
