// The plugin API: the one module with the types plugin authors import (`activate(context)` and what it receives).
import type { Observable } from 'rxjs';
import type { CacheEntrySnapshot, CacheState } from '../cache/entryState.js';
import type { PlexMetadata, PlexSection } from '../plex/models.js';
import type { MediaKind, PlayerEvent, PlayerLaunchOptions } from '../playback/player.js';

export type { CacheEntrySnapshot, CacheState, MediaKind, PlayerEvent, PlayerLaunchOptions, PlexMetadata, PlexSection };

/** The version of this API; a plugin's `engines.plexterm` range is checked against it. */
export const pluginApiVersion = '1.0.0';

/** Values that may cross the boundary between the extension host and plexterm: JSON, nothing else. */
export type PlainData = null | boolean | number | string | readonly PlainData[] | { readonly [key: string]: PlainData };

export interface Disposable {
  dispose(): void;
}

export interface Unsubscribable {
  unsubscribe(): void;
}

export interface PartialObserver<T> {
  next?(value: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

/** What a plugin may hand plexterm as an event stream: an RxJS observable, or anything with the same `subscribe`. */
export interface Subscribable<T> {
  subscribe(observer: PartialObserver<T>): Unsubscribable | (() => void);
}

/** The item a command acts on, as plain data: the fields of its Plex metadata a command needs to find related items. */
export type CommandItem = {
  ratingKey: string;
  /** "movie", "show", "season", "episode", "artist", "album", "track", ... */
  type: string;
  /** Its Plex key: `/library/metadata/126`, or for a container the listing of its children. */
  key: string;
  title: string;
  /** A season's show, an episode's season, a track's album. */
  parentRatingKey?: string;
  parentKey?: string;
  parentTitle?: string;
  /** An episode's show, a track's artist. */
  grandparentRatingKey?: string;
  grandparentKey?: string;
  grandparentTitle?: string;
  /** An episode's number in its season, a season's number in its show. */
  index?: number;
  /** An episode's season number. */
  parentIndex?: number;
  librarySectionID?: number;
};

/** How a command was started: the command palette, a key binding, or `plexterm run`. */
export type CommandSource = 'palette' | 'keybinding' | 'cli';

/** The part of the TUI that had the keyboard focus. */
export type CommandFocus = 'sidebar' | 'list' | 'details' | 'cache' | 'search';

/**
 * What a command was invoked on, handed to its handler as the first argument when the person runs it
 * (see `CommandsApi.register`). Plain data only: it crosses to the extension host, and holds nothing
 * secret (no token, no URL with one).
 */
export type CommandContext = {
  /** Tells the context from an explicit argument: `argument?.kind === 'commandContext'`. */
  kind: 'commandContext';
  source: CommandSource;
  /** The item under the list's cursor (the one the details pane shows); absent when there is none. */
  item?: CommandItem;
  /** Absent from `plexterm run`. */
  focus?: CommandFocus;
  /** The Plex key of the listing the item is in (`/library/sections/2/all`, `/library/metadata/124/children`, `/hubs/search?query=...`). */
  listingKey?: string;
};

export interface CommandsApi {
  /**
   * Registers a handler for a command; its arguments and result must be plain data.
   *
   * As in VS Code, where a menu passes what it was opened on as the first argument and
   * `executeCommand` passes only its own arguments:
   * - run by the person (the command palette, a key binding), the handler gets one argument, the
   *   `CommandContext`: the selected item, the focused pane, the listing's key;
   * - run by `plexterm run <id> [args...]`: a command whose contributed `when` names `itemSelected` or
   *   `itemType` acts on an item, so its first argument is a ratingKey that plexterm looks up on the
   *   server, and the handler gets the same `CommandContext` (`source: "cli"`, no focus) followed by
   *   the other arguments (`plexterm run offline.keepSeason 126`); any other command gets the
   *   arguments as they are, read as JSON when they parse;
   * - run by a plugin (`commands.execute(id, ...args)`): exactly those arguments.
   *
   * A command's contributed `when` (`"when": "itemType == season || itemType == episode"`) also hides
   * it from the palette where it is false.
   */
  register(id: string, handler: (...args: PlainData[]) => unknown): Disposable;
  /** Runs any plugin's command, activating that plugin first. */
  execute(id: string, ...args: PlainData[]): Promise<unknown>;
}

/** A running playback, as a player provider reports it. Without `events$` playback ends once launched. */
export interface PluginPlayerSession {
  events$?: Subscribable<PlayerEvent>;
  stop?(): Promise<void>;
}

export interface PlayerProvider {
  launch(url: string, options: PlayerLaunchOptions): Promise<PluginPlayerSession>;
}

/** How plexterm lists a player registered at run time (one not in the plugin's `contributes.players`). */
export interface PlayerDescriptor {
  title: string;
  /** At least one of "video", "audio", "photo". */
  mediaTypes: readonly MediaKind[];
}

export interface PlayersApi {
  /**
   * Provides a player under `id`, until the returned disposable is disposed or the plugin deactivated.
   *
   * - A player of the plugin's own `contributes.players`: `register(id, provider)`; the manifest
   *   describes it (a descriptor given anyway is ignored), and `onPlayer:<id>` activates the plugin.
   * - Any other id is a run-time player: `register(id, provider, { title, mediaTypes })`. The id is
   *   lowercase (a-z, 0-9, ".", "_", "-"); plexterm lists the player while it is registered. To be
   *   found before it is active, the plugin declares the activation event `onPlayer:*`: when plexterm
   *   is asked for a player no manifest contributes and none is registered, it activates every
   *   `onPlayer:*` plugin (and `*` ones), then looks again.
   *
   * Throws `[plugin: id] ...` when the id is another plugin's (contributed or registered) or the
   * descriptor of a run-time player is missing or malformed.
   */
  register(id: string, provider: PlayerProvider, descriptor?: PlayerDescriptor): Disposable;
}

export interface QuickPickItem {
  label: string;
  description?: string;
  /** Anything the plugin wants back with the chosen item (plain data). */
  value?: PlainData;
}

export interface StatusBarItem extends Disposable {
  text: string;
  tooltip: string;
  show(): void;
  hide(): void;
}

/** What plexterm shows of a status bar item; the same shape crosses to the main process. */
export interface StatusBarItemState {
  id: string;
  pluginId: string;
  text: string;
  tooltip: string;
  visible: boolean;
}

export interface UiApi {
  showMessage(text: string): Promise<void>;
  /** Resolves with the chosen item, or undefined when the person cancels. */
  showQuickPick(items: readonly QuickPickItem[]): Promise<QuickPickItem | undefined>;
  createStatusBarItem(): StatusBarItem;
}

export interface TerminalApi {
  /** Runs a command on the person's terminal (plexterm's screen is suspended meanwhile); resolves with its exit code. */
  run(command: string, args: readonly string[]): Promise<number>;
}

/** A signal a plugin may send to a process it started. */
export type ProcessSignal = 'SIGTERM' | 'SIGKILL' | 'SIGINT';

/** What a started process reports: its output as it comes (chunks, not lines), then its exit, last. */
export type ProcessEvent =
  | { type: 'stdout'; text: string }
  | { type: 'stderr'; text: string }
  | { type: 'exit'; code: number | null; signal: string | null };

export interface ProcessOptions {
  /** Report stdout as `stdout` events; otherwise it is discarded. stderr is always reported. */
  stdout?: boolean;
  /**
   * Give the process fd 3, a pipe whose other end plexterm holds: it closes when plexterm ends, even
   * by kill -9, so a player watching it quits (mpv's `--input-ipc-client=fd://3`). What the process
   * writes there is discarded.
   */
  lifeline?: boolean;
}

export interface PluginProcess {
  readonly pid: number;
  /** Its output and exit; subscribe once, soon after start: nothing is lost meanwhile. */
  readonly events$: Observable<ProcessEvent>;
  /** Sends `signal` (default SIGTERM) if it still runs. */
  kill(signal?: ProcessSignal): Promise<void>;
}

export interface ProcessesApi {
  /**
   * Has plexterm start `command` (a path, or a name on PATH) with `args`: plugins run in a sandbox
   * that starts no process itself. The process gets a cleaned environment (no PLEXTERM_* variable,
   * never the token), no terminal (stdin closed), and ends when plexterm ends, when the plugin is
   * deactivated, or when the plugin host stops. Rejects when it cannot start; the error's `code` is
   * "ENOENT" when the program is not installed.
   */
  start(command: string, args: readonly string[], options?: ProcessOptions): Promise<PluginProcess>;
}

export interface ConfigApi {
  /** The plugin's own setting: from the config file's `plugins.<id>` object, else its `contributes.configuration` default. */
  get<T = PlainData>(key: string): T | undefined;
  onDidChange(listener: (settings: Readonly<Record<string, PlainData>>) => void): Disposable;
}

export interface ItemsOptions {
  start?: number;
  size?: number;
  sort?: string;
}

export interface LibraryApi {
  sections(): Promise<PlexSection[]>;
  items(sectionKey: string, options?: ItemsOptions): Promise<PlexMetadata[]>;
  children(ratingKey: string): Promise<PlexMetadata[]>;
  /** Every leaf below an item in one request: a show's or season's episodes, an artist's or album's tracks, in order. */
  allLeaves(ratingKey: string): Promise<PlexMetadata[]>;
  search(query: string): Promise<PlexMetadata[]>;
  info(ratingKey: string): Promise<PlexMetadata>;
}

/**
 * The cache's entries. Each snapshot's `state` (CacheState) is one of:
 * - `new`: known, nothing of it on disk, not open;
 * - `stored`: its bytes and record are on disk and it is not open (cached by an earlier run, or closed);
 * - `probing`, `sized`: an open on its way (asking the size, then filling the start buffer);
 * - `ready`: plexterm's local stream proxy serves the file (`streamUrl` is always null for plugins: a player
 *   is given a URL of its own at each launch, for that part only, which stops working when the playback ends);
 * - `failed`: the last open failed (`error` says why);
 * - `evicted`: its bytes were removed.
 * Opening an entry that is new, stored, failed or evicted starts again at `probing`.
 * A `ready` snapshot whose `error.code` is `disk-full` still plays, but its caching paused: the disk
 * reached the free reserve (or filled up) and nothing could be evicted; `error.message` says how much is needed.
 */
export interface CacheApi {
  readonly entries$: Observable<CacheEntrySnapshot[]>;
  entry$(key: string): Observable<CacheEntrySnapshot>;
  /** Opens (creates or revalidates) the cache entry of an item's first part; resolves with its key. */
  open(ratingKey: string): Promise<string>;
  pin(key: string): Promise<void>;
  unpin(key: string): Promise<void>;
}

export interface PlayOptions {
  playerId?: string;
  fromStart?: boolean;
  args?: string[];
}

/** What is playing now, as plain data. */
export interface PlaybackState {
  ratingKey: string;
  title: string;
  playerId: string;
  state: 'starting' | 'playing' | 'paused' | 'ended' | 'error';
  /** Milliseconds. */
  position?: number;
  duration?: number;
  message?: string;
}

export interface PlaybackApi {
  play(ratingKey: string, options?: PlayOptions): Promise<void>;
  /** The current playback, or null when nothing plays. */
  readonly session$: Observable<PlaybackState | null>;
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
