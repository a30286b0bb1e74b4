// When and how soon a failed Plex request is tried again: idempotent requests only, transient failures only.
import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { requestTimeLeft } from './requestDeadline.js';

export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  /** The first backoff delay; each later one doubles, with jitter. */
  baseDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails as rate-limited. */
  maxRetryAfterMs: number;
  /** Source of jitter, replaceable in tests. */
  random?: () => number;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** plexterm's own per-request settings, read by its interceptors. */
    plexterm?: {
      /** Marks a POST (or other unsafe method) as safe to send twice. */
      idempotent?: boolean;
      /** A token for this request only (plex.tv calls made on behalf of a token). */
      token?: string;
    };
  }
}

const idempotentMethods = new Set(['get', 'head', 'put', 'delete', 'options']);

/** Error codes of failures that may pass: the connection broke, was refused, or the answer was late. */
const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED', // axios' timeout code unless clarifyTimeoutError is set
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_NETWORK',
]);

/** 501 Not Implemented and 505 HTTP Version Not Supported will not change on a second try. */
const permanentServerStatuses = new Set([501, 505]);

const maxBackoffMs = 30_000;

function isIdempotentRequest(config: InternalAxiosRequestConfig | undefined): boolean {
  if (!config) return false;
  if (config.plexterm?.idempotent) return true;
  return idempotentMethods.has((config.method ?? 'get').toLowerCase());
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && !permanentServerStatuses.has(status));
}

/**
 * Milliseconds a `Retry-After` value asks to wait: either delta-seconds (`"120"`) or an HTTP date
 * (`"Wed, 21 Oct 2026 07:28:00 GMT"`). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterMs(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so clients spread out. */
export function backoffDelayMs(retryNumber: number, baseDelayMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxBackoffMs, baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

function retryAfterOf(error: AxiosError): number | undefined {
  return parseRetryAfterMs(error.response?.headers?.['retry-after']);
}

/** Whether this failure of this request should be tried again. */
function shouldRetry(error: AxiosError, options: RetryOptions): boolean {
  if (error.code === 'ERR_CANCELED') return false;
  if (!isIdempotentRequest(error.config)) return false;
  const timeLeft = requestTimeLeft(error.config);
  if (timeLeft <= 0) return false;
  const response = error.response;
  if (response) {
    if (!isRetryableStatus(response.status)) return false;
    const retryAfter = retryAfterOf(error);
    // A wait that would outlast the request's deadline only delays the same failure.
    return retryAfter === undefined || retryAfter <= Math.min(options.maxRetryAfterMs, timeLeft);
  }
  return error.code !== undefined && transientCodes.has(error.code);
}

/** The wait before retry number `retryNumber` (1-based): the server's `Retry-After` if it gave one. */
export function retryDelayMs(retryNumber: number, error: AxiosError, options: RetryOptions): number {
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) return Math.min(retryAfter, options.maxRetryAfterMs);
  return Math.max(0, Math.min(backoffDelayMs(retryNumber, options.baseDelayMs, options.random), requestTimeLeft(error.config)));
}

/**
 * Installs the policy on an instance. `shouldResetTimeout` keeps axios' `timeout` per attempt;
 * without it axios-retry shrinks the budget of each retry by the time already spent.
 */
export function installRetryPolicy(instance: AxiosInstance, options: RetryOptions): void {
  axiosRetry(instance, {
    retries: options.retries,
    shouldResetTimeout: true,
    retryCondition: (error) => shouldRetry(error, options),
    retryDelay: (retryNumber, error) => retryDelayMs(retryNumber, error, options),
  });
}
