// The playback pipeline: resolve → open the cache entry → wait for ready → launch the player once → follow its session; the player may be started (idle) beside the first three.
// ARCHITECTURE.md ("A play, from the key press to the first frame") follows a play through every layer.
import { EMPTY, ReplaySubject, catchError, concat, concatMap, defer, distinctUntilChanged, endWith, finalize, first, ignoreElements, map, merge, of, scan, switchMap, take, takeUntil, takeWhile, throwIfEmpty, timer, type Observable } from 'rxjs';
import type { CacheEntrySnapshot, CacheState } from '../cache/index.js';
import { describeError, isPlextermError } from '../base/errors.js';
import type { PreparedPlayer } from './player.js';
import { defaultPlaybackTimings, isTerminal, type PlaybackDependencies, type PlaybackEvent, type PlaybackItem, type PlaybackTimings } from './playbackEvents.js';
import { runSession } from './sessionRunner.js';

/** What waiting for the cache sees: a new state (and the one before it), the end of the snapshots, or the ready timeout. */
type Waited = { kind: 'snapshot'; snapshot: CacheEntrySnapshot; previous: CacheState | null } | { kind: 'closed' } | { kind: 'timeout' };

/**
 * Plays each request in turn. A new request cancels the one before it (switchMap): a pending one never
 * launches its player, a running one has its player stopped; `null` cancels without playing anything.
 * Every request that is not cancelled ends with exactly one terminal event (`ended`, `terminated` or
 * `failed`); the pipeline itself never errors.
 */
export function playbackPipeline<Request>(
  requests$: Observable<Request | null>,
  dependencies: PlaybackDependencies<Request>,
  timings: PlaybackTimings = defaultPlaybackTimings,
): Observable<PlaybackEvent> {
  return requests$.pipe(switchMap((request) => (request === null ? EMPTY : playRequest(request, dependencies, timings))));
}

/**
 * One request from start to its terminal event. Its player is prepared (when it can be) from the start,
 * beside the metadata and the cache entry; it is given the URL only at `ready`, and disposed with the
 * request otherwise (cancelled, failed, timed out).
 */
function playRequest<Request>(request: Request, dependencies: PlaybackDependencies<Request>, timings: PlaybackTimings = defaultPlaybackTimings): Observable<PlaybackEvent> {
  return defer(() => {
    const preparing = startPreparing(dependencies.prepare?.(request));
    return defer(() => dependencies.resolve(request)).pipe(
      take(1),
      throwIfEmpty(() => new Error('nothing to play')),
      map((item): PlaybackItem | PlaybackEvent => item),
      catchError((error: unknown) => of(failure(error, 'resolve', 'cannot play it'))),
      switchMap((resolved) => ('type' in resolved ? of(resolved) : concat(of<PlaybackEvent>({ type: 'resolved', item: resolved }), checked(playItem(resolved, dependencies, timings, preparing.prepared$), resolved, dependencies)))),
      finalize(() => preparing.release()),
    );
  });
}

/** The item's playback, ended at once with `failed` when its check fails (the item's cache entry is closed then). */
function checked<Request>(playback$: Observable<PlaybackEvent>, item: PlaybackItem, dependencies: PlaybackDependencies<Request>): Observable<PlaybackEvent> {
  const check$ = dependencies.check?.(item);
  if (!check$) return playback$;
  const failed$ = check$.pipe(
    ignoreElements(),
    catchError((error: unknown) => of(failure(error, 'resolve', 'cannot play it'))),
  );
  // The playback's own terminal event is its last, so ending at the first terminal one cuts nothing short.
  return merge(playback$, failed$).pipe(takeWhile((event) => !isTerminal(event), true));
}

/**
 * Subscribes to `prepare$` now and keeps it subscribed until `release` (whose unsubscribing disposes a
 * player that was not launched). `prepared$` emits once: the prepared player, or undefined when there
 * is none (no `prepare$`, or it completed or failed without one).
 */
function startPreparing(prepare$: Observable<PreparedPlayer> | undefined): { prepared$: Observable<PreparedPlayer | undefined>; release(): void } {
  if (!prepare$) return { prepared$: of(undefined), release: () => {} };
  const prepared = new ReplaySubject<PreparedPlayer | undefined>(1);
  let settled = false;
  const settle = (player: PreparedPlayer | undefined) => {
    if (settled) return;
    settled = true;
    prepared.next(player);
  };
  const subscription = prepare$.subscribe({ next: settle, error: () => settle(undefined), complete: () => settle(undefined) });
  return { prepared$: prepared.pipe(take(1)), release: () => subscription.unsubscribe() };
}

