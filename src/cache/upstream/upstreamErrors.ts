// The errors of fetching a file's bytes from upstream, each one line a person can act on and free of secrets.
import { Readable } from 'node:stream';
import { isAxiosError } from 'axios';
import type { PlextermError } from '../../base/errors.js';
import { PlexRequestError, toPlexError, type RequestContext } from '../../plex/plexErrors.js';

function serverLabel(context: RequestContext): string {
  return context.serverName ?? context.host;
}

export function upstreamProtocolError(detail: string, context: RequestContext): PlexRequestError {
  return new PlexRequestError(`${serverLabel(context)} answered a range request for ${context.path} wrongly: ${detail}`, {
    code: 'upstream-protocol',
    context,
  });
}

/** A body that ended or broke before the bytes its headers promised: resume from the last byte kept. */
export function connectionCutError(received: number, expected: number | null, context: RequestContext): PlexRequestError {
  const of = expected === null ? '' : ` of ${expected}`;
  return new PlexRequestError(`${serverLabel(context)} closed the connection after ${received}${of} bytes of ${context.path}`, {
    code: 'network',
    retryable: true,
    context,
  });
}

export function bodyIdleError(received: number, idleTimeoutMs: number, context: RequestContext): PlexRequestError {
  const seconds = (idleTimeoutMs / 1000).toFixed(idleTimeoutMs % 1000 === 0 ? 0 : 1);
  return new PlexRequestError(`${serverLabel(context)} sent nothing for ${seconds} s after ${received} bytes of ${context.path}`, {
    code: 'timeout',
    retryable: true,
    context,
  });
}

export function abortedError(context: RequestContext): PlexRequestError {
  return new PlexRequestError(`the download of ${context.path} from ${serverLabel(context)} was cancelled`, { code: 'aborted', context });
}

/** The error for an HTTP status that fails a byte request; null where the Plex client's wording fits. */
function statusError(status: number, context: RequestContext, sentToken: boolean): PlexRequestError | null {
  const where = serverLabel(context);
  const details = { status, context };
  if ((status === 401 || status === 403) && sentToken) {
    return new PlexRequestError(`${where} rejected the token for ${context.path} (HTTP ${status}): run plexterm login`, { ...details, code: 'unauthorized' });
  }
  if (status === 401 || status === 403) {
    return new PlexRequestError(`${where} refused access to ${context.path} (HTTP ${status}): the URL needs credentials plexterm does not send`, {
      ...details,
      code: 'unauthorized',
    });
  }
  if (status === 404) {
    return new PlexRequestError(`${where} has no file at ${context.path} (HTTP 404): it was moved or the library rescanned; open the item again`, {
      ...details,
      code: 'not-found',
    });
  }
  if (status === 416) {
    return new PlexRequestError(`${where} cannot serve the bytes asked of ${context.path} (HTTP 416): the file is shorter than expected`, {
      ...details,
      code: 'range-not-satisfiable',
    });
  }
  return null;
}

/** Frees the socket held by an unread response body. */
export function discardBody(body: unknown): void {
  if (body instanceof Readable) body.destroy();
}

/**
 * Any failure of an upstream request as a PlextermError. An AxiosError carries the token in its
 * config: only its status, headers and code are read here, and it is never kept as a cause.
 */
export function toUpstreamError(error: unknown, context: RequestContext, sentToken: boolean): PlextermError {
  if (isAxiosError(error) && error.response) {
    discardBody(error.response.data);
    const specific = statusError(error.response.status, context, sentToken);
    if (specific) return specific;
    // The body is a stream, not text to quote in the message.
    error.response.data = undefined;
  }
  return toPlexError(error, context);
}
