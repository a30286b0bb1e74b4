// One axios instance per server: identity headers, the token added per request, retries, safe errors.
import { setMaxListeners } from 'node:events';
import axios, { isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { Disposable } from '../base/disposable.js';
import { PlextermError } from '../base/errors.js';
import { keepAliveAgentFor, type KeepAliveAgent } from '../base/keepAliveAgent.js';
import { redact, registerSecret } from '../base/redact.js';
import { checkServerAddress } from '../base/serverAddress.js';
import { identityHeaders, type ClientIdentity } from './clientIdentity.js';
import { answerTooLargeError, toPlexError, type RequestContext } from './plexErrors.js';
import { installRequestDeadline } from './requestDeadline.js';
import { parseJsonBody } from './responseBody.js';
import { installRetryPolicy } from './retryPolicy.js';
import { defaultMaxAnswerBytes } from './answerSize.js';

export interface HttpClientOptions {
  baseUrl: string;
  token?: string;
  /** Named in messages instead of the host when known. */
  serverName?: string;
  identity: ClientIdentity;
  /** Per attempt: the whole answer, headers and body; not shared across retries. Default 10000. */
  timeoutMs?: number;
  /** After this long no retry of a request starts (nor a wait for one). Default three times `timeoutMs`. */
  requestTimeoutMs?: number;
  /** The largest answer body read, in bytes; a longer one fails as `answer-too-large`. Default 64 MiB. */
  maxAnswerBytes?: number;
  /** Attempts after the first, for idempotent requests. Default 3. */
  retries?: number;
  /** Default 300. */
  retryBaseDelayMs?: number;
  /** The longest `Retry-After` worth waiting for. Default 30000. */
  maxRetryAfterMs?: number;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
export type QueryValue = string | number | boolean | undefined;

/** Options of calls that can be cancelled. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface HttpRequestOptions extends CallOptions {
  method?: HttpMethod;
  params?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Allows retrying a POST that is safe to send twice. */
  idempotent?: boolean;
  /** A token for this request only; otherwise the client's own token, if any. */
  token?: string;
  /** Statuses that come back as a response instead of an error, e.g. `[404]`. */
  acceptStatus?: number[];
  /** Overrides the client's retry count for this request. */
  retries?: number;
}

/** An answer whose body is kept as text. */
export interface HttpTextResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  context: RequestContext;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; `undefined` for an empty body. */
  body: unknown;
  context: RequestContext;
}

export const defaultTimeoutMs = 10_000;
export const defaultRetries = 3;
export const defaultRetryBaseDelayMs = 300;
export const defaultMaxRetryAfterMs = 30_000;
/** A request with its retries may take this many times the attempt timeout. */
const requestTimeoutFactor = 3;
export { defaultMaxAnswerBytes };

/** `host:port`, with the scheme's default port spelled out. */
function hostWithPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/** The base address, checked as the CLI checks --server: the TUI's sign-in form and plex.tv's connections come here unchecked. */
function parseBaseUrl(baseUrl: string): URL {
  return new URL(checkServerAddress(baseUrl, 'the address given'));
}

/** axios' own failure when a body passes `maxContentLength`: no response, and only its message says why. */
function isAnswerTooLarge(error: unknown): boolean {
  return isAxiosError(error) && error.code === 'ERR_BAD_RESPONSE' && !error.response && error.message.startsWith('maxContentLength');
}

export class PlexHttpClient implements Disposable {
  readonly baseUrl: string;
  readonly host: string;
  readonly serverName: string | undefined;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  private readonly token: string | undefined;
  private readonly instance: AxiosInstance;
  private readonly agent: KeepAliveAgent;
  /** Aborted by dispose(), so nothing in flight retries onto fresh sockets afterwards. */
  private readonly lifetime = new AbortController();

  constructor(options: HttpClientOptions) {
    const url = parseBaseUrl(options.baseUrl);
    this.agent = keepAliveAgentFor(url);
    registerSecret(options.token);
    // Every request in flight listens on it; many at once are normal, not a leak.
    setMaxListeners(0, this.lifetime.signal);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.host = hostWithPort(url);
    this.serverName = options.serverName;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.maxAnswerBytes = options.maxAnswerBytes ?? defaultMaxAnswerBytes;
    this.instance = axios.create({
      baseURL: this.baseUrl,
      headers: identityHeaders(options.identity),
      timeout: this.timeoutMs,
      maxContentLength: this.maxAnswerBytes,
      ...this.agent.axiosOptions,
      // The token header must not follow a redirect to another host.
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
    this.instance.interceptors.request.use((config) => {
      const token = config.plexterm?.token ?? this.token;
      if (token) config.headers.set('X-Plex-Token', token);
      return config;
    });
    installRequestDeadline(this.instance, { attemptMs: this.timeoutMs, requestMs: options.requestTimeoutMs ?? requestTimeoutFactor * this.timeoutMs });
    installRetryPolicy(this.instance, {
      retries: options.retries ?? defaultRetries,
      baseDelayMs: options.retryBaseDelayMs ?? defaultRetryBaseDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? defaultMaxRetryAfterMs,
    });
  }

  /** Sends a request and parses its JSON body; any failure is a PlextermError without secrets. */
  async send(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const { status, headers, text, context } = await this.sendText(path, options);
    const ok = status >= 200 && status < 300;
    let body: unknown;
    try {
      body = parseJsonBody(text, context);
    } catch (error) {
      // An accepted error status may come with any body; only success bodies must be JSON.
      if (ok) throw error;
    }
    return { status, headers, body, context };
  }

  /** Sends a request and returns its body as text (a subtitle file, say); failures as `send`'s. */
  async sendText(path: string, options: HttpRequestOptions = {}): Promise<HttpTextResponse> {
    const method = options.method ?? 'GET';
    const context: RequestContext = {
      method,
      host: this.host,
      path: redact(path.split('?')[0] ?? path),
      timeoutMs: this.timeoutMs,
      ...(this.serverName === undefined ? {} : { serverName: this.serverName }),
    };
    if (this.lifetime.signal.aborted) {
      throw new PlextermError(`the client for ${this.serverName ?? this.host} was already disposed`, { code: 'disposed' });
    }
    registerSecret(options.token);
    const accepted = options.acceptStatus ?? [];
    let response: AxiosResponse<string>;
    try {
      response = await this.instance.request<string>({
        url: path,
        method,
        params: options.params,
        headers: options.headers,
        signal: options.signal ? AbortSignal.any([options.signal, this.lifetime.signal]) : this.lifetime.signal,
        validateStatus: (status) => (status >= 200 && status < 300) || accepted.includes(status),
        plexterm: { idempotent: options.idempotent ?? false, ...(options.token ? { token: options.token } : {}) },
        ...(options.retries === undefined ? {} : { 'axios-retry': { retries: options.retries } }),
      });
    } catch (error) {
      if (isAnswerTooLarge(error)) throw answerTooLargeError(this.maxAnswerBytes, context);
      throw toPlexError(error, context);
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    return { status: response.status, headers, text, context };
  }

  /** Cancels what is in flight and closes the keep-alive sockets, so a process can exit. */
  dispose(): void {
    this.lifetime.abort();
    this.agent.destroy();
  }
}
