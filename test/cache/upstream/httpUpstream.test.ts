// HttpUpstream against the real demo server: exact bytes, past 2^32, ignore-range, cuts, aborts, errors without the token, never HEAD.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpUpstream, type HttpUpstreamOptions } from '../../../src/cache/upstream/httpUpstream.js';
import type { UpstreamResponse } from '../../../src/cache/upstream/upstream.js';
import { syntheticBytes, type DemoServer, type DemoServerOptions } from '../../../src/demo/index.js';
import { withDemo } from '../../helpers/demoServer.js';
import { testIdentity } from '../../helpers/plexTestServer.js';
import { assertNoHead, assertRetriedThrough5xx, hugeSize, labPart, requestsFor, withQuirkyLabPart, type LabPart } from '../../helpers/cacheLab.js';
import { rejection } from '../../helpers/plexTvFake.js';
import { assertSecretFree } from '../../helpers/secretFree.js';

const mebibyte = 1024 * 1024;

function upstreamFor(server: DemoServer, part: LabPart, options: Partial<HttpUpstreamOptions> = {}): HttpUpstream {
  return new HttpUpstream({ baseUrl: server.url, path: part.key, token: server.token, identity: testIdentity, retryBaseDelayMs: 5, ...options });
}

/** Runs `body` with a demo server (request log on) and an upstream for its part of `size` bytes; closes both and checks no HEAD was sent. */
async function withUpstream(
  serverOptions: DemoServerOptions,
  size: number,
  body: (upstream: HttpUpstream, server: DemoServer, part: LabPart) => Promise<void>,
  upstreamOptions: Partial<HttpUpstreamOptions> = {},
): Promise<void> {
  await withDemo({ inspect: true, ...serverOptions }, async (server) => {
    const part = await labPart(server, size);
    const upstream = upstreamFor(server, part, upstreamOptions);
    try {
      await body(upstream, server, part);
    } finally {
      upstream.dispose();
    }
    await assertNoHead(server);
  });
}

async function readAll(response: UpstreamResponse): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of response.body) pieces.push(piece);
  return Buffer.concat(pieces);
}

const signal = (): AbortSignal => new AbortController().signal;

test('ranges of 7,340,033 bytes: exact bytes, start and total, including the last byte and an open end', async () => {
  await withUpstream({}, 7_340_033, async (upstream, server, part) => {
    const total = part.size;
    const cases: [number, number | undefined][] = [[0, 1], [1000, 71_000], [total - 1, total], [total - 100_000, undefined], [4 * mebibyte - 3, 4 * mebibyte + 5]];
    for (const [start, end] of cases) {
      const response = await upstream.fetchRange(start, end, signal());
      assert.is(response.status, 206);
      assert.is(response.start, start);
      assert.is(response.totalSize, total);
      assert.ok(response.etag);
      const bytes = await readAll(response);
      assert.ok(bytes.equals(syntheticBytes(part.id, start, (end ?? total) - start)), `bytes ${start}-${end ?? ''}`);
    }
    const logged = await requestsFor(server, part.key, cases.length);
    assert.equal(logged.map((request) => request.range), ['bytes=0-0', 'bytes=1000-70999', `bytes=${total - 1}-${total - 1}`, `bytes=${total - 100_000}-`, `bytes=${4 * mebibyte - 3}-${4 * mebibyte + 4}`]);
  });
});

test('the 1-byte part, whole and open-ended', async () => {
  await withUpstream({}, 1, async (upstream, _server, part) => {
    for (const end of [1, undefined]) {
      const response = await upstream.fetchRange(0, end, signal());
      assert.is(response.totalSize, 1);
      assert.ok((await readAll(response)).equals(syntheticBytes(part.id, 0, 1)));
    }
  });
});

