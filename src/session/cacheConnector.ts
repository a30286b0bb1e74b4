// Where the session's cache fetches an entry's bytes from: whole http(s) URLs as they are (no token, no
// Plex headers), part paths from the session's server with its token.
import { PlextermError } from '../base/errors.js';
import type { HttpUpstream, HttpUpstreamOptions } from '../cache/index.js';
import type { ServerTarget } from './serverTarget.js';

type Timeouts = Pick<HttpUpstreamOptions, 'timeoutMs' | 'idleTimeoutMs'>;

/**
 * `server` is undefined when the session has none (`targetError` says why): a part path then throws that
 * error for a bad address, else the "not configured" one. The cache's module is passed in, loaded by the caller.
 */
export function cacheConnector(
  upstream: typeof HttpUpstream,
  server: (ServerTarget & { clientIdentifier: string }) | undefined,
  targetError: PlextermError | undefined,
  timeouts: Timeouts,
): (upstreamPath: string) => HttpUpstream {
  return (upstreamPath) => {
    if (/^https?:\/\//i.test(upstreamPath)) return upstream.forUrl(upstreamPath, timeouts);
    if (!server) {
      if (targetError?.code === 'usage') throw targetError;
      throw new PlextermError('no Plex server is configured to fetch this cache entry from: run `plexterm login`, or pass --server URL --token TOKEN', {
        code: 'not-configured',
        exitCode: 1,
      });
    }
    return new upstream({ baseUrl: server.url, path: upstreamPath, token: server.token, identity: { clientIdentifier: server.clientIdentifier }, serverName: server.name, ...timeouts });
  };
}
