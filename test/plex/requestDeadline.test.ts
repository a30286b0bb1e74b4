// The deadlines of API requests against real servers on 127.0.0.1: a body that drips, a request whose retries run long, a huge answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlexHttpClient, type HttpClientOptions } from '../../src/plex/httpClient.js';
import { settlesWithin } from '../helpers/downloaderHarness.js';
import { drippingJson, flowingJson, hugeJson } from '../helpers/hostileAnswers.js';
import { rejection } from '../helpers/plexTvFake.js';
import { container, sendJson, sendText, startTestServer, testIdentity, type TestHandler } from '../helpers/plexTestServer.js';

async function send(handler: TestHandler, options: Partial<HttpClientOptions>) {
  const server = await startTestServer(handler);
  const client = new PlexHttpClient({ baseUrl: server.url, identity: testIdentity, retryBaseDelayMs: 1, ...options });
  try {
    const error = await settlesWithin(rejection(client.send('/library/sections')), 'the request');
    return { error, attempts: server.count('/library/sections') };
  } finally {
    client.dispose();
    await server.close();
  }
}

test('a body that drips a byte at a time fails as a timeout: the deadline covers the whole answer', async () => {
  const { error, attempts } = await send(drippingJson(50), { timeoutMs: 300, retries: 1 });
  assert.is(error.code, 'timeout');
  assert.match(error.message, /^127\.0\.0\.1:\d+ did not answer within 0\.3 s$/);
  // Each attempt has its own deadline: the timeout is retried like any other.
  assert.is(attempts, 2);
});

test('a body that keeps coming past the timeout fails as a timeout, each retry with a deadline of its own', async () => {
  // 32 KiB every 50 ms without end: 64 KiB in every 100 ms, ten times what a deadline per 64 KiB asked, yet never a whole answer.
  const { error, attempts } = await send(flowingJson(32 * 1024, 50), { timeoutMs: 1000, retries: 1 });
  assert.is(error.code, 'timeout');
  assert.match(error.message, /^127\.0\.0\.1:\d+ did not answer within 1 s$/);
  assert.is(attempts, 2);
});

test('a request with all its retries ends at its own deadline', async () => {
  // Ten retries of 200 ms each would take two seconds; the request may take 500 ms.
  const { error, attempts } = await send(() => undefined, { timeoutMs: 200, requestTimeoutMs: 500, retries: 10 });
  assert.is(error.code, 'timeout');
  assert.ok(attempts >= 1 && attempts <= 3, `${attempts} attempts in a 500 ms budget of 200 ms attempts`);
});

test('a Retry-After past the request deadline is not waited for', async () => {
  const rateLimited: TestHandler = (_request, response) => sendText(response, 429, 'slow down', 'text/plain', { 'Retry-After': '20' });
  const { error, attempts } = await send(rateLimited, { timeoutMs: 1000, requestTimeoutMs: 3000, maxRetryAfterMs: 60_000, retries: 3 });
  assert.is(error.code, 'rate-limited');
  assert.match(error.message, 'try again in 20 s');
  assert.is(attempts, 1);
});

test('an answer over the cap fails with one clear line, without being read whole', async () => {
  const { error, attempts } = await send(hugeJson(8 * 1024 * 1024), { timeoutMs: 20_000, maxAnswerBytes: 1024 * 1024 });
  assert.is(error.code, 'answer-too-large');
  assert.match(error.message, /^127\.0\.0\.1:\d+ sent more than 1\.0 MiB for GET \/library\/sections; plexterm reads at most that \(setting "maxAnswerSize" in config\.json\)$/);
  // Not a transient failure: asking again would only read the same megabytes again.
  assert.is(attempts, 1);
});

test('an answer under the cap is read as usual', async () => {
  const server = await startTestServer((_request, response) => sendJson(response, 200, container({ padding: ' '.repeat(100_000) })));
  const client = new PlexHttpClient({ baseUrl: server.url, identity: testIdentity, maxAnswerBytes: 200_000 });
  try {
    const answer = await client.send('/library/sections');
    assert.is(answer.status, 200);
  } finally {
    client.dispose();
    await server.close();
  }
});

test.run();
