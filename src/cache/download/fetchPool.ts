// The upstream fetches in flight for one entry: at most `concurrency`, most urgent first, less urgent ones cancelled to make room for "now".
import type { RangeSet } from '../../base/rangeSet.js';
import { type ChunkScheduler, type PlannedFetch, priorityRank } from './chunkScheduler.js';
import { RangeFetch, type RangeFetchHost } from './rangeFetch.js';

export interface FetchPoolOptions {
  host: Omit<RangeFetchHost, 'rangesIgnored'>;
  scheduler: ChunkScheduler;
  concurrency: number;
  /** Start out streaming the file from byte 0: the server ignores ranges. */
  sequential: boolean;
  /** Bytes not to fetch: on disk, or failed for good. */
  skipped(): RangeSet;
  /** A fetch ended: done, cut short for good, or cancelled. */
  onSettled(): void;
  /** A fetch failed for good: the bytes [start, end) it still owned will not come. */
  onFailed(start: number, end: number, error: unknown): void;
}

export class FetchPool {
  /** Fetches that hold a slot; a cancelled one leaves at once while its promise settles in `settling`. */
  private readonly active = new Set<RangeFetch>();
  private readonly settling = new Set<Promise<void>>();
  private readonly host: RangeFetchHost;
  private sequential: boolean;
  private stopped = false;
  private fetchCount = 0;

  constructor(private readonly options: FetchPoolOptions) {
    this.sequential = options.sequential;
    this.host = { ...options.host, rangesIgnored: (fetch) => this.rangesIgnored(fetch) };
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Starts the most urgent fetches there are slots for; a "now" fetch takes the slot of less urgent work. */
  schedule(): void {
    if (this.stopped) return;
    for (;;) {
      const next = this.planNext();
      if (next === null) return;
      if (this.active.size < this.options.concurrency) {
        this.start(next.start, next.end);
        continue;
      }
      const victim = next.priority === 'now' ? this.cheapestToCancel() : null;
      if (victim === null) return;
      // Its unfinished bytes become missing again and are fetched when they are wanted.
      this.cancel(victim);
    }
  }

  /** Cancels fetches nobody wants any more (a reader went away: its client disconnected, or it seeked). */
  cancelUnwanted(): void {
    for (const fetch of this.active) {
      if (this.options.scheduler.rankOf(fetch.cursor, fetch.end) === priorityRank.none) this.cancel(fetch);
    }
    this.schedule();
  }

  /** Cancels everything and starts nothing more. */
  stop(): void {
    this.stopped = true;
    for (const fetch of this.active) this.cancel(fetch);
  }

  /** Resolves once every fetch started so far has settled. */
  async settled(): Promise<void> {
    while (this.settling.size > 0) await Promise.all([...this.settling]);
  }

  private planNext(): PlannedFetch | null {
    const { scheduler } = this.options;
    const skipped = this.options.skipped();
    if (this.sequential) {
      // One stream from the first missing byte serves every reader; a second would fetch the same bytes again.
      if (this.active.size > 0 || !scheduler.hasWork(skipped)) return null;
      return { start: this.host.written().extentFrom(0), end: this.host.totalSize, priority: 'background' };
    }
    let covered = skipped;
    for (const fetch of this.active) covered = covered.add(fetch.cursor, fetch.end);
    return scheduler.next(covered);
  }

  /** The least urgent fetch below "now", the newest among equals (it has the least to lose). */
  private cheapestToCancel(): RangeFetch | null {
    let victim: RangeFetch | null = null;
    let victimRank: number = priorityRank.now;
    for (const fetch of this.active) {
      if (fetch.sequential) continue;
      const rank = this.options.scheduler.rankOf(fetch.cursor, fetch.end);
      if (rank < victimRank || (victim !== null && rank === victimRank && fetch.order > victim.order)) {
        victim = fetch;
        victimRank = rank;
      }
    }
    return victim;
  }

  private start(start: number, end: number): void {
    this.fetchCount += 1;
    const fetch = new RangeFetch(this.host, start, end, this.sequential, this.fetchCount);
    this.active.add(fetch);
    const settled = fetch.done
      .then(undefined, (error: unknown) => {
        if (!fetch.aborted) this.options.onFailed(fetch.cursor, fetch.end, error);
      })
      .then(() => {
        this.active.delete(fetch);
        this.settling.delete(settled);
        this.options.onSettled();
        this.schedule();
      });
    this.settling.add(settled);
  }

  private cancel(fetch: RangeFetch): void {
    fetch.abort();
    this.active.delete(fetch);
  }

  private rangesIgnored(streaming: RangeFetch): void {
    this.sequential = true;
    for (const fetch of this.active) if (fetch !== streaming) this.cancel(fetch);
  }
}
