// The main process's view of one plugin: its description, state and error, and the PluginInfo that `plexterm plugins --json` prints.
import { PlextermError } from '../base/errors.js';
import { activationEventsOf } from './activationEvents.js';
import type { Contributions, PluginDescription } from './manifest.js';

/** `untrusted`: a third-party plugin the person has not trusted (or that changed since): found, never run. */
export type PluginState = 'inactive' | 'active' | 'failed' | 'timedOut' | 'invalid' | 'untrusted';

export interface PluginInfo {
  id: string;
  version: string | null;
  state: PluginState;
  contributes: Contributions;
  /** One line naming the plugin, `[plugin: id] ...`, or null. */
  error: string | null;
  folder: string;
}

export interface PluginRecord {
  readonly description: PluginDescription;
  readonly events: ReadonlySet<string>;
  state: PluginState;
  error: string | null;
  /** The activation in progress or done in the current host; null when none was asked for. */
  activation: Promise<void> | null;
}

/** A plugin's failure, as plexterm reports it: the message names the plugin. */
export class PluginError extends PlextermError {
  readonly pluginId: string | null;

  constructor(message: string) {
    super(message, { code: 'plugin' });
    this.name = 'PluginError';
    this.pluginId = /^\[plugin: ([^\]]+)\]/.exec(message)?.[1] ?? null;
  }
}

/** `untrusted` says why a valid plugin waits for the person's trust (null: it may run). */
export function createRecord(description: PluginDescription, untrusted: string | null = null): PluginRecord {
  if (!description.valid) return { description, events: new Set(), state: 'invalid', error: description.error, activation: null };
  if (untrusted !== null) return { description, events: new Set(), state: 'untrusted', error: untrusted, activation: null };
  return { description, events: activationEventsOf(description.manifest), state: 'inactive', error: null, activation: null };
}

export function infoOf(record: PluginRecord): PluginInfo {
  const description = record.description;
  return {
    id: description.id,
    version: description.valid ? description.manifest.version : description.version,
    state: record.state,
    contributes: description.valid ? (description.manifest.contributes ?? {}) : {},
    error: record.error,
    folder: description.folder,
  };
}

/** Why a plugin that is not active cannot serve a request. */
export function errorOf(record: PluginRecord): PluginError {
  return new PluginError(record.error ?? `[plugin: ${record.description.id}] is not active`);
}
