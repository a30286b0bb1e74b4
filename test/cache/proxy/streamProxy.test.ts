// The stream proxy over real HTTP on 127.0.0.1: ranges byte for byte, headers, tokens, cancellation, errors, backpressure.
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StreamProxy, type StreamSource } from '../../../src/cache/proxy/streamProxy.js';
import { aborted, eventually, fetchReply, gate, openResponse, patternBuffer, patternSource, settled } from '../../helpers/streamProxyHarness.js';

interface Context {
  proxy: StreamProxy;
  errors: Array<{ error: unknown; source: StreamSource }>;
}

const test = suite<Context>('streamProxy', { proxy: undefined as unknown as StreamProxy, errors: [] });

test.before.each(async (context) => {
  context.errors = [];
  context.proxy = await StreamProxy.start({ onError: (error, source) => context.errors.push({ error, source }) });
});

test.after.each(async (context) => {
  await context.proxy.close();
});

const size = 300_001;

test('property: ranges read through the proxy equal the source byte for byte, incl. 0, 1, the last byte and past the end', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(size, { chunkSize: 40_000 }));
  const check = async (header: string, start: number, end: number | 'unsatisfiable'): Promise<void> => {
    const reply = await fetchReply(url, 'GET', { Range: header });
    if (end === 'unsatisfiable') {
      assert.is(reply.status, 416, header);
      assert.is(reply.headers['content-range'], `bytes */${size}`, header);
      assert.is(reply.body.length, 0, header);
      return;
    }
    assert.is(reply.status, 206, header);
    assert.is(reply.headers['content-range'], `bytes ${start}-${end - 1}/${size}`, header);
    assert.is(reply.headers['content-length'], String(end - start), header);
    assert.ok(reply.complete, header);
    assert.ok(reply.body.equals(patternBuffer(start, end)), `bytes of ${header}`);
  };
  await check('bytes=0-0', 0, 1);
  await check('bytes=0-1', 0, 2);
  await check(`bytes=${size - 1}-`, size - 1, size);
  await check(`bytes=${size - 1}-${size - 1}`, size - 1, size);
  await check('bytes=-1', size - 1, size);
  await check(`bytes=-${size + 10}`, 0, size);
  await check(`bytes=10-${size + 1000}`, 10, size);
  await check(`bytes=${size}-`, 0, 'unsatisfiable');
  await check(`bytes=${size + 7}-${size + 9}`, 0, 'unsatisfiable');
  await check('bytes=-0', 0, 'unsatisfiable');
  const first = fc.nat(size + 50);
  const spec = fc.oneof(
    fc.tuple(first, fc.nat(size + 50)).map(([start, length]) => ({ header: `bytes=${start}-${start + length}`, start, end: start + length + 1 })),
    first.map((start) => ({ header: `bytes=${start}-`, start, end: size })),
    fc.integer({ min: 1, max: size + 50 }).map((length) => ({ header: `bytes=-${length}`, start: Math.max(0, size - length), end: size })),
  );
  await fc.assert(
    fc.asyncProperty(spec, async ({ header, start, end }) => {
      await check(header, start, start >= size ? 'unsatisfiable' : Math.min(end, size));
    }),
    { numRuns: 80 },
  );
});

test('HEAD: 200 with Content-Length, Accept-Ranges, Content-Type and no-store, no ETag, no body; Range is ignored', async ({ proxy }) => {
  const source = patternSource(size);
  const { url } = proxy.register(source);
  const variants: Array<Record<string, string>> = [{}, { Range: 'bytes=0-9' }];
  for (const headers of variants) {
    const reply = await fetchReply(url, 'HEAD', headers);
    assert.is(reply.status, 200);
    assert.is(reply.headers['content-length'], String(size));
    assert.is(reply.headers['accept-ranges'], 'bytes');
    assert.is(reply.headers['content-type'], 'video/x-matroska');
    assert.is(reply.headers['cache-control'], 'no-store');
    assert.is(reply.headers.etag, undefined);
    assert.is(reply.body.length, 0);
  }
  assert.is(source.signals.length, 0, 'HEAD never reads');
  assert.is(source.accesses, 2, 'onAccess per request');
});

test('GET without Range: 200 with the whole body; an unknown container is application/octet-stream', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(size, { container: null }));
  const reply = await fetchReply(url);
  assert.is(reply.status, 200);
  assert.is(reply.headers['content-length'], String(size));
  assert.is(reply.headers['content-range'], undefined);
  assert.is(reply.headers['content-type'], 'application/octet-stream');
  assert.ok(reply.body.equals(patternBuffer(0, size)));
});

