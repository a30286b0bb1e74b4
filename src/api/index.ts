// The plugin API, imported by plugins as `plexterm/api` (ARCHITECTURE.md, "The plugin boundary"): its types are defined in this folder, by hand, and
// import nothing of plexterm's internals: src/extensions adapts those to them. Some mirror an internal shape
// (LibraryItem plex's PlexMetadata, CacheEntrySnapshot the cache's, PlayerEvent playback's) on purpose: the
// services plugins are answered by (src/extensions/mainServices.ts) are typed with these, so the compiler
// says when an internal change no longer fits the API, and the API changes only when it means to.
//
// Streams are Observables both ways: plexterm hands plugins RxJS Observables (`cache.entries$`,
// `playback.session$`, a process's `events$`), and a player gives plexterm one (`events$`). A plugin that builds or
// pipes streams imports the host's rxjs 7 as `plexterm/rxjs` (./rxjs.ts), or brings its own `rxjs` 7.
//
// At run time the extension host resolves `plexterm/api` itself, for plugins wherever they are (see
// src/extensions/apiResolution.ts); `isCommandContext` and `pluginApiVersion` are its values.
export type { CacheApi, CacheEntryError, CacheEntrySnapshot, CacheState } from './cache.js';
export type { CustomPlayerListing, KeptEpisode, KeptOffline, OfflineEpisodeProgress, OfflineProgress, ReleasedOffline } from './bundledCommands.js';
export { isCommandContext } from './commandContext.js';
export type { CommandContext, CommandFocus, CommandItem, CommandSource } from './commandContext.js';
export type { CommandArguments, CommandHandler, CommandId, CommandMap, CommandResult, CommandsApi } from './commands.js';
export type { ItemsOptions, LibraryApi, LibraryItem, LibrarySection } from './library.js';
export type { Disposable, PlainData } from './plainData.js';
export type { PlaybackApi, PlaybackQueue, PlaybackQueueItem, PlaybackState, PlayOptions, QueueAddition } from './playback.js';
export type { MediaKind, PlayerDescriptor, PlayerEvent, PlayerLaunchOptions, PlayerPrepareOptions, PlayerProvider, PlayersApi, PluginPlayerSession, PreparedPluginPlayer, TrackSelection } from './players.js';
export type { ConfigApi, Memento, PlextermApi, PluginContext, PluginLog, PluginModule } from './pluginContext.js';
export type { PluginProcess, ProcessEvent, ProcessesApi, ProcessOptions, ProcessSignal, TerminalApi } from './processes.js';
export type { QuickPickItem, StatusBarItem, StatusBarItemState, UiApi } from './ui.js';
export { pluginApiVersion } from './version.js';
