// Bytes per second over the last couple of seconds, kept in fixed time buckets so recording stays O(1).

const bucketMs = 100;
const bucketCount = 20;

export class TransferRate {
  private readonly buckets = new Float64Array(bucketCount);
  /** The bucket number (time / bucketMs) the newest sample fell into. */
  private newestBucket = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  record(byteCount: number): void {
    const bucket = this.advance();
    this.buckets[bucket % bucketCount]! += byteCount;
  }

  /** The mean rate over the window; zero when nothing arrived in it. */
  perSecond(): number {
    this.advance();
    let total = 0;
    for (const bytes of this.buckets) total += bytes;
    return Math.round((total * 1000) / (bucketMs * bucketCount));
  }

  /** Empties the buckets that fell out of the window since the last sample; returns the current bucket. */
  private advance(): number {
    const bucket = Math.floor(this.now() / bucketMs);
    const stale = Math.min(bucket - this.newestBucket, bucketCount);
    for (let step = 1; step <= stale; step += 1) this.buckets[(bucket - stale + step) % bucketCount] = 0;
    if (bucket > this.newestBucket) this.newestBucket = bucket;
    return bucket;
  }
}
