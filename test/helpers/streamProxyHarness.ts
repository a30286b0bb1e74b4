// Test sources and a one-connection HTTP client for stream proxy tests: pattern bytes, gates, recorded signals.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { StreamSource } from '../../src/cache/proxy/index.js';

/** The byte at `position` of every test entry: varies within a chunk and between chunks. */
export function patternByte(position: number): number {
  return (position * 31 + Math.floor(position / 251)) & 0xff;
}

export function patternBuffer(start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(end - start);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = patternByte(start + index);
  return bytes;
}

export interface TestSource extends StreamSource {
  /** Every signal handed to `read`, in order. */
  signals: AbortSignal[];
  /** Bytes yielded by all reads so far. */
  pulledBytes: number;
  accesses: number;
}

export interface TestSourceOptions {
  fileName?: string;
  container?: string | null;
  /** Bytes per yielded chunk. */
  chunkSize?: number;
  /** Called before each chunk is yielded, with the chunk's start; may wait or throw. */
  beforeChunk?(position: number, signal: AbortSignal): Promise<void> | void;
}

/** A source of `totalSize` pattern bytes, built chunk by chunk so a large one costs no memory up front. */
export function patternSource(totalSize: number, options: TestSourceOptions = {}): TestSource {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const source: TestSource = {
    fileName: options.fileName ?? 'Nosferatu (1922).mkv',
    container: options.container === undefined ? 'mkv' : options.container,
    totalSize,
    signals: [],
    pulledBytes: 0,
    accesses: 0,
    onAccess() {
      source.accesses += 1;
    },
    async *read(start, end, signal) {
      source.signals.push(signal);
      for (let position = start; position < end; position += chunkSize) {
        await options.beforeChunk?.(position, signal);
        const chunk = patternBuffer(position, Math.min(end, position + chunkSize));
        source.pulledBytes += chunk.byteLength;
        yield chunk;
      }
    },
  };
  return source;
}

/** A promise with its resolve handle, for sources that wait on the test. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves when `signal` aborts, like an on-demand fetch cancelled by its reader. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** False when the connection closed before the whole body arrived. */
  complete: boolean;
}

/** One request on its own connection (`agent: false`), so nothing stays open after the reply. */
export function fetchReply(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => {}); // a body cut short shows as `complete: false`
      response.on('close', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), complete: response.complete }));
    });
    request.on('error', reject);
    request.end();
  });
}

export interface OpenResponse {
  response: IncomingMessage;
  /** Bytes of the body received so far. */
  received(): number;
  /** Resolves once at least `count` body bytes have arrived. */
  waitFor(count: number): Promise<void>;
  destroy(): void;
  closed: Promise<void>;
}

/** A GET whose body the test consumes at its own pace: it can pause, resume and hang up. */
export function openResponse(url: string, headers: Record<string, string> = {}): Promise<OpenResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers, agent: false }, (response) => {
      let received = 0;
      const waiters: Array<{ count: number; resolve(): void }> = [];
      const closed = new Promise<void>((done) => response.once('close', done));
      response.on('error', () => {});
      response.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        for (const waiter of waiters.filter((candidate) => candidate.count <= received)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
      resolve({
        response,
        received: () => received,
        waitFor: (count) => (count <= received ? Promise.resolve() : new Promise<void>((done) => waiters.push({ count, resolve: done }))),
        destroy: () => request.destroy(),
        closed,
      });
    });
    request.on('error', () => {});
    request.once('error', reject);
    request.end();
  });
}

/** Lets pending I/O and timers run until `condition` holds; the test fails if it never does. */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/** Waits until `value()` stops changing for a few polls: the producer has settled against backpressure. */
export async function settled(value: () => number): Promise<number> {
  let last = value();
  let unchanged = 0;
  for (let attempt = 0; attempt < 300 && unchanged < 5; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = value();
    unchanged = current === last ? unchanged + 1 : 0;
    last = current;
  }
  return last;
}
