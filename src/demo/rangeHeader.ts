// Parses an HTTP Range header against a known total, the way the real server reads it.

export type RangeRequest =
  | { kind: 'whole' } // no Range, a malformed one, a non-bytes unit, or several ranges: 200 with everything
  | { kind: 'single'; start: number; end: number } // inclusive end, clamped to the total
  | { kind: 'unsatisfiable' };

const single = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, total: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const trimmed = header.trim();
  const equals = trimmed.indexOf('=');
  if (equals < 0 || trimmed.slice(0, equals).trim().toLowerCase() !== 'bytes') return { kind: 'whole' };
  const specs = trimmed.slice(equals + 1).split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return { kind: 'whole' };
  const match = single.exec(specs[0] ?? '');
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'whole' };
    if (suffix === 0 || total === 0) return { kind: 'unsatisfiable' };
    return { kind: 'single', start: Math.max(0, total - suffix), end: total - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'whole' };
  if (start >= total) return { kind: 'unsatisfiable' };
  return { kind: 'single', start, end: Math.min(end, total - 1) };
}