test('past 2^32: offsets and the total are not 32-bit', async () => {
  await withUpstream({}, hugeSize, async (upstream, _server, part) => {
    for (const start of [2 ** 32 + 10, hugeSize - 1]) {
      const end = Math.min(start + 1000, hugeSize);
      const response = await upstream.fetchRange(start, end, signal());
      assert.is(response.start, start);
      assert.is(response.totalSize, hugeSize);
      assert.ok((await readAll(response)).equals(syntheticBytes(part.id, start, end - start)));
    }
  });
});

test('ignore-range: 200 from byte 0 with the total from Content-Length; leaving early frees the connection', async () => {
  await withUpstream({ quirks: { ignoreRange: true } }, 64 * mebibyte, async (upstream, server, part) => {
    const response = await upstream.fetchRange(1000, 2000, signal());
    assert.is(response.status, 200);
    assert.is(response.start, 0);
    assert.is(response.totalSize, part.size);
    let received = Buffer.alloc(0);
    for await (const piece of response.body) {
      received = Buffer.concat([received, piece]);
      if (received.length >= 2000) break;
    }
    assert.ok(received.equals(syntheticBytes(part.id, 0, received.length)));
    const [logged] = await requestsFor(server, part.key);
    assert.is(logged?.status, 200);
  });
});

test('drop-after: the body throws a retryable network error, and the bytes before the cut are right', async () => {
  await withUpstream({ quirks: { dropAfter: 100_000 } }, 7_340_033, async (upstream, _server, part) => {
    const response = await upstream.fetchRange(5000, 5000 + mebibyte, signal());
    const pieces: Uint8Array[] = [];
    const error = await rejection((async () => {
      for await (const piece of response.body) pieces.push(piece);
    })());
    const received = Buffer.concat(pieces);
    assert.ok(received.length < mebibyte);
    assert.ok(received.equals(syntheticBytes(part.id, 5000, received.length)));
    assert.is(error.code, 'network');
    assert.is(error.retryable, true);
    assert.match(error.message, /closed the connection after \d+ of 1048576 bytes/);
  });
});

test('aborting mid-body ends the body with `aborted` and closes the connection', async () => {
  await withUpstream({ rateBytesPerSecond: 256 * 1024 }, 64 * mebibyte, async (upstream, server, part) => {
    const controller = new AbortController();
    const response = await upstream.fetchRange(0, 64 * mebibyte, controller.signal);
    const iterator = response.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.not.ok(first.done);
    controller.abort();
    const error = await rejection(iterator.next());
    assert.is(error.code, 'aborted');
    // The server logs a request when its connection closes: 64 MiB at this rate would take minutes.
    const [logged] = await requestsFor(server, part.key);
    assert.is(logged?.range, `bytes=0-${64 * mebibyte - 1}`);
  });
});

test('a body that stalls throws `timeout` instead of hanging', async () => {
  // One byte a second against a 200 ms silence limit.
  await withUpstream({ rateBytesPerSecond: 1 }, 1000, async (upstream, server, part) => {
    const response = await upstream.fetchRange(0, 1000, signal());
    const error = await rejection(readAll(response));
    assert.is(error.code, 'timeout');
    assert.is(error.retryable, true);
    assert.match(error.message, /sent nothing for 0\.2 s/);
    await requestsFor(server, part.key);
  }, { idleTimeoutMs: 200 });
});

test('aborting before the body is read, and a signal aborted up front', async () => {
  await withUpstream({ rateBytesPerSecond: 256 * 1024 }, 64 * mebibyte, async (upstream, server, part) => {
    const controller = new AbortController();
    const response = await upstream.fetchRange(0, undefined, controller.signal);
    controller.abort();
    assert.is((await rejection(readAll(response))).code, 'aborted');
    await requestsFor(server, part.key);
    const early = new AbortController();
    early.abort();
    assert.is((await rejection(upstream.fetchRange(0, 10, early.signal))).code, 'aborted');
  });
});

test('416 past the end: a clear error, not retried', async () => {
  await withUpstream({}, 1000, async (upstream, server, part) => {
    const error = await rejection(upstream.fetchRange(1000, 2000, signal()));
    assert.is(error.code, 'range-not-satisfiable');
    assert.is(error.retryable, false);
    assert.match(error.message, /HTTP 416/);
    assert.is((await requestsFor(server, part.key)).length, 1);
  });
});

