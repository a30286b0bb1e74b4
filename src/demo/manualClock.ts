// A clock that only moves when told to: tests of timeouts (a session that goes quiet) need no real waiting.
import type { DemoClock } from './timers.js';

interface Scheduled {
  at: number;
  callback: () => void;
}

export class ManualClock implements DemoClock {
  private readonly scheduled = new Map<number, Scheduled>();
  private nextHandle = 1;

  constructor(private current: number = Date.now()) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.scheduled.set(handle, { at: this.current + Math.max(0, ms), callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.scheduled.delete(handle);
  }

  /** Moves time on by `ms`, running every callback that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = [...this.scheduled.entries()].filter(([, entry]) => entry.at <= end).sort(([left, a], [right, b]) => a.at - b.at || left - right)[0];
      if (!due) break;
      const [handle, entry] = due;
      this.scheduled.delete(handle);
      this.current = Math.max(this.current, entry.at);
      entry.callback();
    }
    this.current = end;
  }
}
