// An upstream response body as an async iterable that ends only when every promised byte came, and throws otherwise.
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../plex/plexErrors.js';
import { abortedError, bodyIdleError, connectionCutError } from './upstreamErrors.js';

export interface BodyGuard {
  /** Bytes the headers promised; null when they did not say (then only an error shows a cut). */
  expected: number | null;
  /** The longest wait for the next piece while the reader is asking for one; 0 waits for ever. */
  idleTimeoutMs: number;
  /** Aborting it destroys the stream, and so the socket. */
  signal: AbortSignal;
  context: RequestContext;
}

function ignore(): void {}

/**
 * Wraps a node:http response stream. A connection that drops, stalls or is aborted makes the
 * iteration throw a PlextermError (never an error that carries request headers); breaking out
 * of the loop early destroys the stream.
 */
export function guardedBody(stream: Readable, guard: BodyGuard): AsyncIterable<Uint8Array> {
  // A failure before anyone reads must not crash the process: the iterator reports it.
  stream.on('error', ignore);
  const onAbort = (): void => {
    stream.destroy();
  };
  if (guard.signal.aborted) stream.destroy();
  else {
    guard.signal.addEventListener('abort', onAbort, { once: true });
    stream.once('close', () => guard.signal.removeEventListener('abort', onAbort));
  }
  return readGuarded(stream, guard);
}

async function* readGuarded(stream: Readable, guard: BodyGuard): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator: AsyncIterator<unknown> = stream[Symbol.asyncIterator]();
  let received = 0;
  try {
    for (;;) {
      // The idle clock runs only while the reader waits on the network, not while it writes what it got.
      let stalled = false;
      const idle =
        guard.idleTimeoutMs > 0
          ? setTimeout(() => {
              stalled = true;
              stream.destroy();
            }, guard.idleTimeoutMs)
          : undefined;
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch {
        throw failure(guard, stalled, received);
      } finally {
        clearTimeout(idle);
      }
      if (next.done) break;
      const piece = next.value;
      if (!(piece instanceof Uint8Array)) throw connectionCutError(received, guard.expected, guard.context);
      received += piece.byteLength;
      yield piece;
    }
  } finally {
    stream.destroy();
  }
  if (guard.signal.aborted) throw abortedError(guard.context);
  if (guard.expected !== null && received < guard.expected) throw connectionCutError(received, guard.expected, guard.context);
}

function failure(guard: BodyGuard, stalled: boolean, received: number): Error {
  if (guard.signal.aborted) return abortedError(guard.context);
  if (stalled) return bodyIdleError(received, guard.idleTimeoutMs, guard.context);
  return connectionCutError(received, guard.expected, guard.context);
}
