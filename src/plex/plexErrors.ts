// Turns a failed Plex request into one line a person can act on, built only from safe parts.
// An AxiosError carries the request headers (the token) and config: it is read here, never kept.
import { isAxiosError } from 'axios';
import { ExitCode, PlextermError } from '../base/errors.js';
import { formatBytes } from '../base/humanFormat.js';
import { redact } from '../base/redact.js';
import { terminalLine } from '../base/terminalText.js';
import { parseRetryAfterMs } from './retryPolicy.js';

/** What a message may say about the request: no headers, no query string. */
export interface RequestContext {
  method: string;
  /** `host:port` of the server. */
  host: string;
  /** The server's name when known; messages name it instead of the host. */
  serverName?: string;
  /** The path without its query. */
  path: string;
  timeoutMs: number;
}

export interface PlexRequestErrorDetails {
  code: string;
  status?: number;
  retryable?: boolean;
  context: RequestContext;
}

/** A failed request to Plex or plex.tv. Its fields are safe to print. */
export class PlexRequestError extends PlextermError {
  readonly status: number | undefined;
  readonly host: string;
  readonly path: string;

  constructor(message: string, details: PlexRequestErrorDetails) {
    super(redact(message), { code: details.code, exitCode: ExitCode.server, retryable: details.retryable ?? false });
    this.name = 'PlexRequestError';
    this.status = details.status;
    this.host = details.context.host;
    this.path = redact(details.context.path);
  }
}

function serverLabel(context: RequestContext): string {
  return context.serverName ?? context.host;
}

function hostLabel(context: RequestContext): string {
  return context.serverName ? `${context.serverName} (${context.host})` : context.host;
}

function requestLabel(context: RequestContext): string {
  return `${context.method.toUpperCase()} ${context.path}`;
}

