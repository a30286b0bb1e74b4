// Where plexterm keeps its files: the XDG folders, or all under one folder with --home / PLEXTERM_HOME.
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

export interface PlextermPaths {
  /** Holds config.json (mode 0600: it may hold the token) and the person's plugins/ folder. */
  config: string;
  /** Listings seen before, plugin storage, journals. */
  data: string;
  /** The media cache: store file and data files. */
  cache: string;
  /** Log files. */
  log: string;
}

/**
 * Resolves the folders. `home` (from `--home` or `PLEXTERM_HOME`) moves every folder under it;
 * otherwise the XDG variables are honoured (XDG_CONFIG_HOME and friends).
 */
export function resolvePaths(home?: string | undefined): PlextermPaths {
  if (home) {
    const root = resolve(home);
    return { config: join(root, 'config'), data: join(root, 'data'), cache: join(root, 'cache'), log: join(root, 'log') };
  }
  const xdg = envPaths('plexterm', { suffix: '' });
  return { config: xdg.config, data: xdg.data, cache: xdg.cache, log: xdg.log };
}
