// One player process for a whole play queue: the process an item's session kept for the next item waits here until that item launches it.
import type { PreparedPlayer } from './player.js';

/** A player process kept after its item, as a prepared player of `playerId`. */
export interface KeptPlayer extends PreparedPlayer {
  readonly playerId: string;
}

/**
 * Holds at most one kept player between a queue's items. An item's session that ends (or is left for a
 * skip) puts its process here (`keep`); the next item's play takes it (`take`) and launches it at `ready`,
 * or disposes it when it does not play. `dispose` (the queue's end: finished, stopped, failed) ends the one
 * still held, and any kept after it.
 */
export class PlayerHandoff {
  private held: Promise<KeptPlayer | null> | null = null;
  private disposed = false;

  constructor(private readonly onDisposeError: (error: unknown) => void = () => {}) {}

  /** Keeps the process `kept` resolves with (null: it is gone); one held already is ended first. */
  keep(playerId: string, kept: Promise<PreparedPlayer | null>): void {
    const player = kept.then((prepared): KeptPlayer | null => (prepared ? { playerId, launch: (url, options) => prepared.launch(url, options), dispose: () => prepared.dispose() } : null));
    if (this.disposed) {
      void this.end(player);
      return;
    }
    if (this.held) void this.end(this.held);
    this.held = player;
  }

  /** The kept process, once; null when none is held (the next item then starts its player as usual). */
  take(): Promise<KeptPlayer | null> | null {
    const held = this.held;
    this.held = null;
    return held;
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
