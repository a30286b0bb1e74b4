// A play queue on the playback service: the server queue is made, then each entry plays through the service (and so the cache).
import { EMPTY, Observable, catchError, concat, defer, finalize, from, ignoreElements, merge, of, switchMap, tap } from 'rxjs';
import { describeError, isPlextermError } from '../../base/errors.js';
import type { PlexClient } from '../../plex/client.js';
import type { PlexMetadata, PlexPlayQueueItem } from '../../plex/models.js';
import type { PlaybackEvent } from '../playbackEvents.js';
import type { SkipIntro } from '../playbackMarkers.js';
import { PlayerHandoff } from '../playerHandoff.js';
import { itemTracks, type ItemTracks, type PlayerTracks, type TrackWishes } from '../trackChoice.js';
import type { PlaybackService } from '../playbackService.js';
import type { QueueControl } from './queueControl.js';
import { QueueEditor, type QueueEditClient } from './queueEdits.js';
import type { QueueEvent, QueuePlan } from './queueEvents.js';
import type { PrefetchPoint, Prefetched } from './queuePrefetch.js';
import { runQueue } from './queueRunner.js';
import { TrackMemory } from './trackMemory.js';
import { createQueuePlan, reloadQueuePlan, type QueueClient, type QueueRequest } from './queueSource.js';

export interface QueuePlayRequest extends QueueRequest {
  playerId?: string;
  /** Every entry starts at 0 instead of its resume position. */
  fromStart?: boolean;
  /** Extra arguments for the player. */
  args?: string[];
  /** The queue starts over at its end. */
  repeat?: boolean;
  /** What entering an intro does (default "never"). */
  skipIntro?: SkipIntro;
  /** False: the queue ends after the entry that plays. Default true. */
  autoplay?: boolean;
  /** When the next entry's cache entry is opened ahead of its play (default 60 s before the end or 80 %). */
  prefetch?: PrefetchPoint;
  /** The audio and subtitle asked for (`--audio`, `--subs`): each entry plays with its match, told to the server. */
  tracks?: TrackWishes;
  /** Where the run keeps what was picked per show (the TUI's, so a track switched while playing carries too); `tracks` is ignored then. */
  memory?: TrackMemory;
}

/** A server play queue made, with its first item's cache entry when that opened beside the queue's request. */
export interface MadeQueue {
  plan: QueuePlan;
  opened?: Prefetched;
}

/**
 * Makes the server play queue for `request`. When its first item is known before (see createQueuePlan), that item's
 * cache entry opens at once through `playback` (which may still be on its way: the cache opening), so its probe and
 * start buffer overlap the queue's own request. A queue that cannot be made closes that entry again.
 */
export async function makeQueue(
  client: QueueClient,
  playback: Pick<PlaybackService, 'prefetch'> | PromiseLike<Pick<PlaybackService, 'prefetch'>>,
  request: QueueRequest,
): Promise<MadeQueue> {
  let opened: Promise<Prefetched | undefined> = Promise.resolve(undefined);
  const firstKnown = (item: PlexMetadata, machineIdentifier: string) => {
    opened = Promise.resolve(playback).then((service) => ({ ratingKey: item.ratingKey, ...service.prefetch(item, machineIdentifier) }), () => undefined);
  };
  try {
    const plan = await createQueuePlan(client, request, firstKnown);
    const first = await opened;
    return first ? { plan, opened: first } : { plan };
  } catch (error) {
    await (await opened)?.close().catch(() => undefined);
    throw error;
  }
}

