// `plexterm play <ratingKey>`: plays an item as a server play queue, headless through a player plugin, via the cache, until the queue ends or a signal stops it.
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import { ExitCode, PlextermError } from '../../base/errors.js';
import { afterRequestsSent, watchRequests } from '../../base/requestsSent.js';
import type { QueueEnded, QueueEvent } from '../../playback/queue/queueEvents.js';
import { QueueControl } from '../../playback/queue/queueControl.js';
import { makeQueue, playQueue } from '../../playback/queue/queuePlayback.js';
import { queueHintsFile, queueHintsName } from '../../playback/queue/queueHints.js';
import { defaultPrefetchPoint } from '../../playback/queue/queuePrefetch.js';
import type { Output } from '../output.js';
import type { Session } from '../../session/session.js';
import { stopSignal } from './cacheSignals.js';
import { queuePrinter } from './playDisplay.js';
import { parseTrackWish, type TrackWishes } from '../../playback/trackChoice.js';

export interface PlayFlags {
  player?: string;
  fromStart?: boolean;
  /** Accepted for scripts written for the TUI to come: for now play is always headless. */
  headless?: boolean;
  playerArg?: string[];
  json?: boolean;
  shuffle?: boolean;
  repeat?: boolean;
  /** False with `--no-continue`: just this item, no queue beyond it. */
  continue?: boolean;
  /** `--audio`: a language or a stream id. */
  audio?: string;
  /** `--subs`: a language, a stream id or off. */
  subs?: string;
}

/** The tracks `--audio` and `--subs` ask for; a value that names no language is a usage error before anything starts. */
function trackWishes(flags: PlayFlags): TrackWishes {
  return {
    ...(flags.audio === undefined ? {} : { audio: parseTrackWish(flags.audio, 'audio', '--audio') }),
    ...(flags.subs === undefined ? {} : { subtitle: parseTrackWish(flags.subs, 'subtitle', '--subs') }),
  };
}

const defaultPlayer = 'mpv';

/**
 * Steps of `play --json` before playback starts: modules loaded, config read, plugins read, cache and client open;
 * beside them, the plugin host's process up and the player's plugin active in it.
 */
export type PlayPhase = 'loaded' | 'config' | 'plugins' | 'host' | 'plugin' | 'services';

