// The config file: where the server is, the sign-in token (written only by `login`), the client id.
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
export { configSchema } from './configSchema.js';
import { moveAside, writeFileDurably } from './durableFile.js';
import { PlextermError, describeError } from './errors.js';

// node:crypto loads only where an identifier is made (once per installation), not at every start (2 to 6 ms).
const require = createRequire(import.meta.url);

export interface ConfiguredServer {
  url: string;
  name?: string;
  machineIdentifier?: string;
}

export interface PlextermConfig {
  /** Random, made once per installation, sent as X-Plex-Client-Identifier. */
  clientIdentifier?: string;
  server?: ConfiguredServer;
  /** Saved by `plexterm login` only. */
  token?: string;
  /** Base URL of plex.tv; tests point it at a fake. */
  plexTvUrl?: string;
  /** When an intro starts: ask (the TUI; headless `play` cannot ask, so it lets it play), skip it at once, or never. Default "ask". */
  skipIntro?: 'ask' | 'auto' | 'never';
  /** The next item of a queue starts by itself when one ends. Default true. */
  autoplay?: boolean;
  /** When a queue's next item is cached ahead of its play: `secondsBeforeEnd` (default 60) before the end of the one that plays, or `percent` (default 80) of it, whichever comes first. */
  prefetch?: { secondsBeforeEnd?: number; percent?: number };
  /** Any other settings (cache, keybindings, themes, plugins) are kept as they are. */
  [key: string]: unknown;
}


/** The schema's check, loaded when a config is first read: commands that read none (`--version`, `--help`) load no check. */
async function configValidator(): Promise<ValidateFunction<PlextermConfig>> {
  const { validateConfig } = await import('./configValidator.js');
  // The check is typed by the schema it was compiled from (configSchema.ts), which PlextermConfig describes.
  return validateConfig() as ValidateFunction<PlextermConfig>;
}

export interface LoadedConfig {
  path: string;
  config: PlextermConfig;
  /** Set when a broken file was moved aside: a one-line message for the person. */
  warning: string | null;
}

export function configPath(configFolder: string): string {
  return join(configFolder, 'config.json');
}

/**
 * Reads config.json. A missing file is an empty config. A file that is not JSON (or not an
 * object) is moved aside, never overwritten, and reported. A JSON object with a wrong field
 * is an error naming the field: the person's file stays untouched.
 */
export async function loadConfig(configFolder: string): Promise<LoadedConfig> {
  const path = configPath(configFolder);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, config: {}, warning: null };
    throw new PlextermError(`cannot read the config file ${path}: ${describeError(error)}`, { code: 'config-unreadable', exitCode: 1 });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the file's text, which may hold the token: say only what is wrong.
    return setAside(path, 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return setAside(path, 'does not hold a JSON object');
  }
  const validate = await configValidator();
  if (!validate(parsed)) {
    const problem = validate.errors?.[0];
    const where = problem?.instancePath ? problem.instancePath.slice(1).replace(/\//g, '.') : 'the top level';
    // An enum's message does not say the values: the person needs them to fix the file.
    const allowed: unknown = problem?.keyword === 'enum' ? (problem.params as { allowedValues?: unknown }).allowedValues : undefined;
    const values = Array.isArray(allowed) ? ` (${allowed.map((value) => JSON.stringify(value)).join(', ')})` : '';
    throw new PlextermError(`the config file ${path} is invalid: ${where} ${problem?.message ?? 'is wrong'}${values}; fix or remove it`, {
      code: 'config-invalid',
      exitCode: 1,
    });
  }
  return { path, config: parsed, warning: null };
}

async function setAside(path: string, problem: string): Promise<LoadedConfig> {
  const aside = await moveAside(path);
  return { path, config: {}, warning: `the config file ${path} ${problem}; it was moved to ${aside} and plexterm started with an empty config` };
}

/** Writes the config durably with mode 0600 (it may hold the token). */
export async function saveConfig(configFolder: string, config: PlextermConfig): Promise<void> {
  await mkdir(configFolder, { recursive: true, mode: 0o700 });
  await writeFileDurably(configPath(configFolder), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/** The installation's client identifier, made and saved the first time it is needed. */
export async function ensureClientIdentifier(configFolder: string, loaded: LoadedConfig): Promise<string> {
  if (loaded.config.clientIdentifier) return loaded.config.clientIdentifier;
  const { randomUUID } = require('node:crypto') as typeof import('node:crypto');
  const clientIdentifier = randomUUID();
  loaded.config.clientIdentifier = clientIdentifier;
  await saveConfig(configFolder, loaded.config);
  return clientIdentifier;
}
