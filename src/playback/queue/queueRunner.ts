// Plays a queue's entries one after another: the next starts only once the one before it ended; a missing part is skipped.
import { EMPTY, NEVER, catchError, concat, defer, expand, filter, finalize, map, merge, of, take, takeUntil, tap, throwIfEmpty, timer, type Observable } from 'rxjs';
import { describeError } from '../../base/errors.js';
import type { PlexPlayQueueItem } from '../../plex/models.js';
import { isTerminal, type PlaybackEvent, type TerminalPlaybackEvent } from '../playbackEvents.js';
import type { QueueEndReason, QueueEntry, QueueEvent, QueuePlan, QueueRunOptions } from './queueEvents.js';
import { defaultPrefetchPoint, passedPrefetchPoint, PrefetchSlot, type Prefetched } from './queuePrefetch.js';
import { withUpNext } from './queueUpNext.js';

export interface QueueRunDependencies {
  /** Plays one entry: its events, the terminal one last, then it completes; unsubscribing stops its player. */
  play(item: PlexPlayQueueItem): Observable<PlaybackEvent>;
  /** The queue as the server has it now, for the next round of `repeat`. */
  reload(playQueueID: number): Observable<QueuePlan>;
  /**
   * Jumps asked while an entry plays (1 the next, -1 the previous): the entry is stopped and the run goes on at
   * the one asked for (before the first: the first again). A jump past the last entry is ignored.
   */
  jumps?: Observable<number>;
  /** The person quit the queue's player while it waited, idle, for the next entry: that entry is stopped and the queue ends (`playerQuit`). */
  playerQuit?: Observable<unknown>;
  /**
   * Opens the cache entry of the item that plays next, ahead of its play, once the one that plays passed
   * `options.prefetch` (only ever the next item's; closed when the queue stops or goes elsewhere).
   */
  prefetch?(item: PlexPlayQueueItem): Omit<Prefetched, 'ratingKey'>;
  /**
   * The queue's entries as edited while it plays (QueueControl's), read whenever the run looks past the entry that
   * plays: a removed entry never plays, a moved one plays in its new place. The plan's own entries without it.
   */
  items?(): readonly PlexPlayQueueItem[] | undefined;
}

/** Failures of one entry that leave the rest of the queue playable: the server has no file for it. */
const skippedCodes = new Set(['not-found']);

/** Failures that say the server cannot be reached: at an entry's start the queue waits there instead of ending. */
const unreachableCodes = new Set(['network', 'timeout']);

/** 2 s, 4 s, 8 s... up to 30 s between tries. */
export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 2_000 * 2 ** attempt);
}

/** Where the run goes next, emitted last by each step; `null` once the queue ended. */
interface Cursor {
  cursor: true;
  plan: QueuePlan;
  index: number;
}

/**
 * Plays `plan` from its start index, one entry at a time. An entry without a part to play, or whose part the
 * server does not have, is skipped with a message; an entry the server cannot be reached for at its start (its bytes
 * not on disk) is waited at and tried again until the server answers (`waiting`, said once); any other failure, or
 * the server ending the session, ends the queue. Every run ends with one `queueEnded`; unsubscribing stops the entry that plays and nothing after it starts.
 */
