// Learns a file's total size, range support and validators with one `GET Range: bytes=0-0` (never HEAD: Plex answers it with 500).
import { HttpUpstream, type HttpUpstreamOptions } from './httpUpstream.js';
import { readRangeAnswer } from './rangeAnswer.js';
import { upstreamProtocolError } from './upstreamErrors.js';

export { isNetworkUnreachable, networkUnreachableCodes } from './upstreamErrors.js';

export type ProbeSource = 'content-range' | 'content-length' | 'metadata' | 'unknown';

export interface ProbeResult {
  /** Null when neither the server nor the metadata knows it: the caller downloads sequentially. */
  totalSize: number | null;
  /** False when the server answered the range with 200 and the whole file. */
  rangeSupport: boolean;
  etag: string | null;
  lastModified: string | null;
  source: ProbeSource;
  /** Set when the server and the metadata name different sizes; the server's wins, the caller logs it. */
  disagreement?: { probe: number; metadata: number };
}

export interface ProbeOptions {
  /** The part's size from Plex metadata, used when the server does not say (`bytes 0-0/*`). */
  metadataSize?: number | null;
  signal?: AbortSignal;
}

const probeRange = 'bytes=0-0';

function usableSize(size: number | null | undefined): number | null {
  return size !== null && size !== undefined && Number.isSafeInteger(size) && size >= 0 ? size : null;
}

/**
 * Probes the size. Transient failures (network, timeouts, 5xx, 429) are retried as the Plex
 * client does; 401/403/404 fail at once with codes `unauthorized` / `not-found`. A 200 body is
 * destroyed at its headers, so a server that ignores ranges never sends the whole file.
 * Given options, a short-lived upstream is made and disposed; given an upstream, it is reused.
 */
export async function probeSize(upstream: HttpUpstream | HttpUpstreamOptions, options: ProbeOptions = {}): Promise<ProbeResult> {
  const target = upstream instanceof HttpUpstream ? upstream : new HttpUpstream(upstream);
  try {
    const response = await target.requestRange(probeRange, options.signal);
    response.body.destroy();
    const answer = readRangeAnswer(response.status, response.headers, response.context);
    if (answer.start !== 0) throw upstreamProtocolError(`bytes from ${answer.start} when asked for bytes from 0`, response.context);
    const metadataSize = usableSize(options.metadataSize);
    const rangeSupport = answer.status === 206;
    const validators = { rangeSupport, etag: answer.etag, lastModified: answer.lastModified };
    if (answer.totalSize === null) {
      if (metadataSize === null) return { totalSize: null, ...validators, source: 'unknown' };
      return { totalSize: metadataSize, ...validators, source: 'metadata' };
    }
    const result: ProbeResult = { totalSize: answer.totalSize, ...validators, source: rangeSupport ? 'content-range' : 'content-length' };
    if (metadataSize !== null && metadataSize !== answer.totalSize) result.disagreement = { probe: answer.totalSize, metadata: metadataSize };
    return result;
  } finally {
    if (target !== upstream) target.dispose();
  }
}
