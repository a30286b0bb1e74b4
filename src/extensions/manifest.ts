// Plugin manifests: read a plugin folder's package.json and validate it (schema, engine range, entry file) without running it.
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
// semver's two functions, not its index, which loads all of semver (some 70 KB) at every start of the plugins.
import { describeError } from '../base/errors.js';
import { assetPath } from '../base/packageRoot.js';
import type { MediaKind } from '../playback/player.js';
import { pluginApiVersion } from '../api/index.js';
import { validateManifest as manifestCheck } from './manifestCheck.js';

export { pluginApiVersion };

export interface CommandContribution {
  command: string;
  title: string;
  category?: string;
  /** Where the command applies (a `when` clause, e.g. "itemType == season"): the palette offers it only there, and naming the selected item makes `plexterm run` take a ratingKey for it. */
  when?: string;
}

export interface KeybindingContribution {
  command: string;
  key: string;
  when?: string;
}

export interface PlayerContribution {
  id: string;
  title: string;
  mediaTypes: MediaKind[];
  /** Plugin API 1.4: the player plays a whole play queue in one process (its sessions' `keepForNext`); else one process per item. */
  oneProcessPerQueue?: boolean;
}

export interface ThemeContribution {
  id: string;
  label: string;
  path: string;
}

export interface ConfigurationContribution {
  properties: Record<string, { default?: unknown; [keyword: string]: unknown }>;
}

export interface Contributions {
  commands?: CommandContribution[];
  keybindings?: KeybindingContribution[];
  players?: PlayerContribution[];
  themes?: ThemeContribution[];
  configuration?: ConfigurationContribution;
}

export interface PluginManifest {
  name: string;
  version: string;
  type?: 'module' | 'commonjs';
  main?: string;
  displayName?: string;
  description?: string;
  /** Who made it; shown when the person is asked to trust it (npm's `author` is read too). */
  publisher?: string;
  author?: string | { name?: string };
  engines: { plexterm: string };
  activationEvents?: string[];
  extensionDependencies?: string[];
  contributes?: Contributions;
}

/** A plugin that may run: its manifest passed every check. */
export interface ValidPlugin {
  valid: true;
  id: string;
  folder: string;
  manifest: PluginManifest;
  /** Absolute path of the ESM entry, or null for a data-only plugin (themes, keybindings). */
  mainPath: string | null;
}

/** A plugin that never runs; `error` is one line naming the field at fault. */
export interface InvalidPlugin {
  valid: false;
  id: string;
  folder: string;
  version: string | null;
  error: string;
}

export type PluginDescription = ValidPlugin | InvalidPlugin;

/** The manifest schema's check (manifestCheck.ts), typed by the schema it was compiled from, which PluginManifest describes. */
const validateManifest = (): ValidateFunction<PluginManifest> => manifestCheck() as ValidateFunction<PluginManifest>;

