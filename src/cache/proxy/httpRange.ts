// Reads an HTTP Range request header (RFC 9110 §14) against a known total size, for the stream proxy.

/**
 * What to answer:
 * - `whole`: 200 with every byte. `reason` says why the Range header did not apply: there was none,
 *   it did not parse (RFC 9110 says to ignore it then), it asked for several ranges (we choose to
 *   answer those with the whole body rather than multipart/byteranges), If-Range cannot match, or
 *   the file is empty and the header asked for its last bytes.
 * - `partial`: 206 with bytes [start, end) — `end` is exclusive, like `StreamSource.read`.
 * - `unsatisfiable`: 416 with `Content-Range: bytes *\/total`.
 */
export type ProxyAnswer =
  | { kind: 'whole'; reason: 'absent' | 'malformed' | 'several' | 'if-range' | 'empty' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const firstLastPattern = /^(\d+)-(\d*)$/;
const suffixPattern = /^-(\d+)$/;

/**
 * `header` is the raw Range value; `ifRange` the raw If-Range value, if any. We never send an ETag or
 * Last-Modified, so no If-Range validator can match, and RFC 9110 §13.1.5 then says to ignore Range.
 */
export function parseRangeHeader(header: string | undefined, total: number, ifRange?: string): ProxyAnswer {
  if (header === undefined) return { kind: 'whole', reason: 'absent' };
  const value = header.trim();
  const equals = value.indexOf('=');
  // A unit other than bytes is one we do not understand, which RFC 9110 also says to ignore.
  if (equals < 0 || value.slice(0, equals).toLowerCase() !== 'bytes') return { kind: 'whole', reason: 'malformed' };
  // HTTP lists may hold empty elements ("0-1, ,"), which a recipient must skip.
  const specs = value
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0 || !specs.every(isRangeSpec)) return { kind: 'whole', reason: 'malformed' };
  if (specs.length > 1) return { kind: 'whole', reason: 'several' };
  if (ifRange !== undefined) return { kind: 'whole', reason: 'if-range' };
  return answerSingle(specs[0] ?? '', total);
}

function isRangeSpec(spec: string): boolean {
  if (suffixPattern.test(spec)) return true;
  const match = firstLastPattern.exec(spec);
  // "5-3" is not a valid range-spec: the last position may not come before the first.
  return match !== null && (match[2] === '' || Number(match[2]) >= Number(match[1]));
}

function answerSingle(spec: string, total: number): ProxyAnswer {
  const suffix = suffixPattern.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    if (length === 0) return { kind: 'unsatisfiable' };
    // An empty file has no last bytes to point at: a 206 cannot describe it, so answer it whole.
    if (total === 0) return { kind: 'whole', reason: 'empty' };
    return { kind: 'partial', start: Math.max(0, total - length), end: total };
  }
  const [, first = '', last = ''] = firstLastPattern.exec(spec) ?? [];
  // Digits past 2^53 lose precision, but only far beyond any real file, where the comparisons still hold.
  const start = Number(first);
  if (start >= total) return { kind: 'unsatisfiable' };
  const end = last === '' ? total : Math.min(Number(last) + 1, total);
  return { kind: 'partial', start, end };
}

/** `Content-Range` for bytes [start, end) of `total`: the HTTP form has an inclusive last position. */
export function contentRange(start: number, end: number, total: number): string {
  return `bytes ${start}-${end - 1}/${total}`;
}

/** `Content-Range` of a 416 answer. */
export function unsatisfiedRange(total: number): string {
  return `bytes */${total}`;
}
