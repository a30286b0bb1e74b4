// A test Upstream whose bytes are computed from their offset, with switches for the faults a real server has.
import { PlextermError } from '../../src/base/errors.js';
import type { Upstream, UpstreamResponse } from '../../src/cache/upstream/index.js';

/** The byte at `offset` of every pattern file. */
export function patternByte(offset: number): number {
  return ((offset % 256) * 31 + 7) % 256;
}

export function patternBytes(start: number, end: number): Uint8Array {
  const bytes = new Uint8Array(end - start);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = patternByte(start + index);
  return bytes;
}

export interface UpstreamRequest {
  /** 1, 2, 3 ... in the order the requests arrived. */
  number: number;
  start: number;
  end: number | undefined;
  /** The bytes the answer covers: [start, end) for a 206, the whole file for a 200. */
  served: readonly [number, number];
  status: 200 | 206 | 'failed';
  /** Bytes the body yielded. */
  delivered: number;
  /** The client aborted it before its body ended. */
  aborted: boolean;
  open: boolean;
}

export interface PatternUpstreamOptions {
  size: number;
  /** How many bytes each body piece holds; default 64 KiB. */
  pieceSize?: number;
  /** Answer every request with 200 and the whole file, as servers that ignore ranges do. */
  ignoreRanges?: boolean;
  /** Held before the first byte of a request until the promise settles (or the request is aborted). */
  gate?: (request: UpstreamRequest) => Promise<void> | undefined;
  /** Cut the body of a request after this many bytes: `error` throws from the body, `end` ends it early. */
  cut?: (request: UpstreamRequest) => { after: number; how: 'error' | 'end' } | undefined;
  /** Reject the request with this error instead of answering. */
  fail?: (request: UpstreamRequest) => Error | undefined;
  /** Answer with this total size instead of the real one (a file that changed). */
  reportedSize?: number;
  /** Called as each request arrives, before it is answered. */
  onRequest?: (request: UpstreamRequest) => void;
}

export class PatternUpstream implements Upstream {
  readonly requests: UpstreamRequest[] = [];
  /** Pairs of requests whose served bytes overlapped while both were open. */
  readonly overlaps: Array<[UpstreamRequest, UpstreamRequest]> = [];
  private readonly pieceSize: number;

  constructor(private readonly options: PatternUpstreamOptions) {
    this.pieceSize = options.pieceSize ?? 64 * 1024;
  }

  get openRequests(): UpstreamRequest[] {
    return this.requests.filter((request) => request.open);
  }

  async fetchRange(start: number, end: number | undefined, signal: AbortSignal): Promise<UpstreamResponse> {
    const { size, ignoreRanges } = this.options;
    const served: [number, number] = ignoreRanges ? [0, size] : [start, Math.min(end ?? size, size)];
    const request: UpstreamRequest = {
      number: this.requests.length + 1,
      start,
      end,
      served,
      status: ignoreRanges ? 200 : 206,
      delivered: 0,
      aborted: false,
      open: true,
    };
    for (const other of this.openRequests) {
      if (other.served[0] < served[1] && served[0] < other.served[1]) this.overlaps.push([other, request]);
    }
    this.requests.push(request);
    this.options.onRequest?.(request);
    const close = (): void => {
      request.open = false;
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (request.open) request.aborted = true;
      close();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const failure = this.options.fail?.(request);
    if (failure) {
      request.status = 'failed';
      close();
      throw failure;
    }
    try {
      await untilSettledOrAborted(this.options.gate?.(request), signal);
    } catch (error) {
      close();
      throw error;
    }
    return {
      status: ignoreRanges ? 200 : 206,
      start: served[0],
      totalSize: this.options.reportedSize ?? size,
      etag: '"pattern"',
      body: this.body(request, signal, close),
    };
  }

  private async *body(request: UpstreamRequest, signal: AbortSignal, close: () => void): AsyncGenerator<Uint8Array> {
    const cut = this.options.cut?.(request);
    const [start, end] = request.served;
    try {
      for (let position = start; position < end; ) {
        if (signal.aborted) throw signal.reason;
        let pieceEnd = Math.min(end, position + this.pieceSize);
        if (cut && position - start + (pieceEnd - position) > cut.after) pieceEnd = start + cut.after;
        if (pieceEnd > position) {
          request.delivered += pieceEnd - position;
          yield patternBytes(position, pieceEnd);
          position = pieceEnd;
        }
        if (cut && position - start >= cut.after) {
          if (cut.how === 'error') throw new PlextermError('connection reset by the test upstream', { code: 'network', retryable: true });
          return;
        }
        // Let other requests and timers run between pieces, as a socket would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      close();
    }
  }
}

/** Waits for `gate` (if any); rejects with the abort reason when the signal fires first. */
async function untilSettledOrAborted(gate: Promise<void> | undefined, signal: AbortSignal): Promise<void> {
  if (gate === undefined) return;
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([gate, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A promise with its resolve outside, for gates a test opens when it chooses. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
