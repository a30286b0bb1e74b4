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

export async function playAction(session: Session, output: Output, flags: PlayFlags, ratingKey: string): Promise<void> {
  const stop = stopSignal();
  let subscription: Subscription | undefined;
  try {
    const { config } = await session.config();
    const playerId = flags.player ?? (typeof config.player === 'string' && config.player !== '' ? config.player : defaultPlayer);
    const extensions = await session.extensions();
    const off = extensions.offReason;
    if (off !== null) throw new PlextermError(`nothing can play: ${off}`, { code: 'plugins-off', exitCode: ExitCode.usage });
    // A failure here shows again, in the play's own terms, when the player is chosen or launched.
    await session.preparePlayer(playerId);
    const playback = await session.playback();
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