/** A short, single-line, secret-free hint of what an error body said. */
export function bodyHint(body: unknown, maxLength = 80): string {
  if (body === undefined || body === null) return '';
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  // Made inert before it is cut: a cut through an escape sequence would leave its tail as text.
  const text = redact(
    terminalLine(raw)
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function withHint(message: string, body: unknown): string {
  const hint = bodyHint(body);
  return hint ? `${message}: ${hint}` : message;
}

/** The error for an HTTP answer outside 2xx. */
export function statusError(status: number, body: unknown, retryAfter: unknown, context: RequestContext): PlexRequestError {
  const where = serverLabel(context);
  const details = { status, context };
  if (status === 401 || status === 403) {
    return new PlexRequestError(`${where} rejected the token (HTTP ${status}): run plexterm login`, { ...details, code: 'unauthorized' });
  }
  if (status === 404) {
    return new PlexRequestError(`${where} has nothing at ${context.path} (HTTP 404)`, { ...details, code: 'not-found' });
  }
  if (status === 429) {
    const waitMs = parseRetryAfterMs(retryAfter);
    const wait = waitMs === undefined ? 'later' : `in ${Math.ceil(waitMs / 1000)} s`;
    return new PlexRequestError(`${where} is limiting requests (HTTP 429): try again ${wait}`, { ...details, code: 'rate-limited', retryable: true });
  }
  if (status >= 500) {
    return new PlexRequestError(withHint(`${where} failed with HTTP ${status} on ${requestLabel(context)}`, body), {
      ...details,
      code: 'server',
      retryable: true,
    });
  }
  return new PlexRequestError(withHint(`${where} refused ${requestLabel(context)} (HTTP ${status})`, body), { ...details, code: 'http' });
}

/** The error for a request that got no HTTP answer at all. */
export function transportError(code: string | undefined, message: string, context: RequestContext): PlexRequestError {
  const where = hostLabel(context);
  switch (code) {
    case 'ERR_CANCELED':
      return new PlexRequestError(`${requestLabel(context)} to ${where} was cancelled`, { code: 'aborted', context });
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return new PlexRequestError(`${where} did not answer within ${formatSeconds(context.timeoutMs)} s`, { code: 'timeout', retryable: true, context });
    case 'ECONNREFUSED':
      return new PlexRequestError(`cannot connect to ${where}: connection refused`, { code: 'network', retryable: true, context });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PlexRequestError(`cannot find ${where}: the name does not resolve (${code})`, { code: 'network', retryable: true, context });
    case 'ECONNRESET':
    case 'EPIPE':
      return new PlexRequestError(`${where} closed the connection (${code})`, { code: 'network', retryable: true, context });
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new PlexRequestError(`the https handshake with ${where} failed (${code}): a server that speaks http needs an http:// address`, { code: 'tls', context });
    default: {
      const certificate = code === undefined ? undefined : certificateProblem(code);
      if (certificate !== undefined) return new PlexRequestError(`the certificate of ${where} ${certificate} (${code})`, { code: 'certificate', context });
      const reason = code ?? (message.split('\n')[0] || 'unknown error');
      return new PlexRequestError(`network error talking to ${where} (${reason})`, { code: 'network', retryable: true, context });
    }
  }
}

const untrusted =
  'is not trusted: a certificate of your own (self-signed, or from your own authority) is trusted when its file is given in NODE_EXTRA_CA_CERTS; or use the server\'s https://….plex.direct address';

/** What is wrong with a server's certificate, for Node's TLS error codes; undefined for any other code. Never retried: trying again cannot fix it. */
function certificateProblem(code: string): string | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_UNTRUSTED':
    case 'CERT_SIGNATURE_FAILURE':
      return untrusted;
    case 'CERT_HAS_EXPIRED':
      return 'has expired';
    case 'CERT_NOT_YET_VALID':
      return 'is not valid yet (is this machine\'s clock right?)';
    case 'CERT_REVOKED':
      return 'was revoked';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'is for another name: use the address the certificate is for (for a Plex server, its https://….plex.direct address)';
    default:
      return undefined;
  }
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

/** A body that cannot be what the API promised. */
export function malformedError(detail: string, context: RequestContext): PlexRequestError {
  return new PlexRequestError(`${serverLabel(context)} sent ${detail} (${requestLabel(context)})`, { code: 'malformed', context });
}

/**
 * A 200 with a JSON body but no MediaContainer where a path names something that may not exist: Plex Media Server
 * answers a removed library section's listing so as well as with a 404, so it is `not-found` like the 404.
 */
export function emptyAnswerError(context: RequestContext): PlexRequestError {
  return new PlexRequestError(`${serverLabel(context)} has nothing at ${context.path} (it answered without a MediaContainer)`, { status: 200, code: 'not-found', context });
}

/** An answer longer than plexterm reads: it was cut off, never held in memory whole. */
export function answerTooLargeError(limitBytes: number, context: RequestContext): PlexRequestError {
  return new PlexRequestError(
    `${serverLabel(context)} sent more than ${formatBytes(limitBytes)} for ${requestLabel(context)}; plexterm reads at most that (setting "maxAnswerSize" in config.json)`,
    { code: 'answer-too-large', context },
  );
}

/**
 * Whether a failure means the server could not be reached at all (code `network` or `timeout`), as opposed to
 * refusing or answering badly: then what was kept (listings, answers, a complete cached copy) may stand in for it.
 */
export function isServerUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'network' || code === 'timeout';
}

/** Any failure of a request, as a PlextermError. Already-converted errors pass through. */
export function toPlexError(error: unknown, context: RequestContext): PlextermError {
  if (error instanceof PlextermError) return error;
  if (isAxiosError(error)) {
    const response = error.response;
    if (response) return statusError(response.status, response.data, response.headers['retry-after'], context);
    return transportError(error.code, error.message, context);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PlexRequestError(`${requestLabel(context)} to ${serverLabel(context)} failed: ${message.split('\n')[0]}`, { code: 'network', context });
}
