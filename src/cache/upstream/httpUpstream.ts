// The Upstream over HTTP(S) with axios: ranged GETs (never HEAD), the token as a header added per request, retries, guarded bodies.
import { setMaxListeners } from 'node:events';
import { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Disposable } from '../../base/disposable.js';
import { PlextermError, UsageError } from '../../base/errors.js';
import { keepAliveAgentFor, type KeepAliveAgent } from '../../base/keepAliveAgent.js';
import { redact, registerSecret } from '../../base/redact.js';
import { identityHeaders, type ClientIdentity } from '../../plex/clientIdentity.js';
import { defaultMaxRetryAfterMs, defaultRetries, defaultRetryBaseDelayMs, defaultTimeoutMs } from '../../plex/httpClient.js';
import type { RequestContext } from '../../plex/plexErrors.js';
import { installRetryPolicy } from '../../plex/retryPolicy.js';
import { readUpstreamAnswer } from './upstreamAnswer.js';
import type { Upstream, UpstreamResponse } from './upstream.js';
import { guardedBody } from './upstreamBody.js';
import { discardBody, toUpstreamError, upstreamProtocolError } from './upstreamErrors.js';

export interface HttpUpstreamOptions {
  /** `http(s)://host:port` of the server. */
  baseUrl: string;
  /** The file's path, e.g. `/library/parts/102/1700000000/file.mp4`; never with the token. */
  path: string;
  /** Sent as the X-Plex-Token header at request time; absent for a plain URL. */
  token?: string;
  /** The X-Plex-* headers; absent for a plain URL (they are not sent to other hosts). */
  identity?: ClientIdentity;
  /** An Authorization header for a plain URL that carried user:pass@; redirects to another host drop it. */
  authorization?: string;
  /** Named in messages instead of the host when known. */
  serverName?: string;
  /** Per attempt, until the headers arrive. Default 10000. */
  timeoutMs?: number;
  /** The longest silence of a body before the fetch is given up (and retried). Default 30000. */
  idleTimeoutMs?: number;
  /** Attempts after the first, for transient failures. Default 3. */
  retries?: number;
  /** Default 300. */
  retryBaseDelayMs?: number;
  /** The longest `Retry-After` worth waiting for. Default 30000. */
  maxRetryAfterMs?: number;
}

/** Settings of an upstream for a plain URL: everything but the address, the token and the Plex identity. */
export type PlainUrlOptions = Omit<HttpUpstreamOptions, 'baseUrl' | 'path' | 'token' | 'identity'>;

/** The raw answer to one ranged GET: a 200 or 206 whose body has not been read yet. */
export interface RawRangeResponse {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** Must be read or destroyed. */
  body: Readable;
  context: RequestContext;
}

/** A media server busy seeking a disk may pause a while; longer silence is a stalled connection. */
export const defaultIdleTimeoutMs = 30_000;

/** Redirects are followed for plain URLs only: the token header must not follow one to another host. */
const plainUrlMaxRedirects = 5;

function parseUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url;
  } catch {
    throw new UsageError(`not an http(s) address: ${redact(text)}`);
  }
}

/** `Basic base64(user:password)` from a URL's (percent-encoded) user info; both parts become secrets messages never show. */
function basicAuthorization(url: URL): string {
  const password = safeDecode(url.password);
  const value = `Basic ${Buffer.from(`${safeDecode(url.username)}:${password}`).toString('base64')}`;
  registerSecret(password);
  registerSecret(value);
  return value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
  }
  return result;
}

export class HttpUpstream implements Upstream, Disposable {
  /** What messages may say about requests: host and path, no query, no headers. */
  readonly context: RequestContext;
  readonly path: string;
  private readonly token: string | undefined;
  private readonly idleTimeoutMs: number;
  private readonly instance: AxiosInstance;
  private readonly agent: KeepAliveAgent;
  /** Aborted by dispose(), so nothing in flight retries onto fresh sockets afterwards. */
  private readonly lifetime = new AbortController();

  /** An upstream for any http(s) URL, with no token and no Plex headers (`plexterm cache open --url`). */
  static forUrl(url: string, options: PlainUrlOptions = {}): HttpUpstream {
    const parsed = parseUrl(url);
    // user:pass@ is sent the way a browser sends it, as basic authentication (the origin drops it).
    const basic = parsed.username === '' && parsed.password === '' ? undefined : basicAuthorization(parsed);
    return new HttpUpstream({ ...options, baseUrl: parsed.origin, path: `${parsed.pathname}${parsed.search}`, ...(basic ? { authorization: basic } : {}) });
  }