test('a malformed Range is ignored: 200 with the whole body (RFC 9110)', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(size));
  for (const header of ['bytes=5-3', 'bytes=abc', 'pages=0-1', 'bytes=']) {
    const reply = await fetchReply(url, 'GET', { Range: header });
    assert.is(reply.status, 200, header);
    assert.ok(reply.body.equals(patternBuffer(0, size)), header);
  }
});

test('several ranges: documented behaviour, 200 with the whole body (no multipart/byteranges)', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(size));
  const reply = await fetchReply(url, 'GET', { Range: 'bytes=0-9,100-199' });
  assert.is(reply.status, 200);
  assert.is(reply.headers['content-range'], undefined);
  assert.ok(reply.body.equals(patternBuffer(0, size)));
});

test('an empty entry: GET answers 200 with no body, any first-last range 416', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(0));
  const whole = await fetchReply(url);
  assert.is(whole.status, 200);
  assert.is(whole.headers['content-length'], '0');
  assert.is((await fetchReply(url, 'GET', { Range: 'bytes=0-' })).status, 416);
});

test('methods other than GET and HEAD get 405 with Allow', async ({ proxy }) => {
  const { url } = proxy.register(patternSource(10));
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const reply = await fetchReply(url, method);
    assert.is(reply.status, 405, method);
    assert.is(reply.headers.allow, 'GET, HEAD');
  }
});

test('unknown tokens, other paths and disposed registrations get 404; one source registered twice shares its URL', async ({ proxy }) => {
  const source = patternSource(10);
  const first = proxy.register(source);
  const second = proxy.register(source);
  assert.is(second.url, first.url);
  const port = proxy.port;
  for (const path of ['/stream/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/x.mkv', '/', '/other', `/${first.token}`]) {
    assert.is((await fetchReply(`http://127.0.0.1:${port}${path}`)).status, 404, path);
  }
  first.dispose();
  first.dispose();
  assert.is((await fetchReply(first.url)).status, 200, 'still one handle left');
  second.dispose();
  assert.is((await fetchReply(first.url)).status, 404);
  assert.is((await fetchReply(first.url, 'HEAD')).status, 404);
  const again = proxy.register(source);
  assert.is.not(again.token, first.token, 'a new registration gets a new token');
});

test('URLs: 127.0.0.1, the port, a token of at least 128 random bits, the encoded file name', async ({ proxy }) => {
  const one = proxy.register(patternSource(10, { fileName: 'Nosferatu (1922) #1?.mp4' }));
  const two = proxy.register(patternSource(10));
  assert.ok(Buffer.from(one.token, 'base64url').length >= 16);
  assert.match(one.token, /^[A-Za-z0-9_-]+$/);
  assert.is.not(one.token, two.token);
  assert.match(one.url, new RegExp(`^http://127\\.0\\.0\\.1:${proxy.port}/stream/[A-Za-z0-9_-]+/${one.token}/Nosferatu%20\\(1922\\)%20%231%3F\\.mp4$`));
  assert.is((await fetchReply(one.url)).status, 200);
});

/** `url` with its token put in another URL's place: a token tried on a part it was not given for. */
function withPartOf(url: string, other: string): string {
  const [, , , , , token, name] = url.split('/');
  const [, , , , partId] = other.split('/');
  return `http://127.0.0.1:${new URL(url).port}/stream/${partId}/${token}/${name}`;
}

test('a grant is a URL of its own for one part: refused (403) for another part and once disposed; the part\'s own URL lives on', async ({ proxy }) => {
  const first = proxy.register(patternSource(1000, { fileName: 'one.mkv' }));
  const second = proxy.register(patternSource(2000, { fileName: 'two.mkv' }));
  const playback = proxy.grant(first.url);
  assert.is.not(playback.token, first.token);
  assert.not.ok(playback.url.includes(first.token), 'the part\'s own token is not in the grant');
  const reply = await fetchReply(playback.url, 'GET', { Range: 'bytes=10-19' });
  assert.is(reply.status, 206);
  assert.ok(reply.body.equals(patternBuffer(10, 20)));
  assert.is((await fetchReply(withPartOf(playback.url, second.url))).status, 403, 'the grant does not open another part');
  assert.is((await fetchReply(withPartOf(second.url, first.url))).status, 403, 'nor does another part\'s own token');
  playback.dispose();
  assert.is((await fetchReply(playback.url)).status, 403, 'expired with its playback');
  assert.is((await fetchReply(playback.url, 'HEAD')).status, 403);
  assert.is((await fetchReply(first.url)).status, 200, 'the part is still served to whoever holds a live URL');
  first.dispose();
  assert.throws(() => proxy.grant(first.url), /no longer served/);
  second.dispose();
});

