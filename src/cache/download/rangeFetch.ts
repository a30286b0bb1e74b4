// One upstream fetch of a byte range into the data file, resumed from the last byte written when the body is cut.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RangeSet } from '../../base/rangeSet.js';
import { bodyCutError, downloadFailedError, isRetryable, upstreamChangedError, upstreamProtocolError } from './downloadErrors.js';
import type { Upstream, UpstreamResponse } from '../upstream/index.js';

export interface RetryPolicy {
  /** Tries in a row without real progress before the fetch fails for good. */
  attempts: number;
  /**
   * Bytes a try must bring to start the count of tries again. A few bytes are not progress: a server
   * that sends some and then stalls, every time, would otherwise be retried for ever.
   */
  progressBytes: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, progressBytes: 64 * 1024, baseDelayMs: 200, maxDelayMs: 5000 };

/** What a fetch needs from the entry it fills. */
export interface RangeFetchHost {
  readonly upstream: Upstream;
  readonly totalSize: number;
  /** The ETag the recorded bytes came with; a different one means the file changed. */
  readonly etag: string | null;
  readonly retry: RetryPolicy;
  /** The bytes on disk now, so a body that starts earlier than needed writes only what is missing. */
  written(): RangeSet;
  /** Writes the pieces one after the other from `position` and marks them written; throws (not retryable) when the disk refuses. */
  store(pieces: readonly Uint8Array[], position: number): Promise<void>;
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
    const { attempts, progressBytes, baseDelayMs, maxDelayMs } = this.host.retry;
    let failures = 0;
    while (this.cursor < this.end && !this.aborted) {
      const before = this.cursor;
      try {
        await this.fetchOnce();
        if (this.cursor < this.end && !this.aborted) throw bodyCutError(this.cursor, this.end);
      } catch (error) {
        if (this.aborted) return;
        if (!isRetryable(error)) throw downloadFailedError(this.cursor, this.end, error);
        // A try that brought real progress starts the count again: a flaky line that keeps moving is not a failure.
        failures = this.cursor - before >= progressBytes ? 1 : failures + 1;
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

  /** One request from the cursor; returns when its body ends, is cut, or the fetch has all its bytes, and every write it started is done. */
  private async fetchOnce(): Promise<void> {
    // A request of its own, so a body left unread (a check failed, the range is done) is cancelled too.
    const request = new AbortController();
    const cancel = (): void => request.abort();
    this.controller.signal.addEventListener('abort', cancel, { once: true });
    const writes = new PieceWriter(this.host, this.cursor, (position) => {
      // Moved only once written, so the bytes count as in flight until readers can have them.
      this.cursor = position;
    });
    try {
      const response = await this.host.upstream.fetchRange(this.cursor, this.sequential ? undefined : this.end, request.signal);
      // Cancelled while the answer was on its way: a late 200 must not switch the entry to streaming.
      if (this.aborted) return;
      let position = this.checkResponse(response);
      writes.restart(this.cursor);
      for await (const piece of response.body) {
        if (this.aborted) return;
        const pieceStart = position;
        position += piece.byteLength;
        this.host.arrived(piece.byteLength);
        writes.add(piece, pieceStart, this.end);
        if (writes.accepted >= this.end) return;
        await writes.roomForMore();
      }
    } finally {
      this.controller.signal.removeEventListener('abort', cancel);
      request.abort();
      // A cut body resumes from the last byte written, so the writes under way finish first; a cancelled fetch drops those not begun.
      await writes.settle(this.aborted);
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

}

/** Pieces are joined into writes of up to this many bytes while an earlier write is under way. */
const maxWriteBytes = 1024 * 1024;

interface PendingWrite {
  position: number;
  pieces: Uint8Array[];
  byteLength: number;
  /** The fetch's cursor once this write is done: its end, or further when bytes after it were on disk already. */
  advanceTo: number;
  started: boolean;
}

/**
 * The writes of one response body, behind the network: the first piece is written at once (a reader
 * waiting at the edge gets it one round trip after asking); pieces that arrive while a write is under
 * way are joined into the next one, so a fast body costs a few large writes instead of one per piece.
 * At most two writes' worth of bytes wait; beyond that the body is not read until a write ends.
 */
class PieceWriter {
  /** The end of the bytes taken so far (written, waiting, or skipped because they were on disk). */
  accepted: number;
  private readonly queue: PendingWrite[] = [];
  private waitingBytes = 0;
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly host: RangeFetchHost,
    start: number,
    private readonly advance: (position: number) => void,
  ) {
    this.accepted = start;
  }

  /** Starts taking bytes from `start` (the cursor of a new request). */
  restart(start: number): void {
    this.accepted = start;
  }

  /** Queues the part of a piece that is not taken yet, not beyond `end`, and not on disk already. */
  add(piece: Uint8Array, pieceStart: number, end: number): void {
    this.throwIfFailed();
    const from = Math.max(pieceStart, this.accepted);
    const to = Math.min(pieceStart + piece.byteLength, end);
    if (from >= to) return;
    for (const [start, stop] of this.host.written().gaps(from, to)) this.enqueue(piece.subarray(start - pieceStart, stop - pieceStart), start);
    this.accepted = to;
    const last = this.queue[this.queue.length - 1];
    if (last) last.advanceTo = to;
    else this.advance(to);
    this.running ??= this.run();
  }

  /** Resolves once fewer than two writes' worth of bytes wait; throws when a write failed. */
  async roomForMore(): Promise<void> {
    while (this.waitingBytes >= 2 * maxWriteBytes && this.running) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    this.throwIfFailed();
  }

  /** Waits for the writes under way (dropping those not begun when `dropQueued`); throws when one failed. */
  async settle(dropQueued: boolean): Promise<void> {
    if (dropQueued) {
      const begun = this.queue[0]?.started ? 1 : 0;
      for (const dropped of this.queue.splice(begun)) this.waitingBytes -= dropped.byteLength;
    }
    while (this.running) await this.running;
    this.throwIfFailed();
  }

  private enqueue(bytes: Uint8Array, position: number): void {
    const last = this.queue[this.queue.length - 1];
    if (last && !last.started && last.position + last.byteLength === position && last.byteLength + bytes.byteLength <= maxWriteBytes) {
      last.pieces.push(bytes);
      last.byteLength += bytes.byteLength;
    } else {
      this.queue.push({ position, pieces: [bytes], byteLength: bytes.byteLength, advanceTo: position + bytes.byteLength, started: false });
    }
    this.waitingBytes += bytes.byteLength;
  }

  private async run(): Promise<void> {
    try {
      for (let next = this.queue[0]; next && this.failure === null; next = this.queue[0]) {
        next.started = true;
        try {
          await this.host.store(next.pieces, next.position);
        } catch (error) {
          this.failure = { error };
          break;
        }
        this.queue.shift();
        this.waitingBytes -= next.byteLength;
        this.advance(next.advanceTo);
        this.wake?.();
        this.wake = null;
      }
    } finally {
      this.running = null;
      this.wake?.();
      this.wake = null;
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