/** `making`'s queue once it is made; a first entry opened for a run that was unsubscribed meanwhile is closed. */
function madeFor(making: Promise<MadeQueue>): Observable<MadeQueue> {
  return new Observable<MadeQueue>((subscriber) => {
    let wanted = true;
    making.then(
      (made) => {
        if (!wanted) return void made.opened?.close().catch(() => undefined);
        subscriber.next(made);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      wanted = false;
    };
  });
}

/**
 * Makes the server play queue and plays it, one entry after the other; unsubscribing stops the entry that
 * plays (it reports `stopped`) and the queue. A queue that cannot be made is a `failed` event, then `queueEnded`.
 * With `control`, the queue's state is told to it, its jumps (next, previous) steer the run and its edits (remove,
 * move, add) go to the server queue, whose entries the run then plays; the playback service shows it (to plugins)
 * while the run lasts.
 *
 * One player process plays the whole queue when the player can (its session's `keepForNext`): each entry's
 * process is kept for the next (`PlayerHandoff`) and ended with the run. The next entry's cache entry is
 * opened once the one that plays passes `request.prefetch` (with a service that can `prefetch`).
 */
export function playQueue(
  client: QueueClient & QueueEditClient & Partial<Pick<PlexClient, 'setStreams'>>,
  playback: Pick<PlaybackService, 'play'> & Partial<Pick<PlaybackService, 'followQueue' | 'prefetch'>>,
  request: QueuePlayRequest,
  control?: QueueControl,
  made?: Promise<MadeQueue>,
): Observable<QueueEvent> {
  // Made per run (in defer below): a run that is subscribed again has a handoff of its own.
  let handoff = new PlayerHandoff();
  const memory = request.memory ?? new TrackMemory(request.tracks);
  let played = 0;
  const play = (item: PlexPlayQueueItem, plan: QueuePlan): Observable<PlaybackEvent> => {
    const tracks = itemTracks(item, memory.wishesFor(item));
    const first = played === 0;
    played += 1;
    // What the person asked for matches nothing in the first entry: nothing plays (a usage error); later, the server's choice stays.
    if (first && tracks.unmatched.length > 0) return of<PlaybackEvent>({ type: 'failed', code: 'no-track', message: tracks.unmatched.join('; ') });
    memory.remember(item, tracks.picked);
    const warnings = from(tracks.unmatched.map((message): PlaybackEvent => ({ type: 'warning', message: `${message}: the server's choice plays` })));
    return concat(warnings, merge(told(tracks), playEntry(item, plan, tracks.player)));
  };
  /** The choice, told to the server (as Plex clients do) beside the play; a server that refuses it is a warning. */
  const told = (tracks: ItemTracks): Observable<PlaybackEvent> => {
    const choice = tracks.choice;
    if (!choice || !client.setStreams) return EMPTY;
    return from(client.setStreams(choice.partId, choice.streams)).pipe(
      ignoreElements(),
      catchError((error: unknown) => of<PlaybackEvent>({ type: 'warning', message: `the server did not take the track choice: ${describeError(error)}` })),
    );
  };
  const playEntry = (item: PlexPlayQueueItem, plan: QueuePlan, tracks: PlayerTracks): Observable<PlaybackEvent> =>
    new Observable<PlaybackEvent>((subscriber) => {
      const playQueueID = plan.playQueueID;
      const handle = playback.play({
        ratingKey: item.ratingKey,
        metadata: item,
        ...(plan.machineIdentifier === undefined ? {} : { machineIdentifier: plan.machineIdentifier }),
        queue: { playQueueID, playQueueItemID: item.playQueueItemID },
        ...(request.playerId === undefined ? {} : { playerId: request.playerId }),
        fromStart: request.fromStart === true,
        args: request.args ?? [],
        skipIntro: request.skipIntro ?? 'never',
        handoff,
        tracks,
      });
      const events = handle.events$.subscribe(subscriber);
      return () => {
        events.unsubscribe();
        // A no-op once the entry ended: it is no longer the service's current play.
        handle.stop();
      };
    });
  const planned = (plan: QueuePlan) => {
    control?.editWith(new QueueEditor(client, plan.machineIdentifier));
    control?.planned(plan);
  };
  let unfollow: (() => void) | undefined;
  // The service's prefetch, when it has one: the first entry's at the queue's making, the next entry's while one plays.
  const prefetcher = playback.prefetch ? { prefetch: playback.prefetch.bind(playback) } : undefined;
  // How the next item would play: a track after a track is appended to the player that plays (gapless).
  const nextPlay = { fromStart: request.fromStart === true, args: request.args ?? [] };
  let madeBefore = made;
  return defer(() => {
    handoff = new PlayerHandoff();
    if (control) unfollow = playback.followQueue?.(control);
    // The queue made before this run (by the caller, beside the cache opening) serves its first subscription only.
    const making: Promise<MadeQueue> = madeBefore ?? (prefetcher ? makeQueue(client, prefetcher, request) : createQueuePlan(client, request).then((plan) => ({ plan })));
    madeBefore = undefined;
    return madeFor(making);
  }).pipe(
    tap(({ plan }) => planned(plan)),
    switchMap(({ plan, opened }) =>
      runQueue(
        plan,
        {
          play: (item) => play(item, plan),
          reload: (playQueueID) => from(reloadQueuePlan(client, playQueueID)).pipe(tap(planned)),
          ...(control ? { jumps: control.jumps$, items: () => control.upcomingItems } : {}),
          playerQuit: handoff.quit$,
          ...(prefetcher ? { prefetch: (item: PlexPlayQueueItem) => prefetcher.prefetch(item, plan.machineIdentifier, nextPlay) } : {}),
        },
        {
          repeat: request.repeat === true,
          onlyFirst: request.noContinue === true,
          autoplay: request.autoplay !== false,
          ...(request.prefetch ? { prefetch: request.prefetch } : {}),
          ...(opened ? { opened } : {}),
        },
      ).pipe(
        tap((event) => {
          if (event.type === 'item' || event.type === 'skipped') control?.entered(event.entry);
        }),
      ),
    ),
    catchError((error: unknown) => {
      const code = isPlextermError(error) ? error.code : 'queue';
      const message = `cannot play it: ${describeError(error)}`;
      return concat(
        of<QueueEvent>({ type: 'failed', code, message }),
        of<QueueEvent>({ type: 'queueEnded', playQueueID: null, played: 0, skipped: 0, reason: 'failed', code, message }),
      );
    }),
    finalize(() => {
      unfollow?.();
      // The queue's player process, kept for an entry that will not come now, ends with the run.
      void handoff.dispose();
    }),
  );
}
