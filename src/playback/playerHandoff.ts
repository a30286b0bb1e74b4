// One player process for a whole play queue: the process an item's session kept for the next item waits here until that item launches it.
import { Observable, ReplaySubject, filter, take } from 'rxjs';
import type { PreparedPlayer } from './player.js';

/** A player process kept after its item, as a prepared player of `playerId`. */
export interface KeptPlayer extends PreparedPlayer {
  readonly playerId: string;
  /** The person quit it while it was kept: its launch fails, and nothing starts the player afresh (the queue ends). */
  readonly quit: boolean;
}

/**
 * Holds at most one kept player between a queue's items. An item's session that ends (or is left for a
 * skip) puts its process here (`keep`); the next item's play borrows it (`lend`) and launches it at `ready`,
 * or gives it back when it does not play. `dispose` (the queue's end: finished, stopped, failed) ends the one
 * still held, and any kept after it.
 */
export class PlayerHandoff {
  private held: Promise<KeptPlayer | null> | null = null;
  private disposed = false;
  private readonly quits = new ReplaySubject<void>(1);
  /**
   * Emits (once, and to later subscribers too) when the person quit a kept process before an item launched it
   * (its `events$` said `ended` with `quit`): the queue ends with it, as with a quit while an item plays.
   */
  readonly quit$: Observable<void> = this.quits.pipe(take(1));

  constructor(private readonly onDisposeError: (error: unknown) => void = () => {}) {}

  /** Keeps the process `kept` resolves with (null: it is gone); one held already is ended first. */
  keep(playerId: string, kept: Promise<PreparedPlayer | null>): void {
    this.hold(kept.then((prepared): KeptPlayer | null => (prepared ? this.watched(playerId, prepared) : null)));
  }

  /** `prepared` as a kept player, its quit told by `quit$` until it is launched or disposed. */
  private watched(playerId: string, prepared: PreparedPlayer): KeptPlayer {
    let quit = false;
    const watch = prepared.events$?.pipe(filter((event) => event.type === 'ended' && event.quit === true), take(1)).subscribe({
      next: () => {
        quit = true;
        this.quits.next();
      },
      // The player (or the plugin host) went away without a quit: its launch fails, and the item starts it afresh.
      error: () => {},
    });
    return {
      playerId,
      get quit() {
        return quit;
      },
      // Watched until the launch settles: a quit the plugin told before its launch failed is heard first.
      launch: (url, options) => prepared.launch(url, options).finally(() => watch?.unsubscribe()),
      dispose: () => {
        watch?.unsubscribe();
        return prepared.dispose();
      },
    };
  }

  /**
   * The kept process, lent to one item's play: emitted once (or completes without it when the process is gone).
   * Unsubscribing before the item launched it (the item failed or was skipped, or the queue stopped before its
   * `ready`) gives it back, at once, for the next item or for the end of the run. Null when none is held.
   */
  lend(): Observable<KeptPlayer> | null {
    const held = this.take();
    if (!held) return null;
    return new Observable<KeptPlayer>((subscriber) => {
      let launched = false;
      let released = false;
      held.then(
        (player) => {
          if (released) return;
          if (!player) {
            subscriber.complete();
            return;
          }
          // Its dispose is the give-back below: a lent process is ended by the run, not by the item.
          subscriber.next({
            playerId: player.playerId,
            get quit() {
              return player.quit;
            },
            launch: async (url, options) => {
              if (released) throw new Error('the queue\'s player was given back: this play ended');
              launched = true;
              return player.launch(url, options);
            },
            dispose: async () => {},
          });
        },
        (error: unknown) => {
          if (!released) subscriber.error(error);
        },
      );
      return () => {
        released = true;
        if (!launched) this.hold(held);
      };
    });
  }

  private take(): Promise<KeptPlayer | null> | null {
    const held = this.held;
    this.held = null;
    return held;
  }

  private hold(player: Promise<KeptPlayer | null>): void {
    if (this.disposed) {
      void this.end(player);
      return;
    }
    if (this.held) void this.end(this.held);
    this.held = player;
  }

  /** Ends the held process; resolves once it is gone. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const held = this.take();
    if (held) await this.end(held);
  }

  private async end(player: Promise<KeptPlayer | null>): Promise<void> {
    try {
      await (await player.catch(() => null))?.dispose();
    } catch (error) {
      this.onDisposeError(error);
    }
  }
}
