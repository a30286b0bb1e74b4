// Waiting for started HTTP requests to be written out (src/base/requestsSent.ts), against a real server on 127.0.0.1.
import { once } from 'node:events';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { afterRequestsSent, requestsInFlight, requestsSent, watchRequests } from '../../src/base/requestsSent.js';

let server: Server;
let base = '';
/** Requests the server has received, by path. */
const received: string[] = [];

test.before(async () => {
  watchRequests();
  server = createServer((request, response) => {
    received.push(request.url ?? '');
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function fetchText(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

test('a request made in this turn is not written out yet; afterRequestsSent resolves once it is, before work after it could hold it back', async () => {
  const answer = fetchText('/a');
  await new Promise<void>((resolve) => process.nextTick(resolve));
  assert.is(requestsInFlight(), 1, 'the request is watched once started, before it is written out');
  await afterRequestsSent();
  assert.is(requestsInFlight(), 0, 'written out when afterRequestsSent resolves');
  assert.is(await answer, 'ok');
  assert.equal(received.slice(-1), ['/a']);
});

test('requestsSent resolves at once when no request is pending', async () => {
  assert.is(requestsInFlight(), 0);
  let resolved = false;
  const waiting = requestsSent(60_000).then(() => (resolved = true));
  await Promise.resolve();
  await Promise.resolve();
  assert.ok(resolved, 'resolved within the same turn, without its cap');
  await waiting;
});

test('a request whose socket takes no bytes does not hold the caller past the cap, and is forgotten once it ends', async () => {
  // A socket whose writes never complete: the request's headers are never written out ('finish' never comes).
  const stuck = new Duplex({ read() {}, write() {} });
  const request = get(`${base}/never`, { createConnection: () => stuck as unknown as Socket });
  request.on('error', () => undefined);
  await afterRequestsSent(80);
  assert.is(requestsInFlight(), 1, 'resolved by its cap: the request is still not written out');
  const closed = new Promise((resolve) => request.once('close', resolve));
  request.destroy();
  await closed;
  assert.is(requestsInFlight(), 0);
  stuck.destroy();
});

test.run();
