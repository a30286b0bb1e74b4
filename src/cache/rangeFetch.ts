// One upstream fetch of a byte range into the data file, resumed from the last byte written when the body is cut.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RangeSet } from '../base/rangeSet.js';
import { bodyCutError, downloadFailedError, isRetryable, upstreamChangedError, upstreamProtocolError } from './downloadErrors.js';
import type { Upstream, UpstreamResponse } from './upstream.js';

export interface RetryPolicy {
  /** Tries in a row without a new byte before the fetch fails for good. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

/** What a fetch needs from the entry it fills. */
export interface RangeFetchHost {
  readonly upstream: Upstream;
  readonly totalSize: number;
  /** The ETag the recorded bytes came with; a different one means the file changed. */
  readonly etag: string | null;
  readonly retry: RetryPolicy;
  /** The bytes on disk now, so a body that starts earlier than needed writes only what is missing. */
  written(): RangeSet;
  /** Writes the bytes and marks them written; throws (not retryable) when the disk refuses. */
  store(bytes: Uint8Array, position: number): Promise<void>;
  /** Counts bytes as they arrive from upstream, for the transfer rate. */
  arrived(byteCount: number): void;
  /** The server sent the whole file (200) to a range request: this fetch now streams the file. */
  rangesIgnored(fetch: RangeFetch): void;
}

export class RangeFetch {
  /** Bytes before the cursor are on disk (or were skipped); the fetch still owns [cursor, end). */
  cursor: number;
  end: number;
  /** Streaming the whole file from byte 0: the server ignores ranges. */
  sequential: boolean;
  readonly done: Promise<void>;
  private readonly controller = new AbortController();

  /** `order` breaks ties when choosing which fetch to cancel: the newest has the least to lose. */
  constructor(
    private readonly host: RangeFetchHost,
    start: number,
    end: number,
    sequential: boolean,
    readonly order: number,
  ) {
    this.cursor = start;
    this.end = end;
    this.sequential = sequential;
    this.done = this.run();
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  abort(): void {
    this.controller.abort();
  }

  private async run(): Promise<void> {
    const { attempts, baseDelayMs, maxDelayMs } = this.host.retry;
    let failures = 0;
    while (this.cursor < this.end && !this.aborted) {
      const before = this.cursor;
      try {
        await this.fetchOnce();
        if (this.cursor < this.end && !this.aborted) throw bodyCutError(this.cursor, this.end);
      } catch (error) {
        if (this.aborted) return;
        if (!isRetryable(error)) throw downloadFailedError(this.cursor, this.end, error);
        // A try that brought new bytes starts the count again: a flaky line that keeps moving is not a failure.
        failures = this.cursor > before ? 1 : failures + 1;
        if (failures >= attempts) throw downloadFailedError(this.cursor, this.end, error);
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1));
        try {
          await sleep(delay, undefined, { signal: this.controller.signal });
        } catch {
          return;
        }
      }
    }
  }

  /** One request from the cursor; returns when its body ends, is cut, or the fetch has all its bytes. */
  private async fetchOnce(): Promise<void> {
    // A request of its own, so a body left unread (a check failed, the range is done) is cancelled too.
    const request = new AbortController();
    const cancel = (): void => request.abort();
    this.controller.signal.addEventListener('abort', cancel, { once: true });
    try {
      const response = await this.host.upstream.fetchRange(this.cursor, this.sequential ? undefined : this.end, request.signal);
      // Cancelled while the answer was on its way: a late 200 must not switch the entry to streaming.
      if (this.aborted) return;
      let position = this.checkResponse(response);
      for await (const piece of response.body) {
        if (this.aborted) return;
        const pieceStart = position;
        position += piece.byteLength;
        this.host.arrived(piece.byteLength);
        await this.storeUseful(piece, pieceStart);
        if (this.cursor >= this.end) return;
      }
    } finally {
      this.controller.signal.removeEventListener('abort', cancel);
      request.abort();
    }
  }

  /** Checks that the answer is the file and range asked for; returns where its body starts. */
  private checkResponse(response: UpstreamResponse): number {
    const { totalSize, etag } = this.host;
    if (response.totalSize !== null && response.totalSize !== totalSize) {
      throw upstreamChangedError(`size ${response.totalSize} instead of ${totalSize}`);
    }
    if (etag !== null && response.etag !== null && response.etag !== etag) {
      throw upstreamChangedError('a different ETag');
    }
    if (response.status === 200) {
      if (!this.sequential) {
        this.sequential = true;
        this.end = totalSize;
        this.cursor = this.host.written().extentFrom(0);
        this.host.rangesIgnored(this);
      }
      return 0;
    }
    if (response.start > this.cursor) throw upstreamProtocolError(`asked from byte ${this.cursor}, got from byte ${response.start}`);
    return response.start;
  }

  /** Writes the part of a piece this fetch owns and that is not on disk yet, then moves the cursor past it. */
  private async storeUseful(piece: Uint8Array, pieceStart: number): Promise<void> {
    const pieceEnd = pieceStart + piece.byteLength;
    const from = Math.max(pieceStart, this.cursor);
    const to = Math.min(pieceEnd, this.end);
    if (from >= to) return;
    for (const [start, end] of this.host.written().gaps(from, to)) {
      await this.host.store(piece.subarray(start - pieceStart, end - pieceStart), start);
    }
    // Moved only once written, so the bytes count as in flight until readers can have them.
    this.cursor = to;
  }
}
