// Learns a file's total size, range support and validators with one `GET Range: bytes=0-N` (never HEAD: Plex answers it with 500), bringing the first bytes along.
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../plex/plexErrors.js';
import { HttpUpstream, defaultIdleTimeoutMs, type HttpUpstreamOptions } from './httpUpstream.js';
import { guardedBody } from './upstreamBody.js';
import { readUpstreamAnswer } from './upstreamAnswer.js';
import { upstreamProtocolError } from './upstreamErrors.js';


/** Where the size came from; `store`: a recorded file a play trusted without asking (see CacheEntry). */
export type ProbeSource = 'content-range' | 'content-length' | 'metadata' | 'unknown' | 'store';

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
  /**
   * With `firstBytes` > 1 and a 206 of a known size: the bytes from 0 the same answer carries, still arriving
   * when the probe resolves; null when they did not all come (the caller fetches them as it would have).
   */
  head?: Promise<Buffer | null>;
}

export interface ProbeOptions {
  /** The part's size from Plex metadata, used when the server does not say (`bytes 0-0/*`). */
  metadataSize?: number | null;
  signal?: AbortSignal;
  /**
   * How many bytes from 0 to ask for (default 1): one request then tells the size through Content-Range
   * and brings the start of the file, instead of a probe and a first fetch one after the other.
   */
  firstBytes?: number;
  /** Stops reading the first bytes; `signal` covers the request only, which is over once the probe resolves. */
  headSignal?: AbortSignal;
}

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
    const firstBytes = Math.max(1, Math.floor(options.firstBytes ?? 1));
    const response = await target.requestRange(`bytes=0-${firstBytes - 1}`, options.signal);
    let answer: ReturnType<typeof readUpstreamAnswer>;
    try {
      answer = readUpstreamAnswer(response.status, response.headers, response.context);
      if (answer.start !== 0) throw upstreamProtocolError(`bytes from ${answer.start} when asked for bytes from 0`, response.context);
    } catch (error) {
      response.body.destroy();
      throw error;
    }
    // Only a 206 of a known size is worth reading: a 200 would send the whole file, an unknown size is downloaded anyway.
    const keep = firstBytes > 1 && answer.status === 206 && answer.totalSize !== null && answer.length !== null;
    const head = keep ? readHead(response.body, answer.length, response.context, options.headSignal) : undefined;
    if (!keep) response.body.destroy();
    const metadataSize = usableSize(options.metadataSize);
    const rangeSupport = answer.status === 206;
    const validators = { rangeSupport, etag: answer.etag, lastModified: answer.lastModified };
    if (answer.totalSize === null) {
      if (metadataSize === null) return { totalSize: null, ...validators, source: 'unknown' };
      return { totalSize: metadataSize, ...validators, source: 'metadata' };
    }
    const result: ProbeResult = { totalSize: answer.totalSize, ...validators, source: rangeSupport ? 'content-range' : 'content-length' };
    if (metadataSize !== null && metadataSize !== answer.totalSize) result.disagreement = { probe: answer.totalSize, metadata: metadataSize };
    if (head) result.head = head;
    return result;
  } finally {
    if (target !== upstream) target.dispose();
  }
}

/** The whole body of the probe's answer, or null when it did not all come (cut, stalled, aborted). */
async function readHead(body: Readable, expected: number | null, context: RequestContext, signal: AbortSignal | undefined): Promise<Buffer | null> {
  const pieces: Uint8Array[] = [];
  try {
    for await (const piece of guardedBody(body, { expected, idleTimeoutMs: defaultIdleTimeoutMs, signal: signal ?? new AbortController().signal, context })) pieces.push(piece);
    return Buffer.concat(pieces);
  } catch {
    return null;
  }
}
