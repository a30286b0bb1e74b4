// The errors readers of a cache entry get when its bytes cannot be had, each one a person can act on.
import { describeError, ExitCode, isPlextermError, PlextermError } from '../../base/errors.js';
import { isNoSpace, noSpaceError } from '../disk/index.js';

/** Whether trying the same request again may succeed: everything except errors marked `retryable: false`. */
export function isRetryable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'retryable' in error) return error.retryable !== false;
  return true;
}

/**
 * A write or fsync the disk refused, or the free-space reserve reached (a PlextermError, passed on): caching
 * stops for the entry (`disk-full` lets the caller pass through). `folder` and `bytes` name what was refused.
 */
export function storageError(cause: unknown, folder?: string, bytes = 0): PlextermError {
  if (isPlextermError(cause)) return cause;
  if (isNoSpace(cause)) {
    if (folder !== undefined) return noSpaceError(folder, bytes, 'caching this entry', cause);
    return new PlextermError('the disk is full: stopped caching this entry', { code: 'disk-full', exitCode: ExitCode.usage, cause });
  }
  return new PlextermError(`could not write the cache data file: ${describeError(cause)}`, { code: 'disk-error', cause });
}

export function upstreamChangedError(detail: string): PlextermError {
  return new PlextermError(`the file changed on the server (${detail}): open it again`, { code: 'upstream-changed' });
}

export function upstreamProtocolError(detail: string): PlextermError {
  return new PlextermError(`the server answered a range request wrongly: ${detail}`, { code: 'upstream-protocol' });
}

/** A body that ended before the bytes asked for: a dropped connection, resumed from the last byte written. */
export function bodyCutError(at: number, end: number): PlextermError {
  return new PlextermError(`the download stopped at byte ${at} of ${end}`, { code: 'network', retryable: true });
}

/** The download of [start, end) failed for good; keeps the code of the cause where it has one. */
export function downloadFailedError(start: number, end: number, cause: unknown): PlextermError {
  const code = isPlextermError(cause) ? cause.code : 'network';
  return new PlextermError(`could not download bytes ${start}-${end - 1}: ${describeError(cause)}`, { code, cause });
}

export function downloadStoppedError(): PlextermError {
  return new PlextermError('the download of this entry was stopped', { code: 'cancelled' });
}