export function runQueue(plan: QueuePlan, dependencies: QueueRunDependencies, options: QueueRunOptions): Observable<QueueEvent> {
  return defer(() => {
    let played = 0;
    let skipped = 0;
    /** Entries played since the queue last started over: a round that played none does not start another. */
    let playedThisRound = 0;
    const ended = (reason: QueueEndReason, details: { code?: string; message?: string } = {}): Observable<QueueEvent> =>
      of({ type: 'queueEnded', playQueueID: plan.playQueueID, played, skipped, reason, ...details });
    const quitMessage = 'the player was quit: the queue ends with it';
    const next = (current: QueuePlan, index: number): Observable<Cursor> => of({ cursor: true, plan: current, index });
    const prefetched = new PrefetchSlot();
    const opened = options.opened;
    if (opened) prefetched.start(() => opened);
    const point = options.prefetch ?? defaultPrefetchPoint;
    /** Prefetches `upcoming` once `event` is past the prefetch point. */
    const prefetchAt = (event: PlaybackEvent, upcomingNow: () => PlexPlayQueueItem | undefined): void => {
      const prefetch = dependencies.prefetch;
      if (!prefetch || (event.type !== 'playing' && event.type !== 'position')) return;
      if (!passedPrefetchPoint(event.position, event.duration, point)) return;
      // Looked up only past the point: the queue as edited (a copy of its entries) is not rebuilt at every event.
      const upcoming = upcomingNow();
      if (!upcoming) return;
      // The queue was edited after an entry was opened ahead: that one is closed, the new next one opened.
      if (prefetched.ratingKey !== undefined && prefetched.ratingKey !== upcoming.ratingKey) prefetched.reached(upcoming.ratingKey);
      prefetched.start(() => ({ ratingKey: upcoming.ratingKey, ...prefetch(upcoming) }));
    };
    /** `current` as edited since (`dependencies.items`), and where `entry` sits in it now. */
    const edited = (current: QueuePlan, entry: QueueEntry): { plan: QueuePlan; index: number } => {
      const items = dependencies.items?.();
      const index = items?.findIndex((item) => item.playQueueItemID === entry.item.playQueueItemID) ?? -1;
      if (!items || items === current.items || index < 0) return { plan: current, index: entry.index };
      return { plan: { ...current, items: [...items] }, index };
    };

    const startOver = (): Observable<QueueEvent | Cursor> => {
      playedThisRound = 0;
      return dependencies.reload(plan.playQueueID).pipe(
        take(1),
        throwIfEmpty(() => new Error('the server sent no queue')),
        map((reloaded): Cursor => ({ cursor: true, plan: reloaded, index: 0 })),
        catchError((error: unknown) => ended('failed', { code: 'queue', message: `the queue could not start over: ${describeError(error)}` })),
      );
    };

    /** After an entry's terminal event: the next entry, a skip, or the end of the queue. */
    /** Tries at the entry the server could not be reached for, since it last started playing one. */
    let attempts = 0;
    const retryDelay = options.retryDelay ?? defaultRetryDelay;
    /** The server is away at `entry`'s start: the queue waits there (said once) and tries the entry again. */
    const waitAt = (current: QueuePlan, entry: QueueEntry, why: string): Observable<QueueEvent | Cursor> => {
      const delay = retryDelay(attempts);
      attempts += 1;
      const title = entry.item.title;
      const told: Observable<QueueEvent> =
        attempts === 1 ? of({ type: 'waiting', entry, retryInMs: delay, message: `the server cannot be reached (${why}): the queue waits before "${title}" and goes on when the server answers (Ctrl-C ends it)` }) : EMPTY;
      return concat(told, timer(delay).pipe(map((): Cursor => ({ cursor: true, plan: current, index: entry.index }))));
    };
    const after = (current: QueuePlan, entry: QueueEntry, terminal: TerminalPlaybackEvent | undefined, started = false): Observable<QueueEvent | Cursor> => {
      if (terminal?.type === 'failed' && unreachableCodes.has(terminal.code) && !started) return waitAt(current, entry, terminal.message);
      if (terminal?.type === 'failed' && skippedCodes.has(terminal.code)) {
        skipped += 1;
        return concat(of<QueueEvent>({ type: 'skipped', entry, message: terminal.message }), next(current, entry.index + 1));
      }
      if (terminal === undefined) return ended('failed', { code: 'cancelled', message: 'the playback was cancelled' });
      if (terminal.type === 'failed') return ended('failed', { code: terminal.code, message: terminal.message });
      if (terminal.type === 'terminated') return ended('terminated', { code: 'terminated', message: terminal.message });
      played += 1;
      playedThisRound += 1;
      const more = !options.onlyFirst && (entry.index + 1 < current.items.length || options.repeat);
      if (terminal.type === 'ended' && terminal.quit === true && more) return ended('playerQuit', { message: quitMessage });
      if (terminal.headless && more) return ended('headless', { message: 'the player does not say when an item ends, so the queue stops after the first' });
      if (more && options.autoplay === false) return ended('autoplayOff', { message: 'autoplay is off: the queue stops after this item' });
      return more ? next(current, entry.index + 1) : ended('finished');
    };

    const step = ({ plan: current, index }: Cursor): Observable<QueueEvent | Cursor> => {
      const item = current.items[index];
      if (!item || (options.onlyFirst && played + skipped > 0)) {
        return options.repeat && !options.onlyFirst && playedThisRound > 0 ? startOver() : ended('finished');
      }
      const entry: QueueEntry = { playQueueID: current.playQueueID, index, total: current.items.length, item };
      const missing = missingPart(item);
      if (missing !== null) {
        skipped += 1;
        return concat(of<QueueEvent>({ type: 'skipped', entry, message: missing }), next(current, index + 1));
      }
      // A prefetched entry of this item is its play's now; one of another item is closed.
      prefetched.reached(item.ratingKey);
      const latest = () => edited(current, entry);
      const upcoming = () => {
        const { plan: now, index: at } = latest();
        return upNextOf(now, at, options);
      };
      let terminal: TerminalPlaybackEvent | undefined;
      let jumpedTo: Cursor | undefined;
      const jumped = (dependencies.jumps ?? NEVER).pipe(
        map((by): Cursor => {
          const { plan: now, index: at } = latest();
          return { cursor: true, plan: now, index: Math.max(0, at + by) };
        }),
        filter((target) => target.index < target.plan.items.length),
        take(1),
        tap((target) => (jumpedTo = target)),
      );
      let quit = false;
      const quitIdle = (dependencies.playerQuit ?? NEVER).pipe(take(1), tap(() => (quit = true)));
      /** Whether the entry began to play (a failure after that is no wait at its start). */
      let started = false;
      return concat(
        defer(() => dependencies.play(item)).pipe(
          // Unsubscribing stops the entry's player: the entry asked for starts once it is stopped.
          takeUntil(merge(jumped, quitIdle)),
          tap((event) => {
            if (isTerminal(event)) terminal = event;
            if (event.type === 'playing' && !started) {
              started = true;
              attempts = 0;
            }
            prefetchAt(event, upcoming);
          }),
          withUpNext(entry, upcoming),
        ),
        defer(() => {
          if (quit) return ended('playerQuit', { message: quitMessage });
          if (jumpedTo !== undefined) return of(jumpedTo);
          const { plan: now, index: at } = latest();
          return after(now, { ...entry, index: at, total: now.items.length }, terminal, started);
        }),
      );
    };

    // expand, not recursion: a long queue (or one that repeats) does not nest one subscription per entry.
    return of<QueueEvent | Cursor>({ cursor: true, plan, index: plan.startIndex }).pipe(
      expand((value) => (isCursor(value) ? step(value) : EMPTY)),
      filter((value): value is QueueEvent => !isCursor(value)),
      // The queue ended or was stopped: an entry opened for an item that will not play now is closed.
      finalize(() => prefetched.close()),
    );
  });
}

/** The entry that plays after the one at `index` by itself: none after the last, with `--no-continue` or `autoplay: false`. */
function upNextOf(plan: QueuePlan, index: number, options: QueueRunOptions): PlexPlayQueueItem | undefined {
  if (options.onlyFirst || options.autoplay === false) return undefined;
  const later = plan.items.slice(index + 1).find((item) => missingPart(item) === null);
  return later ?? (options.repeat ? plan.items.find((item) => missingPart(item) === null) : undefined);
}

function isCursor(value: QueueEvent | Cursor): value is Cursor {
  return 'cursor' in value;
}

/** Why an entry has nothing to play, or null when it has a part. */
function missingPart(item: PlexPlayQueueItem): string | null {
  return item.Media?.some((media) => (media.Part?.length ?? 0) > 0) ? null : `"${item.title}" has no file on the server; skipped`;
}
