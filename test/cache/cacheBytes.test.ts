// Property test: any range read through the cache's stream proxy equals the upstream bytes, under each demo quirk in turn.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticBytes, type DemoServerOptions } from '../../src/demo/index.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';
import { assertNoHead, requestLog, type LoggedRequest } from '../helpers/cacheLab.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';

const size = 7_340_033;
const kibibyte = 1024;
/** Chunks past drop-after's 300,000 bytes (so bodies are cut mid-chunk), and little read-ahead, so runs stay short. */
const settings = { chunkSize: 512 * kibibyte, readAheadBytes: 512 * kibibyte, startBuffer: 256 * kibibyte, concurrency: 3 };

type PartRequests = LoggedRequest[];

/** Each quirk, and a check that the run really met it (so a changed default cannot make the test vacuous). */
const quirks: Array<[string, DemoServerOptions, (requests: PartRequests) => boolean]> = [
  ['ignore-range', { quirks: { ignoreRange: true } }, (requests) => requests.every((request) => request.status === 200)],
  ['drop-after=300000', { quirks: { dropAfter: 300_000 } }, resumedAfterCut],
  ['flaky=0.2', { quirks: { flaky: 0.2 }, seed: 7 }, (requests) => requests.some((request) => request.status >= 500)],
  ['latency 20 ms', { latencyMs: 20 }, (requests) => requests.length > 3],
  ['rate 8 MB/s', { rateBytesPerSecond: 8_000_000 }, (requests) => requests.length > 3],
  ['unknown-total', { quirks: { unknownTotal: true } }, (requests) => requests.length > 3],
];

interface RangeCase {
  header: string;
  /** First byte expected. */
  start: number;
  /** One past the last byte asked for, before clamping to the file. */
  end: number;
}

const fixedCases: RangeCase[] = [
  { header: 'bytes=0-0', start: 0, end: 1 },
  { header: 'bytes=1-1', start: 1, end: 2 },
  { header: 'bytes=0-1', start: 0, end: 2 },
  { header: `bytes=${size - 1}-${size - 1}`, start: size - 1, end: size },
  { header: 'bytes=-1', start: size - 1, end: size },
  { header: `bytes=${size - 100}-${size + 1000}`, start: size - 100, end: size + 1001 },
  { header: `bytes=${size}-`, start: size, end: size },
  { header: `bytes=${size + 5}-${size + 9}`, start: size + 5, end: size + 10 },
];

// fast-check's bias favours the ends of a range; without it offsets spread over the whole file, edges still included.
const offset = fc.oneof({ arbitrary: fc.constantFrom(0, 1, size - 1, size, size + 1), weight: 1 }, { arbitrary: fc.noBias(fc.nat(size + 100)), weight: 4 });
const length = fc.oneof({ arbitrary: fc.constantFrom(1, 2), weight: 1 }, { arbitrary: fc.noBias(fc.integer({ min: 1, max: 700 * kibibyte })), weight: 4 });
const rangeCase: fc.Arbitrary<RangeCase> = fc.oneof(
  { arbitrary: fc.tuple(offset, length).map(([start, count]) => ({ header: `bytes=${start}-${start + count - 1}`, start, end: start + count })), weight: 4 },
  { arbitrary: fc.integer({ min: size - 300 * kibibyte, max: size + 100 }).map((start) => ({ header: `bytes=${start}-`, start, end: size })), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 300 * kibibyte }).map((count) => ({ header: `bytes=-${count}`, start: Math.max(0, size - count), end: size })), weight: 1 },
);

async function checkRange(url: string, partId: number, { header, start, end }: RangeCase): Promise<void> {
  const reply = await fetchReply(url, 'GET', { Range: header });
  if (start >= size) {
    assert.is(reply.status, 416, header);
    assert.is(reply.headers['content-range'], `bytes */${size}`, header);
    return;
  }
  const last = Math.min(end, size);
  assert.is(reply.status, 206, header);
  assert.is(reply.headers['content-range'], `bytes ${start}-${last - 1}/${size}`, header);
  assert.ok(reply.complete, `the body of ${header} arrived whole`);
  assert.ok(reply.body.equals(syntheticBytes(partId, start, last - start)), `the bytes of ${header} equal upstream`);
}

/**
 * Some request asked for the rest of an earlier one from at most 300,000 bytes further on: a cut body
 * resumed where it stopped. (The client may get fewer bytes than the server wrote before it reset the connection.)
 */
function resumedAfterCut(requests: PartRequests): boolean {
  const ranges = requests.flatMap((request) => {
    const match = /^bytes=(\d+)-(\d+)$/.exec(request.range ?? '');
    return match ? [{ first: Number(match[1]), last: Number(match[2]) }] : [];
  });
  return ranges.some((earlier, index) =>
    ranges.slice(index + 1).some((later) => later.last === earlier.last && later.first > earlier.first && later.first <= earlier.first + 300_000),
  );
}

for (const [name, options, exercised] of quirks) {
  test(`property under ${name}: ranges through the proxy equal upstream byte for byte (0, 1, last byte, past the end)`, async () => {
    const harness = await cacheHarness(options, settings);
    try {
      const part = await harness.labPart(size);
      const ready = await reach(harness.cache.open(part), ['ready', 'failed']);
      assert.is(ready.state, 'ready', JSON.stringify(ready.error));
      const url = ready.streamUrl ?? '';
      for (const fixed of fixedCases) await checkRange(url, part.partId, fixed);
      await fc.assert(
        fc.asyncProperty(rangeCase, (generated) => checkRange(url, part.partId, generated)),
        { numRuns: 20 },
      );
      await assertNoHead(harness.demo);
      const partRequests = (await requestLog(harness.demo)).filter((request) => request.path.startsWith('/library/parts/'));
      assert.ok(exercised(partRequests), `the run met the ${name} quirk: ${JSON.stringify(partRequests.slice(0, 5))}`);
    } finally {
      await harness.close();
    }
  });
}

test.run();
