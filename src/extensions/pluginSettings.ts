// A plugin's own settings: the config file's `plugins.<id>` object over the defaults of its `contributes.configuration`.
import type { PluginManifest } from './manifest.js';

export type ConfigSource = Readonly<Record<string, unknown>>;

export function settingsFor(pluginId: string, manifest: PluginManifest, config: ConfigSource): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(manifest.contributes?.configuration?.properties ?? {})) {
    if (property.default !== undefined) settings[key] = property.default;
  }
  const plugins = config.plugins;
  const own = isObject(plugins) ? plugins[pluginId] : undefined;
  if (isObject(own)) Object.assign(settings, own);
  return settings;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
