import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageVersion } from '../../src/base/packageRoot.js';
import { UsageError } from '../../src/base/errors.js';
import { PlexClient } from '../../src/plex/client.js';
import { PlexHttpClient } from '../../src/plex/httpClient.js';
import { plexPlatformName } from '../../src/plex/clientIdentity.js';
import { container, plexUnauthorizedPage, refusedUrl, sendJson, sendText, startTestServer, testIdentity, type TestHandler } from '../helpers/plexTestServer.js';

const token = 'sEcReT-t0ken-4242';

async function failure(run: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

/** Runs `call` on a PlexClient against a server answering with `handler`, and returns the error it throws. */
async function clientFailure(handler: TestHandler, call: (client: PlexClient) => Promise<unknown>, serverName?: string) {
  const server = await startTestServer(handler);
  const client = new PlexClient({ baseUrl: server.url, token, identity: testIdentity, retries: 1, retryBaseDelayMs: 1, timeoutMs: 300, ...(serverName ? { serverName } : {}) });
  try {
    return await failure(() => call(client));
  } finally {
    client.dispose();
    await server.close();
  }
}

function assertNoToken(error: unknown): void {
  const shown = error as Error;
  for (const text of [shown.message, shown.stack ?? '', JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }), String(error)]) {
    assert.not.ok(text.includes(token), `token leaked in: ${text.slice(0, 300)}`);
  }
}

test('every request carries the identity headers, Accept JSON and the token as a header only', async () => {
  const server = await startTestServer((_request, response) => sendJson(response, 200, container({ machineIdentifier: 'abc', version: '1' })));
  const client = new PlexClient({ baseUrl: server.url, token, identity: { clientIdentifier: 'client-1' } });
  try {
    await client.identity();
    const [request] = server.requests;
    assert.ok(request);
    assert.is(request.headers['x-plex-product'], 'plexterm');
    assert.is(request.headers['x-plex-version'], packageVersion());
    assert.is(request.headers['x-plex-client-identifier'], 'client-1');
    assert.is(request.headers['x-plex-platform'], plexPlatformName());
    assert.ok(request.headers['x-plex-device-name']);
    assert.is(request.headers.accept, 'application/json');
    assert.is(request.headers['x-plex-token'], token);
    assert.not.ok(request.url.includes(token), 'token not in the URL');
  } finally {
    client.dispose();
    await server.close();
  }
});

test('platform names follow Plex', () => {
  assert.is(plexPlatformName('linux'), 'Linux');
  assert.is(plexPlatformName('darwin'), 'macOS');
  assert.is(plexPlatformName('win32'), 'Windows');
});

test("Plex's HTML 401 page is an unauthorized error naming the server", async () => {
  const error = await clientFailure((_request, response) => sendText(response, 401, plexUnauthorizedPage), (client) => client.sections(), 'Living Room');
  assert.is(error.code, 'unauthorized');
  assert.is(error.message, 'Living Room rejected the token (HTTP 401): run plexterm login');
  assertNoToken(error);
});

test('403 is unauthorized too, naming host:port when the name is unknown', async () => {
  const error = await clientFailure((_request, response) => sendText(response, 403, 'no'), (client) => client.sections());
  assert.is(error.code, 'unauthorized');
  assert.match(error.message, /^127\.0\.0\.1:\d+ rejected the token \(HTTP 403\): run plexterm login$/);
});

const malformedAnswers: [string, TestHandler, string][] = [
  ['an HTML page', (_request, response) => sendText(response, 200, '<!DOCTYPE html><html><body>Captive portal</body></html>'), 'sent an HTML page where JSON was expected (GET /library/sections)'],
  ['broken JSON', (_request, response) => sendText(response, 200, '{"MediaContainer": {', 'application/json'), 'sent invalid JSON'],
  ['JSON without a MediaContainer', (_request, response) => sendJson(response, 200, { hello: 'world' }), 'JSON without a MediaContainer'],
  ['XML from a server that ignored Accept', (_request, response) => sendText(response, 200, '<?xml version="1.0"?><MediaContainer size="0"/>', 'text/xml'), 'XML where JSON was expected'],
  ['a list field that is not a list', (_request, response) => sendJson(response, 200, container({ Directory: 'nope' })), 'whose Directory is not a list'],
];

