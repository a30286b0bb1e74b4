import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlextermError } from '../../src/base/errors.js';
import { PlexHttpClient, type HttpClientOptions, type HttpRequestOptions } from '../../src/plex/httpClient.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from '../../src/plex/retryPolicy.js';
import { container, sendJson, sendText, startTestServer, testIdentity, type TestHandler } from '../helpers/plexTestServer.js';

const fast: Partial<HttpClientOptions> = { retries: 3, retryBaseDelayMs: 1, timeoutMs: 2000 };

/** Runs one request against a server answering with `handler`; returns the attempts and the outcome. */
async function attempt(handler: TestHandler, options: Partial<HttpClientOptions> = {}, request: HttpRequestOptions = {}) {
  const server = await startTestServer(handler);
  const client = new PlexHttpClient({ baseUrl: server.url, identity: testIdentity, ...fast, ...options });
  try {
    const response = await client.send('/thing', request).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: error as PlextermError }),
    );
    return { attempts: server.count('/thing'), response };
  } finally {
    client.dispose();
    await server.close();
  }
}

const failFirst =
  (times: number, status: number, headers: Record<string, string> = {}): TestHandler =>
  (request, response) => {
    if (request.attempt <= times) sendText(response, status, 'busy', 'text/plain', headers);
    else sendJson(response, 200, container({ answered: request.attempt }));
  };

test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.is(parseRetryAfterMs('2', now), 2000);
  assert.is(parseRetryAfterMs('0', now), 0);
  assert.is(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
  assert.is(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a date in the past means now');
  assert.is(parseRetryAfterMs('soon', now), undefined);
  assert.is(parseRetryAfterMs(undefined, now), undefined);
});

test('backoff doubles, with jitter between half and all of it', () => {
  assert.is(backoffDelayMs(1, 100, () => 0), 50);
  assert.is(backoffDelayMs(1, 100, () => 1), 100);
  assert.is(backoffDelayMs(3, 100, () => 0), 200);
  assert.is(backoffDelayMs(3, 100, () => 1), 400);
  assert.ok(backoffDelayMs(40, 100, () => 1) <= 30_000, 'capped');
});

test('retryable statuses: 429 and 5xx except 501/505; never 4xx', () => {
  for (const status of [429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(status), String(status));
  for (const status of [400, 401, 403, 404, 501, 505]) assert.not.ok(isRetryableStatus(status), String(status));
});

for (const status of [500, 502, 503, 504]) {
  test(`HTTP ${status} is retried until it passes`, async () => {
    const { attempts, response } = await attempt(failFirst(2, status));
    assert.is(attempts, 3);
    assert.ok(response.ok);
  });
}

test('HTTP 503 that never passes: 1 + retries attempts, then a server error', async () => {
  const { attempts, response } = await attempt(failFirst(99, 503));
  assert.is(attempts, 4);
  assert.not.ok(response.ok);
  if (!response.ok) {
    assert.is(response.error.code, 'server');
    assert.match(response.error.message, 'HTTP 503');
    assert.match(response.error.message, 'busy');
  }
});

for (const status of [400, 401, 403, 404]) {
  test(`HTTP ${status} is never retried`, async () => {
    const { attempts, response } = await attempt(failFirst(99, status));
    assert.is(attempts, 1);
    assert.not.ok(response.ok);
  });
}

test('HTTP 429 is retried after Retry-After in seconds', async () => {
  const { attempts, response } = await attempt(failFirst(1, 429, { 'Retry-After': '1' }));
  assert.is(attempts, 2);
  assert.ok(response.ok);
});

test('HTTP 429 is retried after Retry-After as an HTTP date', async () => {
  const handler: TestHandler = (request, response) => {
    const soon = new Date(Date.now() + 1000).toUTCString();
    if (request.attempt === 1) sendText(response, 429, 'slow down', 'text/plain', { 'Retry-After': soon });
    else sendJson(response, 200, container());
  };
  const { attempts, response } = await attempt(handler);
  assert.is(attempts, 2);
  assert.ok(response.ok);
});

test('a Retry-After beyond the cap is not waited for: rate-limited at once', async () => {
  const { attempts, response } = await attempt(failFirst(99, 429, { 'Retry-After': '3600' }), { maxRetryAfterMs: 1000 });
  assert.is(attempts, 1);
  assert.not.ok(response.ok);
  if (!response.ok) {
    assert.is(response.error.code, 'rate-limited');
    assert.match(response.error.message, 'try again in 3600 s');
  }
});

test('the timeout is per attempt: two stalled attempts, the third answers', async () => {
  // Stalled requests are never answered; closing the server destroys them.
  const handler: TestHandler = (request, response) => {
    if (request.attempt > 2) sendJson(response, 200, container());
  };
  // The request's own deadline is set far off: this is about each attempt's.
  const { attempts, response } = await attempt(handler, { timeoutMs: 300, requestTimeoutMs: 60_000 });
  assert.is(attempts, 3);
  assert.ok(response.ok, response.ok ? '' : response.error.message);
});

test('a request that always stalls ends as a timeout error naming the host', async () => {
  const { attempts, response } = await attempt(() => undefined, { timeoutMs: 300, retries: 1 });
  assert.is(attempts, 2);
  assert.not.ok(response.ok);
  if (!response.ok) {
    assert.is(response.error.code, 'timeout');
    assert.match(response.error.message, /^127\.0\.0\.1:\d+ did not answer within 0\.3 s$/);
  }
});

test('a reset connection is retried', async () => {
  const handler: TestHandler = (request, response, incoming) => {
    if (request.attempt === 1) incoming.socket.destroy();
    else sendJson(response, 200, container());
  };
  const { attempts, response } = await attempt(handler);
  assert.is(attempts, 2);
  assert.ok(response.ok);
});

test('POST is not retried, even on 503 or a reset', async () => {
  const first = await attempt(failFirst(99, 503), {}, { method: 'POST' });
  assert.is(first.attempts, 1);
  const reset = await attempt((_request, _response, incoming) => void incoming.socket.destroy(), {}, { method: 'POST' });
  assert.is(reset.attempts, 1);
  assert.not.ok(reset.response.ok);
  if (!reset.response.ok) assert.is(reset.response.error.code, 'network');
});

test('a POST marked idempotent is retried', async () => {
  const { attempts, response } = await attempt(failFirst(1, 503), {}, { method: 'POST', idempotent: true });
  assert.is(attempts, 2);
  assert.ok(response.ok);
});

test('PUT and DELETE are retried', async () => {
  for (const method of ['PUT', 'DELETE'] as const) {
    const { attempts } = await attempt(failFirst(1, 500), {}, { method });
    assert.is(attempts, 2, method);
  }
});

test('retries: 0 sends exactly one attempt', async () => {
  const { attempts } = await attempt(failFirst(99, 500), { retries: 0 });
  assert.is(attempts, 1);
});

test.run();