  constructor(options: HttpUpstreamOptions) {
    const url = parseUrl(options.baseUrl);
    this.agent = keepAliveAgentFor(url);
    if (!options.path.startsWith('/')) throw new UsageError(`not a path on the server: ${redact(options.path)}`);
    registerSecret(options.token);
    setMaxListeners(0, this.lifetime.signal);
    this.token = options.token;
    this.path = options.path;
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.idleTimeoutMs = options.idleTimeoutMs ?? defaultIdleTimeoutMs;
    this.context = {
      method: 'GET',
      host: url.host,
      path: redact(options.path.split('?')[0] ?? options.path),
      timeoutMs,
      ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
    };
    this.instance = axios.create({
      // With its base path: a server behind a reverse proxy answers under one (`https://host/plex`).
      baseURL: url.href.replace(/\/+$/, ''),
      headers: {
        ...(options.identity ? identityHeaders(options.identity) : {}),
        Accept: '*/*',
        // The bytes must be the file's own: a compressed body would not match its ranges.
        'Accept-Encoding': 'identity',
        ...(options.authorization === undefined ? {} : { Authorization: options.authorization }),
      },
      timeout: timeoutMs,
      ...this.agent.axiosOptions,
      maxRedirects: options.token === undefined ? plainUrlMaxRedirects : 0,
      responseType: 'stream',
      decompress: false,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
    this.instance.interceptors.request.use((config) => {
      if (this.token) config.headers.set('X-Plex-Token', this.token);
      return config;
    });
    // Before the retry policy sees a failed attempt, free its socket: its body is never read.
    this.instance.interceptors.response.use(undefined, (error: unknown) => {
      if (axios.isAxiosError(error)) discardBody(error.response?.data);
      return Promise.reject(error);
    });
    installRetryPolicy(this.instance, {
      retries: options.retries ?? defaultRetries,
      baseDelayMs: options.retryBaseDelayMs ?? defaultRetryBaseDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? defaultMaxRetryAfterMs,
    });
  }

  /**
   * One GET with this `Range` header, retried on transient failures. Resolves at the headers of a
   * 200 or 206; any other answer or failure rejects with a PlextermError free of secrets.
   */
  async requestRange(range: string, signal?: AbortSignal): Promise<RawRangeResponse> {
    if (this.lifetime.signal.aborted) {
      throw new PlextermError(`the upstream for ${this.context.path} was already disposed`, { code: 'disposed' });
    }
    const combined = signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
    let response: AxiosResponse<unknown>;
    try {
      response = await this.instance.request<unknown>({
        url: this.path,
        method: 'GET',
        headers: { Range: range },
        signal: combined,
        validateStatus: (status) => status === 200 || status === 206,
      });
    } catch (error) {
      throw toUpstreamError(error, this.context, this.token !== undefined);
    }
    const body = response.data;
    if (!(body instanceof Readable)) throw upstreamProtocolError('a body that is not a stream', this.context);
    return { status: response.status, headers: lowerCaseHeaders(response.headers), body, context: this.context };
  }

  /** Fetches [start, end), or from start to the end of the file when end is undefined. */
  async fetchRange(start: number, end: number | undefined, signal: AbortSignal): Promise<UpstreamResponse> {
    if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end <= start))) {
      throw new PlextermError(`not a byte range: [${start}, ${end ?? 'end'})`, { code: 'invalid-range' });
    }
    const response = await this.requestRange(end === undefined ? `bytes=${start}-` : `bytes=${start}-${end - 1}`, signal);
    try {
      const answer = readUpstreamAnswer(response.status, response.headers, this.context);
      if (answer.status === 206 && answer.start !== start) {
        throw upstreamProtocolError(`bytes from ${answer.start} when asked for bytes from ${start}`, this.context);
      }
      const combined = AbortSignal.any([signal, this.lifetime.signal]);
      const body = guardedBody(response.body, { expected: answer.length, idleTimeoutMs: this.idleTimeoutMs, signal: combined, context: this.context });
      return { status: answer.status, start: answer.start, totalSize: answer.totalSize, etag: answer.etag, body };
    } catch (error) {
      response.body.destroy();
      throw error;
    }
  }

  /** Cancels what is in flight and closes the keep-alive sockets, so a process can exit. */
  dispose(): void {
    this.lifetime.abort();
    this.agent.destroy();
  }
}
