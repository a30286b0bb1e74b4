// Reads colour themes (bundled themes/*.json and plugin contributions) into complete colour sets, with one-line warnings.
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { describeError } from '../../base/errors.js';
import { normalizeHexColor } from './color.js';
import { fallbackColors, isThemeColorKey, type ThemeColors } from './themeKeys.js';

export type ThemeType = 'dark' | 'light';

export interface Theme {
  /** Bundled: the file name without `.json`; plugin: the contribution's id. */
  id: string;
  /** What the theme picker shows. */
  label: string;
  type: ThemeType;
  /** Every key, the theme's own value or the fallback for its type. */
  colors: ThemeColors;
  /** Where it came from: 'bundled', or the contributing plugin's id. */
  source: string;
  path: string;
}

export interface PluginThemeInput {
  id: string;
  label: string;
  /** The contribution's path; a relative one is taken from `pluginFolder`. */
  path: string;
  pluginId: string;
  pluginFolder?: string;
}

export interface LoadThemesOptions {
  /** Usually `assetPath('themes')`. */
  bundledDir: string;
  pluginThemes?: PluginThemeInput[];
}

export interface LoadedThemes {
  themes: Theme[];
  warnings: string[];
}

export const defaultThemeId = 'plexterm-dark';

/** Never throws: a theme that cannot be read is left out with a warning; nothing is moved or deleted. */
export async function loadThemes(options: LoadThemesOptions): Promise<LoadedThemes> {
  const warnings: string[] = [];
  const themes: Theme[] = [];
  const add = (theme: Theme | null): void => {
    if (theme === null) return;
    if (themes.some((known) => known.id === theme.id)) {
      warnings.push(`theme "${theme.id}" from ${theme.source} is left out: a theme with that id is already loaded`);
      return;
    }
    themes.push(theme);
  };
  for (const fileName of await listThemeFiles(options.bundledDir, warnings)) {
    const path = join(options.bundledDir, fileName);
    add(await readTheme({ id: basename(fileName, '.json'), label: null, path, source: 'bundled' }, warnings));
  }
  for (const contribution of options.pluginThemes ?? []) {
    const folder = contribution.pluginFolder ?? process.cwd();
    const path = isAbsolute(contribution.path) ? contribution.path : resolve(folder, contribution.path);
    add(await readTheme({ id: contribution.id, label: contribution.label, path, source: `plugin ${contribution.pluginId}` }, warnings));
  }
  return { themes, warnings };
}

export function findTheme(themes: readonly Theme[], id: string | undefined): Theme | undefined {
  return themes.find((theme) => theme.id === id) ?? themes.find((theme) => theme.id === defaultThemeId) ?? themes[0];
}

async function listThemeFiles(folder: string, warnings: string[]): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => extname(name) === '.json').sort();
  } catch (error) {
    warnings.push(`themes folder ${folder} cannot be read (${describeError(error)})`);
    return [];
  }
}

interface ThemeSource {
  id: string;
  label: string | null;
  path: string;
  source: string;
}

async function readTheme(source: ThemeSource, warnings: string[]): Promise<Theme | null> {
  const where = `theme "${source.id}" (${source.path})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(source.path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${describeError(error)})`;
    warnings.push(`${where} ${why}: left out`);
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    warnings.push(`${where} does not hold a JSON object: left out`);
    return null;
  }
  const document = parsed as { name?: unknown; type?: unknown; colors?: unknown };
  let type: ThemeType = 'dark';
  if (document.type === 'light' || document.type === 'dark') type = document.type;
  else warnings.push(`${where}: "type" must be "dark" or "light"; taken as "dark"`);
  const name = typeof document.name === 'string' && document.name.trim() !== '' ? document.name : source.id;
  const colors = fallbackColors(type);
  if (document.colors !== undefined && (typeof document.colors !== 'object' || document.colors === null || Array.isArray(document.colors))) {
    warnings.push(`${where}: "colors" must be an object; using the ${type} defaults`);
  } else {
    for (const [key, value] of Object.entries(document.colors ?? {})) {
      if (!isThemeColorKey(key)) {
        warnings.push(`${where}: unknown colour key "${key}" ignored`);
        continue;
      }
      const hex = normalizeHexColor(value);
      if (hex === null) {
        warnings.push(`${where}: "${key}" has ${JSON.stringify(value)}, not a #rgb or #rrggbb colour; using the default`);
        continue;
      }
      colors[key] = hex;
    }
  }
  return { id: source.id, label: source.label ?? name, type, colors, source: source.source, path: source.path };
}