/** Waits for the entry to be ready, then launches; `failed`, `evicted`, a closed entry or cache, or the timeout never launch. */
function playItem<Request>(item: PlaybackItem, dependencies: PlaybackDependencies<Request>, timings: PlaybackTimings, prepared$: Observable<PreparedPlayer | undefined>): Observable<PlaybackEvent> {
  return defer(() => {
    let lastState = 'new';
    const snapshots$ = dependencies.open(item).pipe(
      distinctUntilChanged((previous, next) => previous.state === next.state),
      // The seed is never emitted: it only says there was no state before the first.
      scan((last: Waited, snapshot): Waited => ({ kind: 'snapshot', snapshot, previous: last.kind === 'snapshot' ? last.snapshot.state : null }), { kind: 'closed' }),
      endWith<Waited>({ kind: 'closed' }),
    );
    const deadline$ = timer(timings.readyTimeoutMs).pipe(map((): Waited => ({ kind: 'timeout' })));
    return merge(snapshots$, deadline$).pipe(
      takeWhile((waited) => waited.kind === 'snapshot' && !settles(waited.snapshot, waited.previous), true),
      concatMap((waited): Observable<PlaybackEvent> => {
        if (waited.kind === 'timeout') {
          return of({ type: 'failed', code: 'timeout', message: `"${item.title}" was not ready to play within ${seconds(timings.readyTimeoutMs)} s (the cache entry is ${lastState})` });
        }
        if (waited.kind === 'closed') return of({ type: 'failed', code: 'cache-closed', message: `the cache closed before "${item.title}" was ready to play` });
        const { snapshot } = waited;
        lastState = snapshot.state;
        const reached = of<PlaybackEvent>({ type: 'cache', state: snapshot.state });
        if (snapshot.state === 'ready' && snapshot.streamUrl) return concat(reached, whileServed(launchOnce(snapshot.streamUrl, item, dependencies, timings, prepared$), item, dependencies));
        if (snapshot.state === 'ready') return concat(reached, of<PlaybackEvent>({ type: 'failed', code: 'cache', message: `the cache has no stream for "${item.title}"` }));
        if (snapshot.state === 'failed') {
          const error = snapshot.error;
          return concat(reached, of<PlaybackEvent>({ type: 'failed', code: error?.code ?? 'cache', message: `cannot play "${item.title}": ${error?.message ?? 'the cache entry failed'}` }));
        }
        if (snapshot.state === 'evicted') {
          return concat(reached, of<PlaybackEvent>({ type: 'failed', code: 'evicted', message: `the cached copy of "${item.title}" was evicted before it could play; play it again` }));
        }
        if (closedOnTheWay(snapshot.state, waited.previous)) {
          return concat(reached, of<PlaybackEvent>({ type: 'failed', code: 'cache-closed', message: `the cache entry of "${item.title}" was closed before it was ready to play; play it again` }));
        }
        return reached;
      }),
      catchError((error: unknown) => of(failure(error, 'cache', `cannot cache "${item.title}"`))),
    );
  });
}

/**
 * The player is launched once per request, on a stream URL granted for this playback alone (through the
 * prepared player once it is there, when one is being prepared); its session runs until its terminal
 * event, and then (or when cancelled) the URL stops working.
 */
function launchOnce<Request>(entryUrl: string, item: PlaybackItem, dependencies: PlaybackDependencies<Request>, timings: PlaybackTimings, prepared$: Observable<PreparedPlayer | undefined>): Observable<PlaybackEvent> {
  const played = (url: string) =>
    prepared$.pipe(
      switchMap((prepared) => dependencies.launch(url, item, prepared)),
      take(1),
      throwIfEmpty(() => new Error('the player did not start')),
      switchMap((session) => concat(of<PlaybackEvent>({ type: 'launched', url, startAt: item.startAt }), runSession(session, item, dependencies, timings))),
    );
  return defer(() => {
    const grant = dependencies.grant(entryUrl);
    return played(grant.url).pipe(finalize(() => grant.dispose()));
  }).pipe(catchError((error: unknown) => of(failure(error, 'launch', 'the player could not start'))));
}

/** The playback, and what becomes of its entry meanwhile: a failure (the entry stopped serving) is said once, and playback goes on to its own end. */
function whileServed<Request>(playback$: Observable<PlaybackEvent>, item: PlaybackItem, dependencies: PlaybackDependencies<Request>): Observable<PlaybackEvent> {
  const served = dependencies.served;
  if (!served) return playback$;
  return defer(() => {
    // Replayed: a playback that ends as it starts (headless) is over before the entry is followed.
    const over = new ReplaySubject<void>(1);
    const failures$ = served(item).pipe(
      first((snapshot) => snapshot.state === 'failed'),
      concatMap((snapshot): PlaybackEvent[] => [
        { type: 'cache', state: 'failed' },
        { type: 'warning', message: snapshot.error?.message ?? `the cache stopped serving "${item.title}"` },
      ]),
      catchError(() => EMPTY),
      takeUntil(over),
    );
    return merge(playback$.pipe(finalize(() => over.next())), failures$);
  });
}

function settles(snapshot: CacheEntrySnapshot, previous: CacheState | null): boolean {
  return snapshot.state === 'ready' || snapshot.state === 'failed' || snapshot.state === 'evicted' || closedOnTheWay(snapshot.state, previous);
}

/** An entry that rests (new or stored) after it was on its way was closed: it will not get ready by itself. */
function closedOnTheWay(state: CacheState, previous: CacheState | null): boolean {
  return (state === 'new' || state === 'stored') && (previous === 'probing' || previous === 'sized');
}

function failure(error: unknown, fallbackCode: string, context: string): PlaybackEvent {
  const code = isPlextermError(error) ? error.code : fallbackCode;
  return { type: 'failed', code, message: `${context}: ${describeError(error)}` };
}

function seconds(milliseconds: number): string {
  const value = milliseconds / 1000;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