test('disposing a grant cuts the responses it is streaming; unregistering the part ends its grants', async ({ proxy }) => {
  // The first chunk, then a read that waits until it is cancelled (a player reading ahead of the download).
  const source = patternSource(64 * 1024 * 1024, {
    chunkSize: 1024 * 1024,
    async beforeChunk(position, signal) {
      if (position === 0) return;
      await aborted(signal);
      throw signal.reason;
    },
  });
  const registration = proxy.register(source);
  const playback = proxy.grant(registration.url);
  const client = await openResponse(playback.url);
  await client.waitFor(1);
  assert.is(proxy.activeReaders(registration.token), 1, 'a grant\'s reader counts for its part');
  playback.dispose();
  await client.closed;
  await eventually(() => proxy.activeReaders() === 0, 'the grant\'s response cut');
  assert.ok(client.received() < 64 * 1024 * 1024);
  const later = proxy.grant(registration.url);
  registration.dispose();
  assert.is((await fetchReply(later.url)).status, 404, 'the part is gone');
  later.dispose();
});

test('listens on 127.0.0.1 only, on a port from the OS', async ({ proxy }) => {
  assert.is(proxy.address().address, '127.0.0.1');
  assert.is(proxy.address().port, proxy.port);
  assert.ok(proxy.port > 0);
  const wide = StreamProxy.start({ host: '0.0.0.0' as '127.0.0.1' });
  await wide.then(
    (unexpected) => unexpected.close().then(() => assert.unreachable('listened on 0.0.0.0')),
    (error: Error) => assert.match(error.message, /127\.0\.0\.1 only/),
  );
});

test('a client that disconnects mid-body aborts the signal given to read, cancelling an on-demand fetch', async ({ proxy, errors }) => {
  const fetchStarted = gate();
  let fetchCancelled = false;
  const source = patternSource(64 * 1024 * 1024, {
    chunkSize: 1024 * 1024,
    async beforeChunk(position, signal) {
      if (position < 2 * 1024 * 1024) return;
      fetchStarted.open();
      await aborted(signal); // an on-demand fetch that only ends when cancelled
      fetchCancelled = true;
      throw signal.reason;
    },
  });
  const registration = proxy.register(source);
  const client = await openResponse(registration.url);
  await fetchStarted.promise;
  await client.waitFor(1);
  assert.is(proxy.activeReaders(registration.token), 1);
  client.destroy();
  await aborted(source.signals[0]!);
  await eventually(() => fetchCancelled && proxy.activeReaders() === 0, 'the fetch cancelled and the reader gone');
  assert.equal(proxy.activeReaders(), 0);
  assert.is(errors.length, 0, 'a client leaving is not an error');
});

test('a source that ignores the signal still lets the proxy release the reader when the client leaves', async ({ proxy }) => {
  const source = patternSource(1024 * 1024, { async beforeChunk(position) { if (position > 0) await new Promise(() => {}); } });
  const registration = proxy.register(source);
  const client = await openResponse(registration.url);
  await client.waitFor(1);
  client.destroy();
  await eventually(() => proxy.activeReaders() === 0, 'the reader released');
  assert.ok(source.signals[0]!.aborted);
});

test('a read that throws mid-body cuts only that response, is reported, and the proxy keeps serving', async (context) => {
  const { proxy } = context;
  const failure = new Error('disk went away');
  const broken = patternSource(size, { beforeChunk(position) { if (position >= 128 * 1024) throw failure; } });
  const healthy = patternSource(size);
  const brokenUrl = proxy.register(broken).url;
  const healthyUrl = proxy.register(healthy).url;
  const [cut, whole] = await Promise.all([fetchReply(brokenUrl), fetchReply(healthyUrl)]);
  assert.is(cut.status, 200);
  assert.not.ok(cut.complete);
  assert.ok(cut.body.length < size);
  assert.ok(cut.body.equals(patternBuffer(0, cut.body.length)), 'what arrived is still right');
  assert.ok(whole.complete && whole.body.equals(patternBuffer(0, size)));
  assert.is(context.errors.length, 1);
  assert.is(context.errors[0]!.error, failure);
  assert.is(context.errors[0]!.source, broken);
  const after = await fetchReply(brokenUrl, 'GET', { Range: 'bytes=0-99' });
  assert.ok(after.complete && after.body.equals(patternBuffer(0, 100)), 'the same URL serves again');
  assert.is(proxy.activeReaders(), 0);
});

