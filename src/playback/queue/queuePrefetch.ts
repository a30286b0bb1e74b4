// Prefetch: once the item that plays passes a point near its end, the queue's next item has its cache entry opened and its start buffer filled.

/** Where an item is far enough along for the next to be prefetched: `secondsBeforeEnd` before its end or `percent` of it, whichever comes first. */
export interface PrefetchPoint {
  secondsBeforeEnd: number;
  percent: number;
}

export const defaultPrefetchPoint: Readonly<PrefetchPoint> = Object.freeze({ secondsBeforeEnd: 60, percent: 80 });

/** Whether `position` (of `duration`, both in milliseconds) has passed `point`; never for an unknown duration. */
export function passedPrefetchPoint(position: number, duration: number, point: PrefetchPoint): boolean {
  if (duration <= 0) return false;
  const at = Math.min(duration - point.secondsBeforeEnd * 1000, (duration * point.percent) / 100);
  return position >= at;
}

/** The one entry a queue opened ahead of its play: at most the next item's, at any time. */
export interface Prefetched {
  ratingKey: string;
  /** Closes the entry: its item is not the one that plays now (the queue stopped, or moved elsewhere). */
  close(): Promise<void>;
}

/**
 * Holds a queue's prefetched entry. `start` opens the next item's (never a second one); `reached` is told
 * each item the run plays: the prefetched entry of that item is now its play's, any other is closed;
 * `close` (the queue's end) closes the one still held.
 */
export class PrefetchSlot {
  private held: Prefetched | undefined;

  constructor(private readonly onCloseError: (error: unknown) => void = () => {}) {}

  get ratingKey(): string | undefined {
    return this.held?.ratingKey;
  }

  start(open: () => Prefetched): void {
    if (this.held) return;
    this.held = open();
  }

  reached(ratingKey: string): void {
    const held = this.held;
    this.held = undefined;
    if (held && held.ratingKey !== ratingKey) held.close().catch(this.onCloseError);
  }

  close(): void {
    this.reached('');
  }
}
