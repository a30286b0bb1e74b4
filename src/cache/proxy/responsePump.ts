// Copies an async iterable of byte chunks into an HTTP response, honouring backpressure and an abort signal.
import type { Writable } from 'node:stream';
import { PlextermError } from '../../base/errors.js';
import { drained } from '../../base/drained.js';

/**
 * Writes exactly `length` bytes from `chunks` to `output`, then returns; the caller ends the response.
 * `beforeFirstWrite` runs once, just before the first chunk is written (to send the status line late).
 * Throws when the source fails, gives too few or too many bytes, or `signal` aborts (the caller then
 * destroys the response so the client sees a short body rather than a hang).
 *
 * While the socket drains the previous chunk, the next one is already being read, so disk (or upstream)
 * and network overlap; at most one chunk beyond what the socket buffers is ever held, so memory stays flat.
 */
export async function pumpChunks(
  chunks: AsyncIterable<Uint8Array>,
  output: Writable,
  length: number,
  signal: AbortSignal,
  beforeFirstWrite: () => void = () => {},
): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Uint8Array>> | undefined;
  let sent = 0;
  let exhausted = false;
  let begun = false;
  try {
    pending = iterator.next();
    for (;;) {
      const step = await untilAborted(pending, signal);
      pending = undefined;
      if (step.done) {
        exhausted = true;
        break;
      }
      const chunk = step.value;
      sent += chunk.byteLength;
      if (sent > length) throw new PlextermError(`the stream source gave more than the ${length} bytes asked for`, { code: 'stream-source' });
      if (!begun) {
        begun = true;
        beforeFirstWrite();
      }
      const flowing = output.write(chunk);
      if (sent === length) break;
      pending = iterator.next();
      if (!flowing) await untilAborted(drained(output), signal);
    }
    if (sent < length) throw new PlextermError(`the stream source ended after ${sent} of ${length} bytes`, { code: 'stream-source' });
  } finally {
    // A chunk read ahead but no longer wanted may still fail (its read was aborted): nobody waits for it.
    pending?.catch(ignore);
    // Lets a generator run its `finally` (close files, cancel fetches) without waiting for a source that hangs.
    if (!exhausted) Promise.resolve(iterator.return?.()).catch(ignore);
  }
}

function ignore(): void {}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
