// The plugin host's sandbox: Node's permission model, reading only plexterm's install and the plugins' folders, writing only their storage.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { packageRoot } from '../base/packageRoot.js';

export interface SandboxFolders {
  /** Folders the host may read: plexterm's install, each plugin's own folder. */
  read: readonly string[];
  /** Folders the host may read and write: each plugin's storage folder. */
  write: readonly string[];
}

/**
 * plexterm's install, and RxJS's folder when npm placed it outside (the host and the bundled plugins
 * load it): what the host reads besides the plugins' own folders.
 */
export function installFolders(): string[] {
  const rxjs = dirname(createRequire(import.meta.url).resolve('rxjs/package.json'));
  return [packageRoot(), rxjs];
}

/**
 * The flag that turns Node's permission model on: `--permission` (Node 22 and later), or
 * `--experimental-permission` (Node 20); null on a Node without one.
 */
export function permissionFlag(knownFlags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string | null {
  if (knownFlags.has('--permission')) return '--permission';
  if (knownFlags.has('--experimental-permission')) return '--experimental-permission';
  return null;
}

/**
 * The host's Node flags. Without an --allow-child-process, --allow-worker, --allow-addons or
 * --allow-wasi flag, it may start no process, worker, addon or WASI module: players and commands are
 * started by plexterm on a plugin's request. Empty where Node has no permission model.
 */
export function sandboxArguments(folders: SandboxFolders, flag: string | null = permissionFlag()): string[] {
  if (flag === null) return [];
  const reads = [...new Set([...folders.read, ...folders.write].map(realFolder))];
  const writes = [...new Set(folders.write.map(realFolder))];
  return [
    flag,
    // Node 20 warns that the model is experimental on every start; the warning would only fill the log.
    ...(flag === '--experimental-permission' ? ['--disable-warning=ExperimentalWarning'] : []),
    ...reads.map((folder) => `--allow-fs-read=${folder}`),
    ...writes.map((folder) => `--allow-fs-write=${folder}`),
  ];
}

/** What `plugins` and the README say where plugins run without a sandbox; null where they have one. */
export function sandboxWarning(flag: string | null = permissionFlag()): string | null {
  if (flag !== null) return null;
  return `plugins run without a sandbox: Node ${process.version} has no permission model (Node 20.12 or later has one); a plugin can read every file you can, config.json included`;
}

/** The permission model checks real paths: a folder reached through a symbolic link is allowed by its target. */
function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder; // not made yet (a storage folder): allowed by the path it will have
  }
}
