// Deadlines of API requests that cover the whole answer: each attempt's, and the request's with all its retries.
// axios' own `timeout` is a socket idle timer: a server that sends its headers and then one byte a
// second never trips it, and plexterm waited for ever. These deadlines abort the attempt instead.
// An attempt gets `attemptMs` for its headers, and again for every `progressBytes` of body after
// them: a dripping body fails, a 50 MB listing that keeps coming on a slow link does not.
import { isAxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

export interface DeadlineOptions {
  /** How long one attempt may wait for its headers, and then for each `progressBytes` of its body. */
  attemptMs: number;
  /** After this long no new attempt starts, and no wait for one is longer than what is left. */
  requestMs: number;
}

/** A body must bring this much in every `attemptMs` to count as arriving rather than dripping. */
export const progressBytes = 64 * 1024;

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
    let timer: NodeJS.Timeout | undefined;
    const restart = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => expired.abort(), options.attemptMs);
      // The socket keeps the process alive while it matters; a stray timer must not.
      timer.unref();
    };
    restart();
    let progressAt = 0;
    config.onDownloadProgress = ({ loaded }) => {
      if (loaded - progressAt < progressBytes || expired.signal.aborted) return;
      progressAt = loaded;
      restart();
    };
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
