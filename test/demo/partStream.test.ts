// Part streams: HEAD 500, single ranges 206/416 byte-equal to syntheticBytes, multiple ranges 200, quirks, rate and latency.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticBytes, type DemoServer } from '../../src/demo/index.js';
import { demoFetch, findItem, withDemo } from '../helpers/demoServer.js';

interface LabPart {
  id: number;
  key: string;
  size: number;
}

async function labPart(server: DemoServer, size: number): Promise<LabPart> {
  const item = await findItem(server, 'Cache Lab', `(${size} bytes)`);
  const part = item.Media?.[0]?.Part[0];
  if (!part || part.size !== size) throw new Error(`no Cache Lab part of ${size} bytes`);
  return part;
}

/** The Cache Lab part past 2^32 bytes. */
async function hugePart(server: DemoServer): Promise<LabPart> {
  const list = await demoFetch(server, '/library/sections/4/all');
  const items = ((await list.json()) as { MediaContainer: { Metadata: { Media: { Part: LabPart[] }[] }[] } }).MediaContainer.Metadata;
  const part = items.map((item) => item.Media[0]?.Part[0]).find((candidate) => (candidate?.size ?? 0) > 2 ** 32);
  if (!part) throw new Error('no part past 2^32');
  return part;
}

async function get(server: DemoServer, path: string, range?: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await demoFetch(server, path, { headers: range === undefined ? {} : { Range: range } });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

test('the Cache Lab holds the edge-case sizes, up to past 2^32', async () => {
  await withDemo({}, async (server) => {
    for (const size of [1, 1000, 1024 * 1024, 7_340_033, 64 * 1024 * 1024]) await labPart(server, size);
    const big = await findItem(server, 'Cache Lab', 'GiB');
    assert.ok(big);
    const all = await demoFetch(server, '/library/sections/4/all');
    const sizes = ((await all.json()) as { MediaContainer: { Metadata: { Media: { Part: { size: number }[] }[] }[] } }).MediaContainer.Metadata.map((item) => item.Media[0]?.Part[0]?.size ?? 0);
    assert.ok(sizes.some((size) => size > 2 ** 30 && size < 2 ** 31));
    assert.ok(sizes.some((size) => size > 2 ** 32));
  });
});

test('HEAD on a part answers 500, as the real server does', async () => {
  await withDemo({}, async (server) => {
    const part = await labPart(server, 1000);
    const response = await demoFetch(server, part.key, { method: 'HEAD' });
    assert.is(response.status, 500);
  });
});

test('single ranges: 206 with Content-Range, open and suffix ranges, 416 past the end, bytes equal syntheticBytes', async () => {
  await withDemo({}, async (server) => {
    const part = await labPart(server, 7_340_033);
    const total = part.size;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=1000-70999', 1000, 70999],
      ['bytes=7340000-', 7_340_000, total - 1],
      ['bytes=-33', total - 33, total - 1],
      ['bytes=7340030-99999999', 7_340_030, total - 1],
      ['bytes=-99999999', 0, total - 1],
    ];
    for (const [range, start, end] of cases) {
      const answer = await get(server, part.key, range);
      assert.is(answer.status, 206, range);
      assert.is(answer.headers.get('content-range'), `bytes ${start}-${end}/${total}`, range);
      assert.is(answer.headers.get('accept-ranges'), 'bytes');
      assert.ok(answer.headers.get('etag'));
      assert.ok(answer.headers.get('last-modified'));
      assert.ok(answer.body.equals(syntheticBytes(part.id, start, end - start + 1)), range);
    }
    for (const range of ['bytes=7340033-', 'bytes=99999999-100000000', 'bytes=-0']) {
      const answer = await get(server, part.key, range);
      assert.is(answer.status, 416, range);
      assert.is(answer.headers.get('content-range'), `bytes */${total}`);
    }
    for (const range of ['bytes=0-1,5-9', 'pages=1-2', 'bytes=9-1', 'bytes=x-y']) {
      const answer = await get(server, part.key, range);
      assert.is(answer.status, 200, range);
      assert.is(answer.body.length, total);
    }
  });
});

