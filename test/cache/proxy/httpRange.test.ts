// Range header parsing for the stream proxy: RFC 9110 single ranges, suffixes, clamping, 416, and what is ignored.
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contentTypeFor } from '../../../src/cache/proxy/contentType.js';
import { contentRange, parseRangeHeader, unsatisfiedRange } from '../../../src/cache/proxy/httpRange.js';

const test = suite('httpRange');
const total = 1000;

test('no Range header: the whole entry', () => {
  assert.equal(parseRangeHeader(undefined, total), { kind: 'whole', reason: 'absent' });
});

test('first-last, open-ended and suffix ranges, with end exclusive', () => {
  assert.equal(parseRangeHeader('bytes=0-0', total), { kind: 'partial', start: 0, end: 1 });
  assert.equal(parseRangeHeader('bytes=10-19', total), { kind: 'partial', start: 10, end: 20 });
  assert.equal(parseRangeHeader('bytes=990-', total), { kind: 'partial', start: 990, end: 1000 });
  assert.equal(parseRangeHeader('bytes=999-999', total), { kind: 'partial', start: 999, end: 1000 });
  assert.equal(parseRangeHeader('bytes=-1', total), { kind: 'partial', start: 999, end: 1000 });
  assert.equal(parseRangeHeader('bytes=-100', total), { kind: 'partial', start: 900, end: 1000 });
});

test('a last position past the end is clamped to the last byte; a suffix longer than the entry is all of it', () => {
  assert.equal(parseRangeHeader('bytes=500-5000', total), { kind: 'partial', start: 500, end: 1000 });
  assert.equal(parseRangeHeader('bytes=0-99999999999999999999999', total), { kind: 'partial', start: 0, end: 1000 });
  assert.equal(parseRangeHeader('bytes=-5000', total), { kind: 'partial', start: 0, end: 1000 });
});

test('a first position at or past the end, and a zero suffix, are unsatisfiable', () => {
  assert.equal(parseRangeHeader('bytes=1000-', total), { kind: 'unsatisfiable' });
  assert.equal(parseRangeHeader('bytes=1000-2000', total), { kind: 'unsatisfiable' });
  assert.equal(parseRangeHeader('bytes=99999999999999999999999-', total), { kind: 'unsatisfiable' });
  assert.equal(parseRangeHeader('bytes=-0', total), { kind: 'unsatisfiable' });
  assert.equal(parseRangeHeader('bytes=0-', 0), { kind: 'unsatisfiable' });
});

test('an empty entry asked for its last bytes is answered whole (a 206 cannot describe it)', () => {
  assert.equal(parseRangeHeader('bytes=-10', 0), { kind: 'whole', reason: 'empty' });
});

test('malformed headers and other units are ignored (RFC 9110): the whole entry', () => {
  for (const header of ['', 'bytes', 'bytes=', 'bytes=-', 'bytes=a-b', 'bytes=5-3', 'bytes=+1-2', 'bytes=1-2-3', 'bytes = 0-1', 'items=0-1', 'bytes=0x10-', '0-1']) {
    assert.equal(parseRangeHeader(header, total), { kind: 'whole', reason: 'malformed' }, header);
  }
});

test('the unit is case-insensitive, spaces around list elements and empty elements are allowed', () => {
  assert.equal(parseRangeHeader('Bytes=1-2', total), { kind: 'partial', start: 1, end: 3 });
  assert.equal(parseRangeHeader(' bytes= 1-2 , ', total), { kind: 'partial', start: 1, end: 3 });
});

test('several ranges: documented choice, the whole entry (no multipart); a malformed one among them is malformed', () => {
  assert.equal(parseRangeHeader('bytes=0-1,5-6', total), { kind: 'whole', reason: 'several' });
  assert.equal(parseRangeHeader('bytes=0-1, -5', total), { kind: 'whole', reason: 'several' });
  assert.equal(parseRangeHeader('bytes=0-1,x', total), { kind: 'whole', reason: 'malformed' });
});

test('If-Range can never match (the proxy sends no validators), so Range is ignored', () => {
  assert.equal(parseRangeHeader('bytes=0-1', total, '"abc"'), { kind: 'whole', reason: 'if-range' });
});

test('property: any satisfiable first-last range lies inside the entry and starts where asked', () => {
  fc.assert(
    fc.property(fc.nat(10_000), fc.nat(20_000), fc.nat(20_000), (size, first, length) => {
      const answer = parseRangeHeader(`bytes=${first}-${first + length}`, size);
      if (first >= size) return assert.equal(answer, { kind: 'unsatisfiable' });
      assert.equal(answer, { kind: 'partial', start: first, end: Math.min(size, first + length + 1) });
    }),
  );
});

test('Content-Range headers use an inclusive last position', () => {
  assert.is(contentRange(0, 1, 10), 'bytes 0-0/10');
  assert.is(contentRange(5, 10, 10), 'bytes 5-9/10');
  assert.is(unsatisfiedRange(10), 'bytes */10');
});

test('content types from Plex container names', () => {
  assert.is(contentTypeFor('mkv'), 'video/x-matroska');
  assert.is(contentTypeFor('MP4'), 'video/mp4');
  assert.is(contentTypeFor('.mp3'), 'audio/mpeg');
  assert.is(contentTypeFor('mpegts'), 'video/mp2t');
  assert.is(contentTypeFor('toString'), 'application/octet-stream');
  assert.is(contentTypeFor('weird'), 'application/octet-stream');
  assert.is(contentTypeFor(null), 'application/octet-stream');
});

test.run();
