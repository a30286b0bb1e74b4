// An immutable set of byte offsets kept as sorted, merged, half-open intervals [start, end).
//
// Convention: an interval [start, end) holds the bytes start, start + 1, ..., end - 1, so its
// length is end - start and [0, size) is a whole file. Stored intervals are never empty, never
// overlap and never touch: [0, 5) and [5, 9) are kept as [0, 9). Every operation returns a new
// set; a RangeSet is never changed after it is built, so it can be shared freely.

/** One interval [start, end) as it appears in JSON: `[start, end]`. */
export type ByteInterval = readonly [start: number, end: number];

export class RangeSet implements Iterable<ByteInterval> {
  static readonly empty = new RangeSet([]);

  /** Flat bounds: start0, end0, start1, end1, ... sorted, merged, non-empty. */
  private readonly bounds: readonly number[];
  private cachedTotal: number | undefined;

  private constructor(bounds: readonly number[]) {
    this.bounds = bounds;
  }

  /** The set holding [start, end); empty when start equals end. */
  static of(start: number, end: number): RangeSet {
    return RangeSet.empty.add(start, end);
  }

  /**
   * Builds a set from intervals in any order, overlapping or touching: they are normalized.
   * Intervals that are not pairs of safe non-negative integers with start <= end are rejected.
   */
  static fromIntervals(intervals: Iterable<ByteInterval>): RangeSet {
    const sorted = [...intervals];
    sorted.forEach(([start, end]) => checkInterval(start, end));
    sorted.sort((left, right) => left[0] - right[0]);
    const bounds: number[] = [];
    for (const [start, end] of sorted) {
      if (start === end) continue;
      const last = bounds.length - 1;
      if (last > 0 && start <= bounds[last]!) bounds[last] = Math.max(bounds[last]!, end);
      else bounds.push(start, end);
    }
    return new RangeSet(bounds);
  }

  /**
   * Reads the output of `toJSON` back, strictly: the value must be an array of `[start, end]`
   * pairs of safe non-negative integers, start < end, sorted, neither overlapping nor touching.
   * Anything else throws a RangeError, because a store that wrote it would never have done so:
   * a non-canonical value means the file was damaged or edited. Use `fromIntervals` to normalize.
   */
  static fromJSON(value: unknown): RangeSet {
    if (!Array.isArray(value)) throw new RangeError('byte ranges must be an array of [start, end] pairs');
    const bounds: number[] = [];
    for (const pair of value as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new RangeError('each byte range must be a [start, end] pair');
      const [start, end] = pair as unknown[];
      if (typeof start !== 'number' || typeof end !== 'number') throw new RangeError('byte range bounds must be numbers');
      checkInterval(start, end);
      if (start === end) throw new RangeError(`byte range [${start}, ${end}) is empty`);
      const previousEnd = bounds[bounds.length - 1];
      if (previousEnd !== undefined && start <= previousEnd) {
        throw new RangeError(`byte range [${start}, ${end}) is out of order, overlaps or touches the one before it`);
      }
      bounds.push(start, end);
    }
    return new RangeSet(bounds);
  }

  /** How many bytes the set holds. */
  get totalBytes(): number {
    if (this.cachedTotal === undefined) {
      let total = 0;
      for (let index = 0; index < this.bounds.length; index += 2) total += this.bounds[index + 1]! - this.bounds[index]!;
      this.cachedTotal = total;
    }
    return this.cachedTotal;
  }

  /** How many separate intervals the set holds. */
  get intervalCount(): number {
    return this.bounds.length / 2;
  }

  get isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  /** The set with [start, end) added. */
  add(start: number, end: number): RangeSet {
    checkInterval(start, end);
    if (start === end) return this;
    // Intervals first..last (inclusive) overlap or touch [start, end) and merge with it.
    const first = this.firstEndingAtOrAfter(start);
    const last = this.lastStartingAtOrBefore(end);
    if (first > last) return new RangeSet(splice(this.bounds, first, first, [start, end]));
    const mergedStart = Math.min(start, this.bounds[first * 2]!);
    const mergedEnd = Math.max(end, this.bounds[last * 2 + 1]!);
    if (first === last && mergedStart === this.bounds[first * 2] && mergedEnd === this.bounds[first * 2 + 1]) return this;
    return new RangeSet(splice(this.bounds, first, last + 1, [mergedStart, mergedEnd]));
  }