export async function playAction(session: Session, output: Output, flags: PlayFlags, ratingKey: string): Promise<void> {
  const tracks = trackWishes(flags);
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
    // The plugin host starts beside the queue's metadata and cache entry: only the player's launch waits for it.
    const extensionsStarted = session.extensions();
    const pluginsOff = extensionsStarted.then(
      (extensions) => {
        phase('plugins');
        // The activation preparePlayer starts in the background; a failure shows again, in the play's own terms, at the launch.
        if (extensions.offReason === null) {
          extensions.hostReady().then(() => phase('host'), () => undefined);
          extensions.getPlayer(playerId).then(() => phase('plugin'), () => undefined);
        }
        return extensions.offReason;
      },
      // A host that cannot start fails the play through its player's check, with that error.
      () => null,
    );
    // The player's path (a host process to start, its plugin to activate, the player to start idle) is the longer one:
    // the plugins are read first, so that the host's process starts before the client's and cache's modules take
    // this process's time. The host starting is not waited for; a failure is the check's to report.
    await pluginsOff;
    // The player itself starts now, idle and without its URL, beside the queue's creation: its first request takes it
    // (a queue's, with these arguments), and it gets its URL only once that entry is ready.
    session.startPlayerAhead(playerId, { args: flags.playerArg ?? [], queue: true }).catch(() => undefined);
    // Only the client's modules load before the queue's first requests go out; the playback's and the cache's (some
    // 40 ms of this process's time) load while those requests travel, once they are written out: loaded sooner, they
    // would hold the requests back (a request's socket connects and is written to in later turns).
    watchRequests();
    const clientOpening = session.client();
    const playbackOpening = clientOpening.then(
      () => afterRequestsSent().then(() => session.playback()),
      () => session.playback(),
    );
    playbackOpening.then(() => session.preparePlayer(playerId)).catch(() => undefined);
    const request = {
      ratingKey, playerId, fromStart: flags.fromStart === true, args: flags.playerArg ?? [],
      shuffle: flags.shuffle === true, repeat: flags.repeat === true, noContinue: flags.continue === false,
      // Headless, nobody can answer "Skip intro": "ask" (the default) lets the intro play; only "auto" skips it.
      skipIntro: config.skipIntro === 'auto' ? ('auto' as const) : ('never' as const),
      autoplay: config.autoplay !== false,
      prefetch: { ...defaultPrefetchPoint, ...config.prefetch },
      tracks,
    };
    // The queue is made (and its first entry opened, once the cache is) while the cache opens: the client is ready sooner.
    // What earlier plays learnt: an item played before has its queue asked for beside its metadata (queueHints.ts).
    const made = clientOpening.then(async (client) => makeQueue(client, playbackOpening, { ...request, hints: queueHintsFile(join(session.paths.data, queueHintsName), (await session.target()).url) }));
    // Its failure is the queue run's to report (playQueue below); a failure to open the playback is thrown by the await.
    made.catch(() => undefined);
    const [playback, client] = await Promise.all([playbackOpening, clientOpening]);
    phase('services');
    const printer = queuePrinter(output, flags.json === true);
    let ended: (event: QueueEnded) => void = () => {};
    const queueEnded = new Promise<QueueEnded>((resolve) => (ended = resolve));
    // Plugins see the queue (playback.queue$) and may move in it (playback.next / previous).
    const control = new QueueControl();
    subscription = playQueue(client, playback, request, control, made).subscribe((event: QueueEvent) => {
      printer.show(event);
      if (event.type === 'queueEnded') ended(event);
    });
    subscription.add(() => control.dispose());
    // Plugins off (safe mode, or turned off): nothing can play, said as soon as the host has read them.
    const off = pluginsOff.then((reason) => (reason === null ? new Promise<never>(() => {}) : { off: reason }));
    const outcome = await Promise.race([queueEnded, stop.received, off]);
    if (typeof outcome === 'object' && 'off' in outcome) {
      subscription.unsubscribe();
      await session.stopPlayback();
      throw new PlextermError(`nothing can play: ${outcome.off}`, { code: 'plugins-off', exitCode: ExitCode.usage });
    }
    if (typeof outcome === 'string') {
      // Unsubscribing stops the entry that plays (it reports `stopped`) and the queue; nothing after it starts.
      subscription.unsubscribe();
      await session.stopPlayback();
      printer.stopped(outcome);
      return;
    }
    const failure = queueFailure(outcome, printer.lastEntry());
    if (failure) throw failure;
  } finally {
    finished = true;
    subscription?.unsubscribe();
    stop.dispose();
  }
}

/** Failures' codes that are the person's to fix, as their errors' exit code says (a full disk is, as it is for `cache pin`). */
const personsToFix = new Set(['usage', 'disk-full']);

/** The error a queue's end is, or null when it ended well (at least one entry played, or a signal stopped it). */
function queueFailure(event: QueueEnded, where: string | null): PlextermError | null {
  const at = where === null ? '' : `the queue stopped at ${where}: `;
  if (event.reason === 'terminated') {
    return new PlextermError(`${at}the server ended the playback: ${event.message ?? ''}`, { code: 'terminated', exitCode: ExitCode.server });
  }
  if (event.reason === 'failed') {
    const code = event.code ?? 'queue';
    return new PlextermError(`${at}${event.message ?? 'the queue failed'}`, { code, exitCode: personsToFix.has(code) ? ExitCode.usage : ExitCode.server });
  }
  if (event.played === 0 && event.reason === 'finished') {
    const message = event.skipped > 0 ? 'nothing in the queue could be played' : 'the queue is empty: there is nothing to play';
    return new PlextermError(message, { code: 'nothing-played', exitCode: ExitCode.server });
  }
  return null;
}
