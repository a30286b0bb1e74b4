// What a plugin's `activate(context)` receives: the API object, its folders, its storage and log; and the shape of its module.
import type { CacheApi } from './cache.js';
import type { CommandsApi } from './commands.js';
import type { LibraryApi } from './library.js';
import type { Disposable, PlainData } from './plainData.js';
import type { PlaybackApi } from './playback.js';
import type { PlayersApi } from './players.js';
import type { ProcessesApi, TerminalApi } from './processes.js';
import type { UiApi } from './ui.js';

export interface ConfigApi {
  /** The plugin's own setting: from the config file's `plugins.<id>` object, else its `contributes.configuration` default. */
  get<T = PlainData>(key: string): T | undefined;
  onDidChange(listener: (settings: Readonly<Record<string, PlainData>>) => void): Disposable;
}

/** The frozen API object made for one plugin. */
export interface PlextermApi {
  readonly version: string;
  readonly commands: CommandsApi;
  readonly players: PlayersApi;
  readonly ui: UiApi;
  readonly terminal: TerminalApi;
  readonly processes: ProcessesApi;
  readonly config: ConfigApi;
  readonly library: LibraryApi;
  readonly cache: CacheApi;
  readonly playback: PlaybackApi;
}

/** A per-plugin JSON memento, persisted by plexterm in its data folder. */
export interface Memento {
  get<T = PlainData>(key: string): T | undefined;
  get<T = PlainData>(key: string, defaultValue: T): T;
  keys(): string[];
  update(key: string, value: PlainData | undefined): Promise<void>;
}

export interface PluginLog {
  (message: string): void;
}

export interface PluginContext {
  readonly pluginId: string;
  /** The plugin's own folder (readable, not writable). */
  readonly pluginPath: string;
  /** A folder of its own the plugin may write in (the sandbox allows no other), kept between runs. */
  readonly storagePath: string;
  readonly api: PlextermApi;
  /** Disposed, last added first, when the plugin is deactivated. */
  readonly subscriptions: Disposable[];
  readonly storage: Memento;
  /** Writes one line to plexterm's log, prefixed `[plugin: id]`. */
  readonly log: PluginLog;
}

/** The shape of a plugin's main module. */
export interface PluginModule {
  activate?(context: PluginContext): unknown;
  deactivate?(): unknown;
}