  /** The set with the bytes of [start, end) taken out. */
  remove(start: number, end: number): RangeSet {
    checkInterval(start, end);
    if (start === end) return this;
    // Intervals first..last (inclusive) share at least one byte with [start, end).
    const first = this.firstEndingAtOrAfter(start + 1);
    const last = this.lastStartingAtOrBefore(end - 1);
    if (first > last) return this;
    const kept: number[] = [];
    const firstStart = this.bounds[first * 2]!;
    const lastEnd = this.bounds[last * 2 + 1]!;
    if (firstStart < start) kept.push(firstStart, start);
    if (end < lastEnd) kept.push(end, lastEnd);
    return new RangeSet(splice(this.bounds, first, last + 1, kept));
  }

  /** Every byte in either set. */
  union(other: RangeSet): RangeSet {
    let result: RangeSet = this;
    for (const [start, end] of other) result = result.add(start, end);
    return result;
  }

  /** Whether the byte at `offset` is in the set. */
  contains(offset: number): boolean {
    const index = this.lastStartingAtOrBefore(offset);
    return index >= 0 && offset < this.bounds[index * 2 + 1]!;
  }

  /** Whether every byte of [start, end) is in the set (always true for an empty interval). */
  covers(start: number, end: number): boolean {
    checkInterval(start, end);
    return start === end || this.extentFrom(start) >= end;
  }

  /**
   * The end of the run of bytes held from `offset` on: the bytes [offset, result) are all in
   * the set. Returns `offset` itself when that byte is missing.
   */
  extentFrom(offset: number): number {
    const index = this.lastStartingAtOrBefore(offset);
    if (index < 0) return offset;
    const end = this.bounds[index * 2 + 1]!;
    return offset < end ? end : offset;
  }

  /** The missing parts of [start, end), in order, as half-open intervals. */
  gaps(start: number, end: number): ByteInterval[] {
    checkInterval(start, end);
    const result: Array<[number, number]> = [];
    let cursor = start;
    for (let index = Math.max(0, this.firstEndingAtOrAfter(start + 1)); cursor < end && index < this.intervalCount; index += 1) {
      const intervalStart = this.bounds[index * 2]!;
      if (intervalStart >= end) break;
      if (intervalStart > cursor) result.push([cursor, intervalStart]);
      cursor = Math.max(cursor, this.bounds[index * 2 + 1]!);
    }
    if (cursor < end) result.push([cursor, end]);
    return result;
  }

  /** The first missing part of [start, end), or null when it is all held. */
  firstGap(start: number, end: number): ByteInterval | null {
    checkInterval(start, end);
    const gapStart = this.extentFrom(start);
    if (gapStart >= end) return null;
    const next = this.firstEndingAtOrAfter(gapStart + 1);
    const nextStart = next < this.intervalCount ? this.bounds[next * 2]! : end;
    return [gapStart, Math.min(nextStart, end)];
  }

  equals(other: RangeSet): boolean {
    return this.bounds.length === other.bounds.length && this.bounds.every((bound, index) => bound === other.bounds[index]);
  }

  *[Symbol.iterator](): IterableIterator<ByteInterval> {
    for (let index = 0; index < this.bounds.length; index += 2) yield [this.bounds[index]!, this.bounds[index + 1]!];
  }

  /** `[[start, end], ...]`, sorted and merged; `RangeSet.fromJSON` reads it back. */
  toJSON(): Array<[number, number]> {
    const result: Array<[number, number]> = [];
    for (const [start, end] of this) result.push([start, end]);
    return result;
  }

  toString(): string {
    return this.toJSON().map(([start, end]) => `[${start}, ${end})`).join(' ') || '(empty)';
  }

  /** Index of the first interval whose end is >= offset (intervalCount when none). */
  private firstEndingAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.intervalCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.bounds[middle * 2 + 1]! >= offset) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Index of the last interval whose start is <= offset (-1 when none). */
  private lastStartingAtOrBefore(offset: number): number {
    let low = 0;
    let high = this.intervalCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.bounds[middle * 2]! <= offset) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}

function checkInterval(start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range [${start}, ${end}): bounds must be integers with 0 <= start <= end`);
  }
}

/** A copy of `bounds` with intervals [fromInterval, toInterval) replaced by `replacement`. */
function splice(bounds: readonly number[], fromInterval: number, toInterval: number, replacement: number[]): number[] {
  return [...bounds.slice(0, fromInterval * 2), ...replacement, ...bounds.slice(toInterval * 2)];
}
