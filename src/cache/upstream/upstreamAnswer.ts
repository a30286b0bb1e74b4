// Reads what a server said to a ranged GET: status, Content-Range, Content-Length, ETag and Last-Modified.
import type { RequestContext } from '../../plex/plexErrors.js';
import { upstreamProtocolError } from './upstreamErrors.js';

export interface ContentRange {
  /** First byte of the body. */
  first: number;
  /** Last byte of the body, inclusive. */
  last: number;
  /** Null for `bytes a-b/*`. */
  total: number | null;
}

/** What a 200 or 206 answer means for the bytes it carries. */
export interface UpstreamAnswer {
  status: 200 | 206;
  /** First byte of the body: 0 for a 200. */
  start: number;
  /** Bytes the body should hold; null when the server did not say (chunked). */
  length: number | null;
  /** Null when unknown. */
  totalSize: number | null;
  etag: string | null;
  lastModified: string | null;
}

const contentRangePattern = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const digits = /^\d+$/;

function byteCount(text: string): number | null {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** `bytes 0-0/4294971393` → {0, 0, 4294971393}; `bytes 0-0/*` → total null; anything else → null. */
export function parseContentRange(value: string | undefined): ContentRange | null {
  const match = contentRangePattern.exec(value?.trim() ?? '');
  if (!match) return null;
  const first = byteCount(match[1] ?? '');
  const last = byteCount(match[2] ?? '');
  const total = match[3] === '*' ? null : byteCount(match[3] ?? '');
  if (first === null || last === null || last < first) return null;
  if (match[3] !== '*' && (total === null || last >= total)) return null;
  return { first, last, total };
}

/** A whole, safe number of bytes, or null when absent or unreadable. */
export function parseContentLength(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  return digits.test(text) ? byteCount(text) : null;
}

/** Interprets the headers of a 200 or 206 answer; throws `upstream-protocol` when they contradict themselves. */
export function readUpstreamAnswer(status: number, headers: Readonly<Record<string, string>>, context: RequestContext): UpstreamAnswer {
  const etag = headers['etag'] ?? null;
  const lastModified = headers['last-modified'] ?? null;
  const length = parseContentLength(headers['content-length']);
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw upstreamProtocolError(`a ${encoding}-encoded body although plexterm asked for raw bytes`, context);
  }
  if (status === 200) return { status, start: 0, length, totalSize: length, etag, lastModified };
  if (status !== 206) throw upstreamProtocolError(`HTTP ${status} to a range request`, context);
  const range = parseContentRange(headers['content-range']);
  if (!range) throw upstreamProtocolError(`HTTP 206 with an unreadable Content-Range (${headers['content-range'] ?? 'none'})`, context);
  const rangeLength = range.last - range.first + 1;
  if (length !== null && length !== rangeLength) {
    throw upstreamProtocolError(`Content-Length ${length} for Content-Range ${headers['content-range'] ?? ''}`, context);
  }
  return { status, start: range.first, length: rangeLength, totalSize: range.total, etag, lastModified };
}