test('a source that ends early cuts the body; one that fails before its first byte (or gives too much) gets 502', async (context) => {
  const short: StreamSource = { fileName: 'a', container: null, totalSize: 100, async *read() { yield new Uint8Array(10); } };
  const long: StreamSource = { fileName: 'b', container: null, totalSize: 100, async *read() { yield new Uint8Array(200); } };
  const failing: StreamSource = { fileName: 'c', container: null, totalSize: 100, read: () => { throw new Error('no data file'); } };
  const cut = await fetchReply(context.proxy.register(short).url);
  assert.is(cut.status, 200);
  assert.not.ok(cut.complete);
  assert.is(cut.body.length, 10);
  for (const source of [long, failing]) assert.is((await fetchReply(context.proxy.register(source).url)).status, 502);
  assert.equal(
    context.errors.map(({ error }) => String(error)),
    ['PlextermError: the stream source ended after 10 of 100 bytes', 'PlextermError: the stream source gave more than the 100 bytes asked for', 'Error: no data file'],
  );
});

test('backpressure: a slow client keeps what the proxy pulls from read() within 16 MiB of what it consumed', async ({ proxy }) => {
  const source = patternSource(1024 * 1024 * 1024, { chunkSize: 1024 * 1024 });
  const client = await openResponse(proxy.register(source).url);
  const bound = 16 * 1024 * 1024;
  for (const consumed of [1, 8 * 1024 * 1024, 40 * 1024 * 1024]) {
    client.response.resume();
    await client.waitFor(consumed);
    client.response.pause();
    const pulled = await settled(() => source.pulledBytes);
    assert.ok(pulled - client.received() < bound, `pulled ${pulled} bytes while the client had ${client.received()}`);
  }
  client.destroy();
  await eventually(() => proxy.activeReaders() === 0, 'the reader released');
});

test('activeReaders counts the responses streaming now, per token and in all', async ({ proxy }) => {
  const hold = gate();
  const slow = (): StreamSource => patternSource(1024 * 1024, { beforeChunk: (position) => (position > 0 ? hold.promise : undefined) });
  const one = proxy.register(slow());
  const two = proxy.register(slow());
  assert.is(proxy.activeReaders(), 0);
  const replies = [fetchReply(one.url), fetchReply(one.url), fetchReply(two.url)];
  await eventually(() => proxy.activeReaders() === 3, 'three readers');
  assert.is(proxy.activeReaders(one.token), 2);
  assert.is(proxy.activeReaders(two.token), 1);
  assert.is(proxy.activeReaders('unknown'), 0);
  hold.open();
  for (const reply of await Promise.all(replies)) assert.ok(reply.complete);
  assert.is(proxy.activeReaders(), 0);
});

test('disposing a registration cuts its responses in flight', async ({ proxy }) => {
  const source = patternSource(1024 * 1024, { beforeChunk: (position, signal) => (position > 0 ? aborted(signal) : undefined) });
  const registration = proxy.register(source);
  const reply = fetchReply(registration.url);
  await eventually(() => proxy.activeReaders() === 1, 'one reader');
  registration.dispose();
  assert.not.ok((await reply).complete);
  assert.ok(source.signals[0]!.aborted);
});

test('close() aborts every read, closes every connection, and refuses new registrations', async ({ proxy }) => {
  const source = patternSource(1024 * 1024, { beforeChunk: (position, signal) => (position > 0 ? aborted(signal) : undefined) });
  const reply = fetchReply(proxy.register(source).url);
  await eventually(() => proxy.activeReaders() === 1, 'one reader');
  await proxy.close();
  assert.not.ok((await reply).complete);
  assert.ok(source.signals[0]!.aborted);
  assert.throws(() => proxy.register(patternSource(1)), /closed/);
  await proxy.close();
});

test.run();
