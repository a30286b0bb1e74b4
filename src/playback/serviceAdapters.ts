// The real parts behind the pipeline's dependencies: a cache entry's snapshots and a player's launch, as Observables.
import { Observable, defer, skip } from 'rxjs';
import type { CachePartRequest } from '../cache/cacheEntry.js';
import type { CacheManager } from '../cache/cacheManager.js';
import type { CacheEntrySnapshot } from '../cache/entryState.js';
import type { Player, PlayerLaunchOptions, PlayerSession } from './player.js';

/**
 * Opens the entry and follows its snapshots. Opening a failed or evicted entry starts it again, but its
 * snapshot still says failed (or evicted) until the probe begins: that stale state is skipped, so an
 * old failure never ends a new play.
 */
export function entrySnapshots(cache: Pick<CacheManager, 'open'>, request: CachePartRequest): Observable<CacheEntrySnapshot> {
  return defer(() => {
    const entry = cache.open(request);
    const stale = entry.snapshot.state === 'failed' || entry.snapshot.state === 'evicted';
    return stale ? entry.state$.pipe(skip(1)) : entry.state$;
  });
}

/** Launches on subscribe; a session that arrives after unsubscribing (the play was cancelled) is stopped at once. */
export function launchPlayer(player: Player, url: string, options: PlayerLaunchOptions, onStopError: (error: unknown) => void): Observable<PlayerSession> {
  return new Observable<PlayerSession>((subscriber) => {
    let cancelled = false;
    player.launch(url, options).then(
      (session) => {
        if (cancelled) {
          session.stop?.().catch(onStopError);
          return;
        }
        subscriber.next(session);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      cancelled = true;
    };
  });
}
