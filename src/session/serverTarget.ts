// Which server and token a run uses, found once by Session.start(): --demo first (the session starts its
// server), then the flags, then the environment, then the config.
import type { LoadedConfig } from '../base/config.js';
import { PlextermError } from '../base/errors.js';
import { checkServerAddress } from '../base/serverAddress.js';
import type { GlobalOptions } from './globalOptions.js';

export interface ServerTarget {
  url: string;
  token: string | undefined;
  name: string | undefined;
  /** Where the URL came from, for messages: flag, environment, config or demo. */
  source: 'flag' | 'environment' | 'config' | 'demo';
}

/** The server of a run without --demo; throws `not-configured` when there is none, `usage` for a bad address. */
export function findServerTarget(options: GlobalOptions, environment: NodeJS.ProcessEnv, { config, path }: LoadedConfig): ServerTarget {
  const environmentServer = environment.PLEXTERM_SERVER || undefined;
  const environmentToken = environment.PLEXTERM_TOKEN || undefined;
  const token = options.token ?? environmentToken ?? config.token;
  // --server was checked as the arguments were read; the others are checked here, before any request.
  if (options.server) return { url: options.server, token, name: undefined, source: 'flag' };
  if (environmentServer) return { url: checkServerAddress(environmentServer, 'PLEXTERM_SERVER'), token, name: undefined, source: 'environment' };
  if (config.server) return { url: checkServerAddress(config.server.url, `the config file ${path} (server.url)`), token, name: config.server.name, source: 'config' };
  throw new PlextermError('no Plex server is configured: run `plexterm login`, pass --server URL --token TOKEN, or try `plexterm --demo`', {
    code: 'not-configured',
    exitCode: 1,
  });
}
