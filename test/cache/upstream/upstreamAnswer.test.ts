// Reading Content-Range and Content-Length: totals past 2^32, unknown totals, and headers that contradict themselves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContentLength, parseContentRange, readUpstreamAnswer } from '../../../src/cache/upstream/upstreamAnswer.js';
import type { RequestContext } from '../../../src/plex/plexErrors.js';

const context: RequestContext = { method: 'GET', host: '127.0.0.1:32400', path: '/library/parts/1/2/file.mkv', timeoutMs: 1000 };

test('Content-Range: known and unknown totals, past 2^32', () => {
  assert.equal(parseContentRange('bytes 0-0/1'), { first: 0, last: 0, total: 1 });
  assert.equal(parseContentRange('bytes 0-0/4294971393'), { first: 0, last: 0, total: 4_294_971_393 });
  assert.equal(parseContentRange('bytes 4294967306-4294968305/4294971393'), { first: 4_294_967_306, last: 4_294_968_305, total: 4_294_971_393 });
  assert.equal(parseContentRange('BYTES 5-9/*'), { first: 5, last: 9, total: null });
  for (const bad of [undefined, '', 'bytes */100', 'bytes 9-5/100', 'bytes 0-100/100', 'bytes 0-1/99999999999999999999', 'items 0-1/2', 'bytes 0-x/2']) {
    assert.is(parseContentRange(bad), null, String(bad));
  }
});

test('Content-Length: whole numbers only', () => {
  assert.is(parseContentLength('4294971393'), 4_294_971_393);
  assert.is(parseContentLength(' 0 '), 0);
  for (const bad of [undefined, '', '-1', '1.5', '1e3', 'abc']) assert.is(parseContentLength(bad), null, String(bad));
});

test('a 206 or 200 answer read as start, length and total; contradictions are `upstream-protocol`', () => {
  const partial = readUpstreamAnswer(206, { 'content-range': 'bytes 10-19/100', 'content-length': '10', etag: '"a"' }, context);
  assert.equal(partial, { status: 206, start: 10, length: 10, totalSize: 100, etag: '"a"', lastModified: null });
  const whole = readUpstreamAnswer(200, { 'content-length': '100', 'last-modified': 'Tue, 01 Oct 2024 10:00:00 GMT' }, context);
  assert.equal(whole, { status: 200, start: 0, length: 100, totalSize: 100, etag: null, lastModified: 'Tue, 01 Oct 2024 10:00:00 GMT' });
  assert.is(readUpstreamAnswer(200, {}, context).totalSize, null);
  const contradictions: [number, Record<string, string>][] = [
    [206, {}],
    [206, { 'content-range': 'bytes 10-19/100', 'content-length': '11' }],
    [206, { 'content-range': 'bytes 0-0/1', 'content-encoding': 'gzip' }],
    [204, {}],
  ];
  for (const [status, headers] of contradictions) {
    try {
      readUpstreamAnswer(status, headers, context);
      assert.unreachable(JSON.stringify(headers));
    } catch (error) {
      assert.is((error as { code?: string }).code, 'upstream-protocol');
      assert.match((error as Error).message, /127\.0\.0\.1:32400 answered a range request for \/library\/parts\/1\/2\/file\.mkv wrongly/);
    }
  }
});

test.run();
