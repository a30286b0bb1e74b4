// Which bytes of an entry are wanted and how urgently, and which chunk to fetch next.
import type { RangeSet } from '../../base/rangeSet.js';

/** Most urgent first: bytes a reader waits for now, read-ahead from a reader's position, background fill. */
export type FetchPriority = 'now' | 'readAhead' | 'background';

const priorities: readonly FetchPriority[] = ['now', 'readAhead', 'background'];

/** A higher rank is more urgent; 0 means nobody wants the bytes. */
export const priorityRank: Readonly<Record<FetchPriority | 'none', number>> = { none: 0, background: 1, readAhead: 2, now: 3 };

/** Bytes [start, end) wanted at a priority; readers move theirs as they read. */
export interface Demand {
  start: number;
  end: number;
  readonly priority: FetchPriority;
}

export interface PlannedFetch {
  start: number;
  end: number;
  priority: FetchPriority;
}

export class ChunkScheduler {
  /** In order of arrival, which is also the order of service within one priority. */
  private readonly demands = new Set<Demand>();

  constructor(
    private readonly totalSize: number,
    private readonly chunkSize: number,
  ) {}

  add(start: number, end: number, priority: FetchPriority): Demand {
    const demand: Demand = { start, end: Math.min(end, this.totalSize), priority };
    this.demands.add(demand);
    return demand;
  }

  remove(demand: Demand): void {
    this.demands.delete(demand);
  }

  /** Moves a demand to [start, start + length), clipped to the file. */
  move(demand: Demand, start: number, length: number): void {
    demand.start = start;
    demand.end = Math.min(start + length, this.totalSize);
  }

  /** The highest rank of the demands that want at least one byte of [start, end). */
  rankOf(start: number, end: number): number {
    let rank = priorityRank.none;
    for (const demand of this.demands) {
      if (demand.start < end && start < demand.end) rank = Math.max(rank, priorityRank[demand.priority]);
    }
    return rank;
  }

  /**
   * The next fetch: the first byte the most urgent demand wants that is not `covered` (written,
   * in flight or failed), up to the end of its chunk or the next covered byte. Chunks are
   * aligned to `chunkSize` from byte 0, so the last one ends exactly at the end of the file.
   */
  next(covered: RangeSet): PlannedFetch | null {
    for (const priority of priorities) {
      for (const demand of this.demands) {
        if (demand.priority !== priority || demand.start >= demand.end) continue;
        const gap = covered.firstGap(demand.start, demand.end);
        if (gap === null) continue;
        const start = gap[0];
        const chunkEnd = Math.min(this.totalSize, (Math.floor(start / this.chunkSize) + 1) * this.chunkSize);
        const [, end] = covered.firstGap(start, chunkEnd) ?? [start, chunkEnd];
        return { start, end, priority };
      }
    }
    return null;
  }

  /** Whether any demand wants a byte that is not `covered`. */
  hasWork(covered: RangeSet): boolean {
    for (const demand of this.demands) if (demand.start < demand.end && covered.firstGap(demand.start, demand.end) !== null) return true;
    return false;
  }
}
