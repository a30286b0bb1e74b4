// The real parts behind the pipeline's dependencies: a cache entry's snapshots and a player's launch, as Observables.
import { Observable, defer } from 'rxjs';
import type { CacheEntrySnapshot, CacheManager, CachePartRequest } from '../cache/index.js';
import type { Player, PlayerLaunchOptions, PlayerSession } from './player.js';

/**
 * Opens the entry and follows its snapshots. Opening a failed, evicted, stored or new entry puts it in
 * `probing` at once (the entry's state table), so the first snapshot is never an old failure or eviction.
 */
export function entrySnapshots(cache: Pick<CacheManager, 'open'>, request: CachePartRequest): Observable<CacheEntrySnapshot> {
  return defer(() => cache.open(request).state$);
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
