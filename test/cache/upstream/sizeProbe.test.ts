// probeSize against the real demo server: one GET bytes=0-N (bytes=0-0 by default) and never HEAD, totals past 2^32, quirks, metadata, errors without the token.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpUpstream, type HttpUpstreamOptions } from '../../../src/cache/upstream/httpUpstream.js';
import { isServerUnreachable } from '../../../src/plex/plexErrors.js';
import { probeSize, type ProbeResult } from '../../../src/cache/upstream/sizeProbe.js';
import { syntheticBytes, type DemoServer, type DemoServerOptions } from '../../../src/demo/index.js';
import { withDemo } from '../../helpers/demoServer.js';
import { testIdentity } from '../../helpers/plexTestServer.js';
import { assertNoHead, assertRetriedThrough5xx, hugeSize, labPart, requestsFor, withQuirkyLabPart, type LabPart } from '../../helpers/cacheLab.js';
import { rejection } from '../../helpers/plexTvFake.js';
import { assertSecretFree } from '../../helpers/secretFree.js';

function optionsFor(server: DemoServer, part: LabPart, extra: Partial<HttpUpstreamOptions> = {}): HttpUpstreamOptions {
  return { baseUrl: server.url, path: part.key, token: server.token, identity: testIdentity, retryBaseDelayMs: 5, ...extra };
}

/** Probes the part of `size` bytes on a fresh server; checks the request log: exactly `requests` GETs of bytes=0-0, no HEAD. */
async function probeOn(serverOptions: DemoServerOptions, size: number, metadataSize?: number | null, requests = 1): Promise<{ result: ProbeResult; part: LabPart }> {
  return withDemo({ inspect: true, ...serverOptions }, async (server) => {
    const part = await labPart(server, size);
    const result = await probeSize(optionsFor(server, part), { metadataSize });
    const logged = await requestsFor(server, part.key, requests);
    assert.is(logged.length, requests);
    assert.ok(logged.every((request) => request.method === 'GET' && request.range === 'bytes=0-0'));
    await assertNoHead(server);
    return { result, part };
  });
}

test('206: the total from Content-Range for 1 B, 7,340,033 B and past 2^32, with ETag and Last-Modified', async () => {
  for (const size of [1, 7_340_033, hugeSize]) {
    const { result } = await probeOn({}, size);
    assert.is(result.totalSize, size);
    assert.is(result.rangeSupport, true);
    assert.is(result.source, 'content-range');
    assert.ok(result.etag);
    assert.ok(result.lastModified);
    assert.is(result.disagreement, undefined);
  }
});

test('ignore-range: 200, the total from Content-Length, no range support, and the 4 GiB body is not downloaded', async () => {
  // At 1 MB/s the whole body would take over an hour. The upstream stays open while the log is read,
  // so the entry (written when the connection closes) shows that the probe itself let go of the body.
  await withDemo({ inspect: true, quirks: { ignoreRange: true }, rateBytesPerSecond: 1_000_000 }, async (server) => {
    const part = await labPart(server, hugeSize);
    const upstream = new HttpUpstream(optionsFor(server, part));
    try {
      const result = await probeSize(upstream);
      assert.equal(result, { totalSize: hugeSize, rangeSupport: false, etag: result.etag, lastModified: result.lastModified, source: 'content-length' });
      assert.ok(result.etag);
      const logged = await requestsFor(server, part.key);
      assert.equal(logged, [{ method: 'GET', path: part.key, range: 'bytes=0-0', status: 200 }]);
    } finally {
      upstream.dispose();
    }
    await assertNoHead(server);
  });
});

test('unknown total (bytes 0-0/*): the metadata size when given, otherwise unknown', async () => {
  const unknown = await probeOn({ quirks: { unknownTotal: true } }, 7_340_033);
  assert.is(unknown.result.totalSize, null);
  assert.is(unknown.result.source, 'unknown');
  assert.is(unknown.result.rangeSupport, true);
  const nullMetadata = await probeOn({ quirks: { unknownTotal: true } }, 7_340_033, null);
  assert.is(nullMetadata.result.source, 'unknown');
  const fromMetadata = await probeOn({ quirks: { unknownTotal: true } }, 7_340_033, 7_340_033);
  assert.is(fromMetadata.result.totalSize, 7_340_033);
  assert.is(fromMetadata.result.source, 'metadata');
  assert.is(fromMetadata.result.disagreement, undefined);
});

test('the probe and the metadata disagree: the probe wins and the difference is reported', async () => {
  const { result } = await probeOn({}, 1000, 1234);
  assert.is(result.totalSize, 1000);
  assert.equal(result.disagreement, { probe: 1000, metadata: 1234 });
  const agreeing = await probeOn({ quirks: { ignoreRange: true } }, 1000, 1000);
  assert.is(agreeing.result.disagreement, undefined);
  const ignoring = await probeOn({ quirks: { ignoreRange: true } }, 1000, 999);
  assert.equal(ignoring.result.disagreement, { probe: 1000, metadata: 999 });
});

test('a wrong token: `unauthorized` after exactly one request, the token nowhere in the error', async () => {
  const wrongToken = 'not-the-token-8c1e5a93f0';
  await withDemo({ inspect: true }, async (server) => {
    const part = await labPart(server, 1000);
    const error = await rejection(probeSize(optionsFor(server, part, { token: wrongToken, retries: 5 })));
    assert.is(error.code, 'unauthorized');
    assert.not.ok(isServerUnreachable(error));
    assertSecretFree(error, wrongToken, server.token);
    const logged = await requestsFor(server, part.key);
    assert.equal(logged, [{ method: 'GET', path: part.key, range: 'bytes=0-0', status: 401 }]);
  });
});

