// The demo server's uplink: one bandwidth shared by every part stream at once, like a real server behind one network link.

/** How far the link may catch up on time lost to timers that wake late (they wake a millisecond late or more). */
const catchUpMs = 10;

/**
 * A virtual clock of when the link is next free. Each chunk books the link for its transfer time;
 * streams that send at once queue behind each other, so together they never pass the rate for long.
 */
export class Uplink {
  private freeAt = 0;

  constructor(private readonly bytesPerSecond: number) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`an uplink needs a positive rate, not ${bytesPerSecond}`);
  }

  /** Books the link for `byteCount` bytes; returns how many milliseconds to wait before sending them. */
  book(byteCount: number, now = performance.now()): number {
    const start = Math.max(now - catchUpMs, this.freeAt);
    this.freeAt = start + (byteCount / this.bytesPerSecond) * 1000;
    return Math.max(0, start - now);
  }
}
