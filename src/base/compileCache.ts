// Node's compile cache (Node 22.1 and later): V8's compiled code for plexterm's modules kept between runs, so a start
// deserializes it instead of parsing and compiling the bundle again. bin/plexterm.js turns it on before the bundle loads;
// the plugin host has its own (NODE_COMPILE_CACHE, given by src/extensions/hostProcess.ts). Node 20 has none: nothing happens there.
import nodeModule from 'node:module';
import { join, resolve } from 'node:path';
import { resolvePaths } from './paths.js';

/** What Node 22.1+ has (the types are Node 20's). */
type EnableCompileCache = (folder: string) => { status: number; message?: string; directory?: string };

/** The folder in plexterm's cache folder that holds Node's compile caches; each process kind has its own below it. */
export const compileCacheName = 'node-compile-cache';

/**
 * The cache folder the command line and environment choose: `--home DIR` (or `--home=DIR`) anywhere on the command line,
 * else PLEXTERM_HOME, else the XDG cache folder, as src/base/paths.ts resolves them. Read before the command line is
 * parsed, so an odd command line only puts the compile cache where the person's `--home` said.
 */
export function cacheFolderOf(argv: readonly string[], environment: NodeJS.ProcessEnv): string {
  let home: string | undefined;
  for (let index = 0; index < argv.length && argv[index] !== '--'; index += 1) {
    const arg = argv[index] ?? '';
    if (arg.startsWith('--home=')) home = arg.slice('--home='.length);
    else if (arg === '--home' && index + 1 < argv.length) home = argv[(index += 1)];
  }
  return resolvePaths(home !== undefined && home !== '' ? resolve(home) : environment.PLEXTERM_HOME).cache;
}

function nodeEnableCompileCache(): EnableCompileCache | null {
  const enable = (nodeModule as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  return typeof enable === 'function' ? enable : null;
}

/** PLEXTERM_NO_COMPILE_CACHE set (to measure without it): no compile cache, the program's nor the plugin host's. */
export function compileCacheTurnedOff(environment: NodeJS.ProcessEnv): boolean {
  return (environment.PLEXTERM_NO_COMPILE_CACHE ?? '') !== '';
}

/** Whether this Node has a compile cache (22.1 and later). */
export function hasCompileCache(): boolean {
  return nodeEnableCompileCache() !== null;
}

/**
 * Turns Node's compile cache on for this process, in `folder` (made when missing). False where Node has none (Node 20),
 * when the folder cannot be made or written (a read-only or full disk: the start is only slower), or when
 * PLEXTERM_NO_COMPILE_CACHE is set (to measure without it).
 */
export function enableCompileCache(folder: string, environment: NodeJS.ProcessEnv = process.env): boolean {
  const enable = nodeEnableCompileCache();
  if (enable === null || compileCacheTurnedOff(environment)) return false;
  try {
    // 1: enabled; 2: already on (NODE_COMPILE_CACHE); 0: failed, 3: disabled by NODE_DISABLE_COMPILE_CACHE.
    const { status } = enable(folder);
    return status === 1 || status === 2;
  } catch {
    return false;
  }
}

/** Writes this process's compile cache now (Node 22.10 and later; Node writes it at a normal exit anyway): for a process that is killed. */
export function flushCompileCache(): void {
  try {
    (nodeModule as unknown as { flushCompileCache?: () => void }).flushCompileCache?.();
  } catch {
    // a full or read-only disk: the next start compiles again
  }
}

/** bin/plexterm.js's step before the bundle loads: the compile cache of plexterm's own process. */
export function enableProgramCompileCache(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): boolean {
  return enableCompileCache(join(cacheFolderOf(argv, environment), compileCacheName, 'plexterm'), environment);
}