test('a wrong token: `unauthorized` at once, one request, and the token shows nowhere in the error', async () => {
  const wrongToken = 'wrong-token-4f9d2a7c1b';
  await withUpstream({}, 1000, async (upstream, server, part) => {
    const error = await rejection(upstream.fetchRange(0, 10, signal()));
    assert.is(error.code, 'unauthorized');
    assert.match(error.message, /plexterm login/);
    assertSecretFree(error, wrongToken, server.token);
    assert.is((await requestsFor(server, part.key)).length, 1);
  }, { token: wrongToken, retries: 5 });
});

test('an unknown part: `not-found` at once', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const path = '/library/parts/999999/1/file.mkv';
    const upstream = new HttpUpstream({ baseUrl: server.url, path, token: server.token, identity: testIdentity, retries: 5 });
    try {
      const error = await rejection(upstream.fetchRange(0, 10, signal()));
      assert.is(error.code, 'not-found');
      assertSecretFree(error, server.token);
    } finally {
      upstream.dispose();
    }
    assert.is((await requestsFor(server, path)).length, 1);
    await assertNoHead(server);
  });
});

test('flaky 5xx answers are retried to the right bytes', async () => {
  await withQuirkyLabPart({ inspect: true, quirks: { flaky: 0.5 }, seed: 3 }, 7_340_033, async (server, part) => {
    const upstream = upstreamFor(server, part, { retries: 10 });
    try {
      for (const start of [0, 100_000, 2 * mebibyte]) {
        const response = await upstream.fetchRange(start, start + 50_000, signal());
        assert.ok((await readAll(response)).equals(syntheticBytes(part.id, start, 50_000)));
      }
      await assertRetriedThrough5xx(server, part.key, 3);
    } finally {
      upstream.dispose();
    }
  });
});

test('a plain URL: no token header, redirects allowed; a token in its query stays out of messages', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const part = await labPart(server, 1000);
    const withQuery = HttpUpstream.forUrl(`${server.url}${part.key}?X-Plex-Token=${server.token}`);
    const without = HttpUpstream.forUrl(`${server.url}${part.key}`);
    try {
      const response = await withQuery.fetchRange(10, 20, signal());
      assert.ok((await readAll(response)).equals(syntheticBytes(part.id, 10, 10)));
      const error = await rejection(without.fetchRange(0, 10, signal()));
      assert.is(error.code, 'unauthorized');
      assert.match(error.message, /credentials/);
      assertSecretFree(error, server.token);
    } finally {
      withQuery.dispose();
      without.dispose();
    }
    await assertNoHead(server);
  });
});

test('a server that is gone: `network` after the retries, the token nowhere', async () => {
  const { url, token } = await withDemo({}, async (server) => ({ url: server.url, token: server.token }));
  const upstream = new HttpUpstream({ baseUrl: url, path: '/library/parts/1/1/file.mkv', token, retries: 2, retryBaseDelayMs: 1 });
  try {
    const error = await rejection(upstream.fetchRange(0, 10, signal()));
    assert.is(error.code, 'network');
    assertSecretFree(error, token);
  } finally {
    upstream.dispose();
  }
});

test('bad ranges and a disposed upstream are refused without a request', async () => {
  const upstream = new HttpUpstream({ baseUrl: 'http://127.0.0.1:9', path: '/file' });
  assert.is((await rejection(upstream.fetchRange(10, 10, signal()))).code, 'invalid-range');
  assert.is((await rejection(upstream.fetchRange(-1, 10, signal()))).code, 'invalid-range');
  upstream.dispose();
  assert.is((await rejection(upstream.fetchRange(0, 10, signal()))).code, 'disposed');
  assert.throws(() => HttpUpstream.forUrl('ftp://example.com/file'), /not an http\(s\) address/);
});

test.run();
