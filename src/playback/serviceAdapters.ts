// The real parts behind the pipeline's dependencies: a cache entry's snapshots, a player's preparation and its launch, as Observables.
import { Observable, defer } from 'rxjs';
import type { CacheEntrySnapshot, CacheManager, CachePartRequest } from '../cache/index.js';
import type { Player, PlayerLaunchOptions, PlayerPrepareOptions, PlayerSession, PreparedPlayer } from './player.js';

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

/**
 * Starts `player` ahead of its URL on subscribe; emits the prepared player once, or completes when the
 * player cannot be prepared. Unsubscribing disposes it (a prepared player that was launched ignores
 * that); one that arrives after unsubscribing is disposed at once.
 */
export function preparePlayer(player: Player, options: PlayerPrepareOptions, onDisposeError: (error: unknown) => void): Observable<PreparedPlayer> {
  return preparedFrom(() => (player.prepare ? player.prepare(options) : Promise.resolve(null)), onDisposeError);
}

/**
 * What `start()` prepares (called on subscribe; a player started already, its promise), with preparePlayer's
 * contract: emits it once or completes without one; unsubscribing disposes it, now or when it arrives.
 */
export function preparedFrom(start: () => Promise<PreparedPlayer | null>, onDisposeError: (error: unknown) => void): Observable<PreparedPlayer> {
  return new Observable<PreparedPlayer>((subscriber) => {
    let released = false;
    let prepared: PreparedPlayer | null = null;
    const dispose = (which: PreparedPlayer) => void which.dispose().catch(onDisposeError);
    // A promise, not an unsubscribable: a player that starts after the play was cancelled must still be disposed.
    start().then(
      (made) => {
        if (released) {
          if (made) dispose(made);
          return;
        }
        prepared = made;
        if (made) subscriber.next(made);
        else subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      released = true;
      if (prepared) dispose(prepared);
    };
  });
}
