// Which plugins found may run: bundled ones always; a third-party one only once trusted, and never in a bundled plugin's place.
import { dirname, resolve } from 'node:path';
import { describeError } from '../base/errors.js';
import type { InvalidPlugin, PluginDescription, ValidPlugin } from './manifest.js';
import type { PluginTrustStore } from './pluginTrust.js';

/** Where a plugin was found: plexterm's own folder, a `--plugins-dir` of this run (trusted for it), or elsewhere (the person's config folder). */
export type PluginOrigin = 'bundled' | 'pluginsDir' | 'thirdParty';

export interface AdmittedPlugin {
  description: PluginDescription;
  origin: PluginOrigin;
  /** Why a valid third-party plugin does not run yet, or null when it may run. */
  untrusted: string | null;
}

export interface AdmissionOptions {
  bundledRoot: string | null;
  /** `--plugins-dir` folders: running plexterm with one counts as trusting what is in it, for that run. */
  pluginsDirs: readonly string[];
  /** Null: nothing was ever trusted (no config folder), so every third-party plugin waits. */
  trustStore: PluginTrustStore | null;
}

/** Sorts the plugins `discoverPlugins` found into runnable, refused (a bundled id taken) and waiting for trust. */
export async function admitPlugins(found: readonly PluginDescription[], options: AdmissionOptions): Promise<AdmittedPlugin[]> {
  const bundledRoot = options.bundledRoot === null ? null : resolve(options.bundledRoot);
  const pluginsDirs = new Set(options.pluginsDirs.map((folder) => resolve(folder)));
  const originOf = (plugin: PluginDescription): PluginOrigin => {
    const root = resolve(dirname(plugin.folder));
    if (root === bundledRoot) return 'bundled';
    return pluginsDirs.has(root) ? 'pluginsDir' : 'thirdParty';
  };
  const bundled = found.filter((plugin): plugin is ValidPlugin => plugin.valid && originOf(plugin) === 'bundled');
  const admitted: AdmittedPlugin[] = [];
  for (const plugin of found) {
    const origin = originOf(plugin);
    const description = origin === 'bundled' ? plugin : (bundledClash(plugin, bundled) ?? plugin);
    const untrusted = origin === 'thirdParty' && description.valid ? await trustProblem(description, options.trustStore) : null;
    admitted.push({ description, origin, untrusted });
  }
  return admitted;
}

/** A plugin that takes a bundled plugin's id, command or player is refused whole: half a plugin would be harder to understand. */
function bundledClash(plugin: PluginDescription, bundled: readonly ValidPlugin[]): InvalidPlugin | null {
  const version = plugin.valid ? plugin.manifest.version : plugin.version;
  const refuse = (why: string): InvalidPlugin => ({
    valid: false,
    id: plugin.id,
    folder: plugin.folder,
    version,
    error: `[plugin: ${plugin.id}] ${why}; ${plugin.folder} is not loaded (bundled plugins keep their ids: choose another)`,
  });
  const owner = bundled.find((candidate) => candidate.id === plugin.id);
  if (owner) return refuse(`takes the id "${plugin.id}" of a bundled plugin`);
  if (!plugin.valid) return null;
  for (const command of plugin.manifest.contributes?.commands ?? []) {
    const taken = bundled.find((candidate) => candidate.manifest.contributes?.commands?.some((known) => known.command === command.command));
    if (taken) return refuse(`contributes the command "${command.command}" of the bundled plugin "${taken.id}"`);
  }
  for (const player of plugin.manifest.contributes?.players ?? []) {
    const taken = bundled.find((candidate) => candidate.manifest.contributes?.players?.some((known) => known.id === player.id));
    if (taken) return refuse(`contributes the player "${player.id}" of the bundled plugin "${taken.id}"`);
  }
  return null;
}

async function trustProblem(plugin: ValidPlugin, store: PluginTrustStore | null): Promise<string | null> {
  const ask = `run \`plexterm plugins trust ${plugin.id}\` (or answer the TUI's question) to let it run`;
  if (store === null) return `[plugin: ${plugin.id}] is not trusted: ${ask}`;
  try {
    if (await store.isTrusted(plugin.id, plugin.folder)) return null;
  } catch (error) {
    return `[plugin: ${plugin.id}] is not trusted (${describeError(error)})`;
  }
  return `[plugin: ${plugin.id}] is not trusted (new, or changed since it was trusted): ${ask}`;
}
