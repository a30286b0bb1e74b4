// One player process for a whole play queue: the process an item's session kept for the next item waits here until that item launches it.
import { Observable } from 'rxjs';
import type { PreparedPlayer } from './player.js';

/** A player process kept after its item, as a prepared player of `playerId`. */
export interface KeptPlayer extends PreparedPlayer {
  readonly playerId: string;
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

  constructor(private readonly onDisposeError: (error: unknown) => void = () => {}) {}

  /** Keeps the process `kept` resolves with (null: it is gone); one held already is ended first. */
  keep(playerId: string, kept: Promise<PreparedPlayer | null>): void {
    this.hold(kept.then((prepared): KeptPlayer | null => (prepared ? { playerId, launch: (url, options) => prepared.launch(url, options), dispose: () => prepared.dispose() } : null)));
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