for (const [what, handler, expected] of malformedAnswers) {
  test(`${what} is a one-line malformed error, not a crash`, async () => {
    const error = await clientFailure(handler, (client) => client.sections());
    assert.is(error.code, 'malformed');
    assert.match(error.message, expected);
    assert.not.ok(error.message.includes('\n'));
  });
}

test('5xx errors carry the status and a short sanitized hint of the body, without the token', async () => {
  const body = `<html><body><h1>Internal error</h1><p>token=${token} failed ${'x'.repeat(500)}</p></body></html>`;
  const error = await clientFailure((_request, response) => sendText(response, 500, body), (client) => client.sections());
  assert.is(error.code, 'server');
  assert.match(error.message, 'HTTP 500 on GET /library/sections: Internal error');
  assert.ok(error.message.length < 200, error.message);
  assert.not.ok(error.message.includes('\n'));
  assertNoToken(error);
});

test('a refused connection is a network error naming host:port, without the token', async () => {
  const url = await refusedUrl();
  const client = new PlexClient({ baseUrl: url, token, identity: testIdentity, retries: 1, retryBaseDelayMs: 1 });
  try {
    const error = await failure(() => client.sections());
    assert.is(error.code, 'network');
    assert.match(error.message, `cannot connect to ${new URL(url).host}: connection refused`);
    assertNoToken(error);
  } finally {
    client.dispose();
  }
});

test('no error of any kind leaks the token, even through the query string', async () => {
  const handlers: TestHandler[] = [
    (_request, response) => sendText(response, 401, plexUnauthorizedPage),
    (_request, response) => sendText(response, 404, 'not here'),
    (_request, response) => sendText(response, 502, `bad gateway X-Plex-Token: ${token}`),
    (_request, response) => sendText(response, 200, '<html>x</html>'),
    () => undefined, // timeout
    (_request, _response, incoming) => void incoming.socket.destroy(),
  ];
  for (const handler of handlers) {
    const error = await clientFailure(handler, (client) => client.request(`/library/sections?X-Plex-Token=${token}`));
    assert.ok(error.code, error.message);
    assertNoToken(error);
  }
});

test('a 404 on metadata is not-found naming the ratingKey', async () => {
  const error = await clientFailure((_request, response) => sendText(response, 404, 'Not Found'), (client) => client.metadata('4711'), 'Den');
  assert.is(error.code, 'not-found');
  assert.is(error.message, 'Den has no item with ratingKey 4711');
});

test('a client refuses requests after dispose, and dispose is idempotent', async () => {
  const server = await startTestServer((_request, response) => sendJson(response, 200, container()));
  const client = new PlexHttpClient({ baseUrl: server.url, identity: testIdentity });
  await client.send('/');
  client.dispose();
  client.dispose();
  const error = await failure(() => client.send('/'));
  assert.is(error.code, 'disposed');
  await server.close();
});

test('an address that is not http(s) is a usage error', () => {
  assert.throws(() => new PlexClient({ baseUrl: 'ftp://x', identity: testIdentity }), /is a ftp address; plexterm talks to Plex over http/);
  assert.throws(() => new PlexClient({ baseUrl: 'nonsense', identity: testIdentity }), /is not an address; give it as http:\/\/host:port/);
});

test('an address with credentials, a query or a fragment is a usage error that never repeats it', () => {
  for (const baseUrl of ['http://someone:hunter2@127.0.0.1:32400', 'http://127.0.0.1:32400/?hunter2', 'http://127.0.0.1:32400/#hunter2']) {
    const error = (() => {
      try {
        new PlexClient({ baseUrl, identity: testIdentity });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    assert.instance(error, UsageError, baseUrl);
    assert.not.match(String((error as Error).message), /hunter2|someone/, baseUrl);
  }
});

test.run();
