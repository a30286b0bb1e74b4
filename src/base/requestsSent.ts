// Waiting until the HTTP requests this process has started are on the wire, before blocking work (loading modules).
//
// A request made with http.request is only created in the turn that makes it: its socket connects, and its headers are
// written, in a later turn of the event loop. Synchronous work started meanwhile (loading and compiling a module
// graph: 30 to 40 ms for the playback's and the cache's) holds the request back until it ends, so the request travels
// after the work instead of beside it. `requestsSent()` resolves once every request started so far has been written
// out (its 'finish'), or has ended; work that waits for it overlaps the requests' round trips.
import { channel, type Channel } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Requests started and not yet written out (or ended). */
const pending = new Set<ClientRequest>();
let waiting: Array<() => void> = [];

function settled(request: ClientRequest): void {
  if (!pending.delete(request) || pending.size > 0) return;
  const resolvers = waiting;
  waiting = [];
  for (const resolve of resolvers) resolve();
}

/** Held here: Node 20 keeps a channel only as long as somebody holds it, and forgets its subscribers with it. */
let started: Channel | null = null;

/**
 * Starts watching the requests this process starts (Node's `http.client.request.start` channel, which every
 * http.request publishes to: axios's included). Call it before the requests to wait for are made.
 */
export function watchRequests(): void {
  if (started !== null) return;
  started = channel('http.client.request.start');
  started.subscribe((message) => {
    const request = (message as { request: ClientRequest }).request;
    pending.add(request);
    const done = () => settled(request);
    request.once('finish', done);
    request.once('close', done);
    request.once('error', done);
  });
}

/** How many started requests are not written out yet (for tests). */
export function requestsInFlight(): number {
  return pending.size;
}

/**
 * Resolves once every request started so far has been written out or has ended; at once when there is none, and after
 * `capMs` at the latest (a socket that never connects must not hold the caller: its request fails on its own).
 */
export function requestsSent(capMs = 100): Promise<void> {
  if (pending.size === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      waiting = waiting.filter((waiter) => waiter !== done);
      resolve();
    }, capMs);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
    waiting.push(done);
  });
}

/**
 * Resolves a turn of the event loop from now (requests made by this turn's promise chains have started by then),
 * once those requests are written out: `requestsSent` after `setImmediate`.
 */
export async function afterRequestsSent(capMs = 100): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await requestsSent(capMs);
}