/** Reads and checks `<folder>/package.json`. Never throws: a broken plugin is described as invalid. */
export async function readPlugin(folder: string): Promise<PluginDescription> {
  const fallbackId = basename(folder).toLowerCase();
  let parsed: unknown;
  try {
    // Read synchronously, as discovery lists the folders (discovery.ts says why).
    parsed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${describeError(error)})`;
    return invalid(fallbackId, folder, null, `package.json ${why}`);
  }
  const id = nameOf(parsed) ?? fallbackId;
  const version = versionOf(parsed);
  const checkManifest = validateManifest();
  if (!checkManifest(parsed)) return invalid(id, folder, version, `invalid package.json: ${describeSchemaError(checkManifest.errors?.[0])}`);
  const manifest = parsed;
  // A bundled plugin ships with this plexterm (test/plugins/bundled.test.ts checks its range and its settings'
  // schema): semver and ajv load only for the others, not at every start.
  const bundled = isBundled(folder);
  const engineProblem = bundled ? null : await checkEngines(manifest.engines.plexterm);
  if (engineProblem) return invalid(id, folder, version, engineProblem);
  const configurationProblem = bundled ? null : await checkConfigurationSchema(manifest.contributes?.configuration);
  if (configurationProblem) return invalid(id, folder, version, configurationProblem);
  if (manifest.main === undefined) {
    if (runsCode(manifest)) return invalid(id, folder, version, 'main is required for a plugin that contributes commands or players or has activation events');
    return { valid: true, id, folder, manifest, mainPath: null };
  }
  const mainProblem = await checkMain(folder, manifest);
  if (mainProblem) return invalid(id, folder, version, mainProblem);
  return { valid: true, id, folder, manifest, mainPath: resolve(folder, manifest.main) };
}

/** Whether `range` (a manifest's engines.plexterm) is a semver range that accepts this plexterm's plugin API. */
async function checkEngines(range: string): Promise<string | null> {
  const [{ default: validRange }, { default: satisfies }] = await Promise.all([import('semver/ranges/valid.js'), import('semver/functions/satisfies.js')]);
  const valid = validRange(range);
  if (valid === null) return `engines.plexterm "${range}" is not a semver range`;
  if (!satisfies(pluginApiVersion, valid)) return `engines.plexterm "${range}" does not accept the plugin API ${pluginApiVersion} of this plexterm`;
  return null;
}

function invalid(id: string, folder: string, version: string | null, error: string): InvalidPlugin {
  return { valid: false, id, folder, version, error: `[plugin: ${id}] ${error}` };
}

function nameOf(parsed: unknown): string | null {
  const name = (parsed as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : null;
}

function versionOf(parsed: unknown): string | null {
  const version = (parsed as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : null;
}

function describeSchemaError(problem: ErrorObject | undefined): string {
  if (!problem) return 'does not match the manifest schema';
  const path = problem.instancePath.slice(1).replace(/\//g, '.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  if (problem.keyword === 'required') {
    const missing = String((problem.params as { missingProperty?: unknown }).missingProperty);
    return `${path ? `${path}.` : ''}${missing} is required`;
  }
  if (problem.keyword === 'enum') {
    const allowed = (problem.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${path} must be one of ${allowed.map(String).join(', ')}`;
  }
  if (problem.keyword === 'pattern' && path === 'name') return 'name must be a lowercase plugin id (a-z, 0-9, ".", "_", "-")';
  return `${path || 'the manifest'} ${problem.message ?? 'is not valid'}`;
}

function runsCode(manifest: PluginManifest): boolean {
  const contributes = manifest.contributes;
  return (manifest.activationEvents?.length ?? 0) > 0 || (contributes?.commands?.length ?? 0) > 0 || (contributes?.players?.length ?? 0) > 0;
}

/** A plugin of plexterm's own install: its configuration schema is checked by plexterm's tests (test/plugins/bundled.test.ts), not at every start. */
function isBundled(folder: string): boolean {
  const inside = relative(assetPath('plugins'), folder);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** Checks the configuration schema a plugin brings against the meta-schema. */
async function checkConfigurationSchema(configuration: ConfigurationContribution | undefined): Promise<string | null> {
  if (!configuration) return null;
  const { assertValidSchema } = await import('./configurationSchemaCheck.js');
  try {
    assertValidSchema({ type: 'object', properties: configuration.properties });
    return null;
  } catch (error) {
    return `contributes.configuration.properties is not a valid JSON schema: ${describeError(error)}`;
  }
}

async function checkMain(folder: string, manifest: PluginManifest): Promise<string | null> {
  const main = manifest.main ?? '';
  const path = resolve(folder, main);
  const inside = relative(folder, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return `main "${main}" is outside the plugin folder`;
  const extension = extname(path);
  if (extension === '.js' && manifest.type !== 'module') return `main "${main}" is a .js file: add "type": "module" (plugins are ES modules) or name it .mjs`;
  if (extension !== '.mjs' && extension !== '.js') return `main "${main}" must be an ES module (.mjs, or .js with "type": "module")`;
  try {
    if (!statSync(path).isFile()) return `main "${main}" is not a file`;
  } catch {
    return `main "${main}" does not exist`;
  }
  return null;
}