test('an unknown part: `not-found` at once', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const part = { id: 999_999, key: '/library/parts/999999/1/file.mkv', size: 1 };
    const error = await rejection(probeSize(optionsFor(server, part, { retries: 5 })));
    assert.is(error.code, 'not-found');
    assert.is((await requestsFor(server, part.key)).length, 1);
    await assertNoHead(server);
  });
});

test('flaky 5xx answers are retried to success', async () => {
  await withQuirkyLabPart({ inspect: true, quirks: { flaky: 0.6 }, seed: 11 }, 7_340_033, async (server, part) => {
    const upstream = new HttpUpstream(optionsFor(server, part, { retries: 12 }));
    try {
      for (let round = 0; round < 5; round += 1) assert.is((await probeSize(upstream, { metadataSize: 7_340_033 })).totalSize, 7_340_033);
      await assertRetriedThrough5xx(server, part.key, 5);
    } finally {
      upstream.dispose();
    }
  });
});

test('slow-start 503s are retried until the server is up', async () => {
  await withQuirkyLabPart({ inspect: true, quirks: { slowStart: 0.4 } }, 1000, async (server, part) => {
    const result = await probeSize(optionsFor(server, part, { retries: 10, retryBaseDelayMs: 50 }));
    assert.is(result.totalSize, 1000);
    const logged = await requestsFor(server, part.key, 2);
    assert.is(logged[0]?.status, 503);
    assert.is(logged.at(-1)?.status, 206);
    await assertNoHead(server);
  });
});

test('an unreachable server or a late answer is `network` / `timeout`: the caller may play offline', async () => {
  const { url, token } = await withDemo({}, async (server) => ({ url: server.url, token: server.token }));
  const gone = await rejection(probeSize({ baseUrl: url, path: '/library/parts/1/1/file.mkv', token, retries: 1, retryBaseDelayMs: 1 }));
  assert.is(gone.code, 'network');
  assert.ok(isServerUnreachable(gone));
  assertSecretFree(gone, token);
  await withDemo({ inspect: true, latencyMs: 5000 }, async (server) => {
    const part = { id: 1, key: '/library/parts/1/1/file.mkv', size: 1 };
    const late = await rejection(probeSize(optionsFor(server, part, { timeoutMs: 100, retries: 0 })));
    assert.is(late.code, 'timeout');
    assert.ok(isServerUnreachable(late));
  });
  assert.not.ok(isServerUnreachable(new Error('plain')));
});

test('a probe through a shared upstream leaves it usable for the bytes that follow', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const part = await labPart(server, 7_340_033);
    const upstream = new HttpUpstream(optionsFor(server, part));
    try {
      const result = await probeSize(upstream);
      assert.is(result.totalSize, part.size);
      const response = await upstream.fetchRange(part.size - 10, undefined, new AbortController().signal);
      const pieces: Uint8Array[] = [];
      for await (const piece of response.body) pieces.push(piece);
      assert.ok(Buffer.concat(pieces).equals(syntheticBytes(part.id, part.size - 10, 10)));
    } finally {
      upstream.dispose();
    }
    await assertNoHead(server);
  });
});

test('an aborted probe rejects with `aborted`', async () => {
  await withDemo({ latencyMs: 5000 }, async (server) => {
    const controller = new AbortController();
    const pending = rejection(probeSize(optionsFor(server, { id: 1, key: '/library/parts/1/1/file.mkv', size: 1 }), { signal: controller.signal }));
    controller.abort();
    assert.is((await pending).code, 'aborted');
  });
});


test('firstBytes: one GET bytes=0-N tells the size through Content-Range and brings the first N bytes (never HEAD)', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const part = await labPart(server, 7_340_033);
    const upstream = new HttpUpstream(optionsFor(server, part));
    try {
      const result = await probeSize(upstream, { firstBytes: 100_000 });
      assert.is(result.totalSize, 7_340_033);
      assert.is(result.source, 'content-range');
      const head = await result.head;
      assert.ok(head?.equals(syntheticBytes(part.id, 0, 100_000)), 'the answer brought the first bytes');
      assert.equal(await requestsFor(server, part.key), [{ method: 'GET', path: part.key, range: 'bytes=0-99999', status: 206 }]);
    } finally {
      upstream.dispose();
    }
    await assertNoHead(server);
  });
});

test('firstBytes on a server that ignores ranges: the size from Content-Length, no first bytes kept (the whole file is not read)', async () => {
  await withDemo({ inspect: true, quirks: { ignoreRange: true }, rateBytesPerSecond: 1_000_000 }, async (server) => {
    const part = await labPart(server, hugeSize);
    const upstream = new HttpUpstream(optionsFor(server, part));
    try {
      const result = await probeSize(upstream, { firstBytes: 100_000 });
      assert.is(result.totalSize, hugeSize);
      assert.is(result.head, undefined);
      assert.equal(await requestsFor(server, part.key), [{ method: 'GET', path: part.key, range: 'bytes=0-99999', status: 200 }]);
    } finally {
      upstream.dispose();
    }
  });
});

test.run();