test('ranges past 2^32 in the 4 GiB part, and ?download=1', async () => {
  await withDemo({}, async (server) => {
    const part = await hugePart(server);
    const start = 2 ** 32 - 3;
    const answer = await get(server, part.key, `bytes=${start}-${start + 99}`);
    assert.is(answer.status, 206);
    assert.is(answer.headers.get('content-range'), `bytes ${start}-${start + 99}/${part.size}`);
    assert.ok(answer.body.equals(syntheticBytes(part.id, start, 100)));
    const tail = await get(server, `${part.key}?download=1`, 'bytes=-10');
    assert.ok(tail.body.equals(syntheticBytes(part.id, part.size - 10, 10)));
    assert.match(tail.headers.get('content-disposition') ?? '', /attachment/);
  });
});

test('ignore-range answers 200 with the whole body', async () => {
  await withDemo({ quirks: { ignoreRange: true } }, async (server) => {
    const part = await labPart(server, 1000);
    const answer = await get(server, part.key, 'bytes=0-0');
    assert.is(answer.status, 200);
    assert.is(answer.headers.get('content-length'), '1000');
    assert.is(answer.headers.get('content-range'), null);
    assert.ok(answer.body.equals(syntheticBytes(part.id, 0, 1000)));
  });
});

test('unknown-total answers 206 with bytes a-b/*', async () => {
  await withDemo({ quirks: { unknownTotal: true } }, async (server) => {
    const part = await labPart(server, 1000);
    const answer = await get(server, part.key, 'bytes=0-0');
    assert.is(answer.status, 206);
    assert.is(answer.headers.get('content-range'), 'bytes 0-0/*');
    assert.ok(answer.body.equals(syntheticBytes(part.id, 0, 1)));
  });
});

test('drop-after cuts the body after that many bytes; shorter answers pass', async () => {
  await withDemo({ quirks: { dropAfter: 100_000 } }, async (server) => {
    const part = await labPart(server, 1024 * 1024);
    const response = await demoFetch(server, part.key);
    assert.is(response.status, 200);
    const received: Buffer[] = [];
    let failed = false;
    try {
      const reader = response.body?.getReader();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        received.push(Buffer.from(chunk.value));
      }
    } catch {
      failed = true;
    }
    const body = Buffer.concat(received);
    assert.ok(failed, 'the body should end in an error');
    assert.is(body.length, 100_000);
    assert.ok(body.equals(syntheticBytes(part.id, 0, 100_000)));
    const small = await get(server, part.key, 'bytes=0-999');
    assert.is(small.body.length, 1000);
  });
});

test('rate throttling and latency still deliver every byte', async () => {
  await withDemo({ rateBytesPerSecond: 400_000, latencyMs: 20 }, async (server) => {
    const part = await labPart(server, 1024 * 1024);
    const answer = await get(server, part.key, 'bytes=1000-200999');
    assert.is(answer.status, 206);
    assert.ok(answer.body.equals(syntheticBytes(part.id, 1000, 200_000)));
  });
});

test('a real clip streams byte for byte from assets/clips', async () => {
  await withDemo({}, async (server) => {
    const movie = await findItem(server, 'Movies', 'charade');
    const part = movie.Media?.[0]?.Part[0];
    if (!part) throw new Error('no part');
    const head = await get(server, part.key, 'bytes=0-3');
    assert.is(head.status, 206);
    assert.equal([...head.body], [0x1a, 0x45, 0xdf, 0xa3]); // Matroska/EBML magic
    const whole = await get(server, part.key);
    assert.is(whole.body.length, part.size);
  });
});

test('closing mid-stream of the 4 GiB part leaves nothing open', async () => {
  await withDemo({ rateBytesPerSecond: 1_000_000 }, async (server) => {
    const part = await hugePart(server);
    const response = await demoFetch(server, part.key);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    assert.ok(first && !first.done);
    await reader?.cancel();
  });
});

test.run();
