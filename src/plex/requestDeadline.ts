// Deadlines of API requests that cover the whole answer: each attempt's, and the request's with all its retries.
// axios' own `timeout` is a socket idle timer: a server that sends its headers and then one byte a
// second never trips it, and plexterm waited for ever. These deadlines abort the attempt instead.
// An attempt gets `attemptMs` for its whole answer, headers and body together: a body that keeps
// coming, however fast, cannot hold a command past it (a retry gets a fresh `attemptMs`). Large
// listings are asked for in pages (see listPages in cli/commands/library.ts), so no normal answer
// needs more than one attempt's time.
import { isAxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

export interface DeadlineOptions {
  /** How long one attempt may take for its whole answer: headers and body. */
  attemptMs: number;
  /** After this long no new attempt starts, and no wait for one is longer than what is left. */
  requestMs: number;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set by the deadline interceptor; read by it and by the retry policy. */
    plextermDeadline?: {
      /** Epoch milliseconds by which the request and its retries must be over. */
      requestEndsAt: number;
      /** The caller's own signal, kept apart from the attempt's deadline so a retry can start a fresh one. */
      callerSignal: AbortSignal | undefined;
      /** Aborted when the current attempt ran out of time. */
      attemptExpired?: AbortSignal;
      /** Stops the current attempt's timer once it is answered. */
      endAttempt?: () => void;
    };
  }
}

/** Milliseconds left for the request `config` belongs to; infinite before its first attempt. */
export function requestTimeLeft(config: InternalAxiosRequestConfig | undefined, now: number = Date.now()): number {
  const endsAt = config?.plextermDeadline?.requestEndsAt;
  return endsAt === undefined ? Number.POSITIVE_INFINITY : endsAt - now;
}

/**
 * Installs both deadlines on an instance, before the retry policy so it sees an attempt that ran out
 * of time as an ordinary, retryable timeout (`ETIMEDOUT`) rather than as a cancelled request.
 */
export function installRequestDeadline(instance: AxiosInstance, options: DeadlineOptions): void {
  instance.interceptors.request.use((config) => {
    const deadline = (config.plextermDeadline ??= { requestEndsAt: Date.now() + options.requestMs, callerSignal: config.signal as AbortSignal | undefined });
    const expired = new AbortController();
    const timer = setTimeout(() => expired.abort(), options.attemptMs);
    // The socket keeps the process alive while it matters; a stray timer must not.
    timer.unref();
    deadline.attemptExpired = expired.signal;
    deadline.endAttempt = () => clearTimeout(timer);
    config.signal = deadline.callerSignal ? AbortSignal.any([deadline.callerSignal, expired.signal]) : expired.signal;
    return config;
  });
  instance.interceptors.response.use(
    (response) => {
      response.config.plextermDeadline?.endAttempt?.();
      return response;
    },
    (error: unknown) => {
      const deadline = isAxiosError(error) ? error.config?.plextermDeadline : undefined;
      if (isAxiosError(error) && error.config && deadline) {
        deadline.endAttempt?.();
        // The wait before a retry listens to this signal: it must be the caller's, not the spent deadline's.
        error.config.signal = deadline.callerSignal;
        if (deadline.attemptExpired?.aborted && !deadline.callerSignal?.aborted) {
          error.code = 'ETIMEDOUT';
          error.message = 'the answer did not arrive in time';
        }
      }
      return Promise.reject(error);
    },
  );
}
