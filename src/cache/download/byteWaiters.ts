// Readers waiting for byte ranges to reach the data file: woken once the bytes are written, or told why they never will be.
import type { RangeSet } from '../../base/rangeSet.js';

interface Waiter {
  readonly start: number;
  readonly end: number;
  resolve(): void;
  reject(reason: unknown): void;
}

export class ByteWaiters {
  private readonly waiters = new Set<Waiter>();

  /** `written` returns the bytes on disk now; the owner calls `notify` after every change to it. */
  constructor(private readonly written: () => RangeSet) {}

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Resolves once [start, end) is written. The check and the registration happen in one
   * synchronous step, so bytes landing between the two (the classic missed wake-up) cannot
   * happen: every write is followed by `notify`, which sees this waiter.
   */
  wait(start: number, end: number, signal?: AbortSignal): Promise<void> {
    if (this.written().covers(start, end)) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => settle(() => reject(signal?.reason));
      const settle = (finish: () => void): void => {
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      const waiter: Waiter = {
        start,
        end,
        resolve: () => settle(resolve),
        reject: (reason) => settle(() => reject(reason)),
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Wakes every waiter whose bytes are all written now. */
  notify(): void {
    const written = this.written();
    for (const waiter of [...this.waiters]) if (written.covers(waiter.start, waiter.end)) waiter.resolve();
  }

  /** Rejects the waiters that still miss at least one byte of [start, end): those bytes failed for good. */
  rejectMissing(start: number, end: number, reason: unknown): void {
    const written = this.written();
    for (const waiter of [...this.waiters]) {
      const from = Math.max(start, waiter.start);
      const to = Math.min(end, waiter.end);
      if (from < to && !written.covers(from, to)) waiter.reject(reason);
    }
  }

  rejectAll(reason: unknown): void {
    for (const waiter of [...this.waiters]) waiter.reject(reason);
  }
}
