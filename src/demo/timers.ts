// Every timer the demo server sets, so close() can clear them all at once, on a clock tests can replace.

/** Where the demo's time comes from; tests pass a ManualClock to move time on without waiting. */
export interface DemoClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: DemoClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Timers {
  private readonly pending = new Map<unknown, () => void>();
  private closed = false;

  constructor(private readonly clock: DemoClock = systemClock) {}

  /** Milliseconds since the epoch, on the server's clock. */
  now(): number {
    return this.clock.now();
  }

  /** Runs `callback` after `ms` unless cancelled or cleared first; answers the cancel function. */
  after(ms: number, callback: () => void): () => void {
    if (this.closed) return () => undefined;
    const timer = this.clock.setTimeout(() => {
      this.pending.delete(timer);
      callback();
    }, ms);
    this.pending.set(timer, () => undefined);
    return () => {
      if (!this.pending.delete(timer)) return;
      this.clock.clearTimeout(timer);
    };
  }

  /** Resolves after `ms`, or at once when the timers are cleared. */
  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Clears every timer and resolves every pending sleep; later sleeps resolve at once. */
  clear(): void {
    this.closed = true;
    for (const [timer, resolve] of this.pending) {
      this.clock.clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
