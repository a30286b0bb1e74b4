// The one session of a plexterm process: folders and config, the server and token to use, the one
// PlexClient (answered from what was kept when the TUI asks it offline), the media cache, the plugin
// host and the playback service, and everything to close at the end. The CLI and the TUI both run on
// it; neither builds these parts for itself. ARCHITECTURE.md shows where it stands among the layers.
// It is started once and disposed once; some parts open on first use. What is made when (and closed in
// which order) is said in one place: ARCHITECTURE.md, "The session's lifetime".
import { tightenPrivateFolders } from '../base/privateFiles.js';
import type { CacheEntry, CacheManager, HttpUpstream } from '../cache/index.js';
import type { DemoServer } from '../demo/index.js';
import type { ExtensionService } from '../extensions/extensionService.js';
import type { PlaybackService } from '../playback/playbackService.js';
import type { PlexClient, PlexClientOptions, PlexTv } from '../plex/index.js';
import { ensureClientIdentifier, loadConfig, type LoadedConfig } from '../base/config.js';
import { ExitCode, PlextermError } from '../base/errors.js';
import { resolvePaths, type PlextermPaths } from '../base/paths.js';
import { terminalLine } from '../base/terminalText.js';
import { registerSecret } from '../base/redact.js';
import { closeInTurn, DisposableStore } from '../base/disposable.js';
import type { ListingStore } from '../offline/index.js';
import { maxAnswerBytesFrom } from './answerLimit.js';
import type { Output } from './output.js';
import type { PlayerPrepareOptions } from '../playback/player.js';
import type { GlobalOptions } from './globalOptions.js';
import type { ServerTarget } from './serverTarget.js';
import type { SessionServices, SessionSurface } from './sessionServices.js';

/** Part bandwidth of the in-process demo server, so a person can watch the cache fill. */
export type { GlobalOptions } from './globalOptions.js';
export type { ServerTarget } from './serverTarget.js';

const demoRateBytesPerSecond = 2 * 1024 * 1024;
const defaultPlexTv = 'https://plex.tv';

/** What a session is given besides the global flags: the TUI's screen, and whether answers are kept for offline use. */
export interface SessionSetup {
  /** Where plugins' messages, quick picks, status items and terminal go (the TUI's screen); headless without it. */
  surface?: SessionSurface;
  /** Where what the server answers is kept, to answer from while the server is away (the TUI keeps `<data>/listings`). */
  listings?: ListingStore;
  /** Makes the session's PlexClient; tests count them through it. */
  createClient?: (options: PlexClientOptions) => PlexClient;
}

/** The folders of a run with these flags and environment (the TUI names its log and listings before its session exists). */
export function sessionPaths(options: Pick<GlobalOptions, 'home'>, environment: NodeJS.ProcessEnv): PlextermPaths {
  return resolvePaths(options.home ?? environment.PLEXTERM_HOME);
}

export class Session {
  private demoServer: Promise<DemoServer> | undefined;
  /** Set when dispose begins: from then on nothing is opened again (a late caller would open what no one closes). */
  private disposed = false;
  private disposing: Promise<void> | undefined;
  /** What start() found; set once start() was called. */
  private started: Promise<void> | undefined;
  /** Why no server can be used (none configured, a bad address): thrown by target() to the commands that need one. */
  private targetProblem: PlextermError | undefined;
  private globalOptions: GlobalOptions;
  /** The clients made for this session (its own, plex.tv, login's checks), closed at the end. */
  private readonly clients = new DisposableStore();
  private sessionClient: Promise<PlexClient> | undefined;
  private keptClient: Promise<PlexClient> | undefined;
  private loadedConfig: LoadedConfig | undefined;
  private knownTarget: ServerTarget | undefined;
  /** Set once an answer had entries left out: a command says so once, not once per page. */
  private malformedReported = false;
  private cacheManager: Promise<CacheManager> | undefined;
  private cacheConnect: ((upstreamPath: string) => HttpUpstream) | undefined;
  private services: Promise<SessionServices> | undefined;
  /** Plugins' ui and terminal calls reach this screen (the TUI's); headless when absent. */
  readonly surface: SessionSurface | undefined;
  /** The listings and answers kept for offline use, when the session keeps them. */
  readonly listings: ListingStore | undefined;

  constructor(
    options: GlobalOptions,
    readonly output: Output,
    readonly environment: NodeJS.ProcessEnv = process.env,
    private readonly setup: SessionSetup = {},
  ) {
    this.globalOptions = options;
    registerSecret(options.token);
    registerSecret(environment.PLEXTERM_TOKEN);
    this.surface = setup.surface;
    this.listings = setup.listings;
  }

  /** The run's global flags (`--demo` once the person chose the demo at sign-in). */
  get options(): GlobalOptions {
    return this.globalOptions;
  }

  get paths(): PlextermPaths {
    return sessionPaths(this.options, this.environment);
  }

  /** Reads the config and finds the server, once; every other method waits for it (ARCHITECTURE.md, "The session's lifetime"). */
  start(): Promise<void> {
    if (this.disposed) return this.whileOpen();
    this.started ??= this.readConfigAndTarget();
    return this.started;
  }

  /**
   * After the TUI's sign-in saved a server (`signed-in`: the config is read again) or the person chose the
   * demo: the session finds its server anew. Only before anything used the old one: no client, cache or plugin exists yet.
   */
  async afterSignIn(outcome: 'signed-in' | 'demo'): Promise<void> {
    await this.whenStarted();
    if (this.sessionClient || this.cacheManager || this.services) throw new Error('the session already uses its server: sign-in comes before');
    if (outcome === 'demo') this.globalOptions = { ...this.globalOptions, demo: true };
    this.started = this.readConfigAndTarget();
    await this.started;
  }

  private async readConfigAndTarget(): Promise<void> {
    // Before anything is read or written: what an older plexterm left readable by others is made private.
    await tightenPrivateFolders(Object.values(this.paths));
    const loaded = await loadConfig(this.paths.config);
    if (loaded.warning) this.output.err(`plexterm: ${loaded.warning}`);
    registerSecret(loaded.config.token);
    registerSecret(typeof loaded.config.accountToken === 'string' ? loaded.config.accountToken : undefined);
    this.loadedConfig = loaded;
    this.knownTarget = undefined;
    this.targetProblem = undefined;
    try {
      // Loaded here, not at the top: `--version` and `--help` load this file and never start a session.
      const [demo, { findServerTarget }] = await Promise.all([this.startDemo(), import('./serverTarget.js')]);
      this.knownTarget = demo ? { url: demo.url, token: demo.token, name: demo.name, source: 'demo' } : findServerTarget(this.options, this.environment, loaded);
    } catch (error) {
      // `cache ls`, `login` or `plugins` need no server: the problem waits for a command that does.
      if (!(error instanceof PlextermError) || (error.code !== 'not-configured' && error.code !== 'usage')) throw error;
      this.targetProblem = error;
    }
  }

  /** Resolves once start() is done; refuses before start() (a caller that skipped it has a bug) and after dispose. */
  private async whenStarted(): Promise<void> {
    await this.whileOpen();
    if (!this.started) throw new Error('the session was not started: call start() first');
    await this.started;
  }

  async config(): Promise<LoadedConfig> {
    await this.whenStarted();
    return this.loadedConfig as LoadedConfig;
  }

  async clientIdentifier(): Promise<string> {
    return ensureClientIdentifier(this.paths.config, await this.config());
  }

  /** The in-process demo server of `--demo` (started by start()); undefined without --demo. */
  async demo(): Promise<DemoServer | undefined> {
    await this.whenStarted();
    return this.demoServer;
  }

  private startDemo(): Promise<DemoServer | undefined> {
    if (!this.options.demo) return Promise.resolve(undefined);
    // One promise, kept: a second start (after sign-in chose the demo) finds the one server.
    this.demoServer ??= import('../demo/index.js').then(async ({ startDemoServer }) => {
      const server = await startDemoServer({ rateBytesPerSecond: demoRateBytesPerSecond });
      registerSecret(server.token);
      return server;
    });
    return this.demoServer;
  }

  /** The server and token to use. Precedence: --demo, then flags, then environment, then config. */
  async target(): Promise<ServerTarget> {
    await this.whenStarted();
    if (this.targetProblem) throw this.targetProblem;
    return this.knownTarget as ServerTarget;
  }

  /** Base URL of plex.tv: the demo's fake under --demo, else flag, environment, config, default. */
  async plexTvUrl(): Promise<string> {
    const demo = await this.demo();
    if (demo) return demo.plexTv;
    const { config } = await this.config();
    return this.options.plexTv ?? (this.environment.PLEXTERM_PLEX_TV || undefined) ?? config.plexTvUrl ?? defaultPlexTv;
  }

  /** The token for plex.tv: the account token saved by login when it differs from the server's. */
  async accountToken(): Promise<string | undefined> {
    const demo = await this.demo();
    if (demo) return demo.token;
    const { config } = await this.config();
    const saved = typeof config.accountToken === 'string' ? config.accountToken : config.token;
    return this.options.token ?? (this.environment.PLEXTERM_TOKEN || undefined) ?? saved;
  }

  /**
   * The session's one client for its server, made on first use. When the session keeps answers, its
   * `metadata` and `serverInfo` are kept and answered from what was kept while the server is away.
   */
  async client(): Promise<PlexClient> {
    await this.whileOpen();
    this.keptClient ??= this.serverClient().then(async (client) => {
      if (!this.listings) return client;
      const { KeptAnswers, withKeptAnswers } = await import('../offline/index.js');
      // Kept under the server's address as it was given, so what earlier runs kept is found again.
      return withKeptAnswers(client, new KeptAnswers(this.listings, (await this.target()).url));
    });
    return this.keptClient;
  }

  /** The one client, without kept answers: for what must not act on an answer from an earlier run. */
  private async serverClient(): Promise<PlexClient> {
    await this.whileOpen();
    if (this.sessionClient) return this.sessionClient;
    const made = this.target().then((target) => this.clientFor(target));
    this.sessionClient = made;
    // A failure (no server configured) is not kept: a later call tries again.
    made.catch(() => {
      if (this.sessionClient === made) {
        this.sessionClient = undefined;
        this.keptClient = undefined;
      }
    });
    return made;
  }

  /** A client for this server and token rather than the session's own (login checks them before saving). */
  async clientFor(target: Pick<ServerTarget, 'url' | 'token'> & { name?: string | undefined }): Promise<PlexClient> {
    const { PlexClient } = await import('../plex/index.js');
    const identity = { clientIdentifier: await this.clientIdentifier() };
    const maxAnswerBytes = maxAnswerBytesFrom((await this.config()).config, (message) => this.output.err(`plexterm: ${message}`));
    // Checked after the awaits, right before the client exists: dispose may have begun meanwhile.
    await this.whileOpen();
    const create = this.setup.createClient ?? ((options: PlexClientOptions) => new PlexClient(options));
    const client = create({
      baseUrl: target.url,
      token: target.token,
      serverName: target.name,
      identity,
      maxAnswerBytes,
      onMalformed: (warning) => this.reportMalformed(warning),
      ...this.timeoutOption(),
    });
    return this.clients.add(client);
  }

  async plexTv(): Promise<PlexTv> {
    const { PlexTv } = await import('../plex/index.js');
    const baseUrl = await this.plexTvUrl();
    const identity = { clientIdentifier: await this.clientIdentifier() };
    await this.whileOpen();
    const plexTv = new PlexTv({ baseUrl, identity, ...this.timeoutOption() });
    return this.clients.add(plexTv);
  }

  private reportMalformed(warning: string): void {
    if (this.malformedReported) return;
    this.malformedReported = true;
    this.output.err(`plexterm: warning: ${warning}`);
  }

  private timeoutOption(): { timeoutMs?: number } {
    return this.options.timeout === undefined ? {} : { timeoutMs: Math.round(this.options.timeout * 1000) };
  }

  /**
   * The media cache in the session's cache folder (taking its lock), with the config's "cache"
   * settings. Part paths are fetched from the session's server with its token; whole http(s)
   * URLs are fetched as they are, with no token and no Plex headers.
   */
  cache(): Promise<CacheManager> {
    this.cacheManager ??= this.whileOpen().then(() => this.openCache());
    return this.cacheManager;
  }

  /**
   * Rejects once dispose has begun. A caller still on its way (the TUI carrying on pinned downloads
   * as q is pressed) then gets an error instead of opening a cache or a demo server after dispose
   * closed them, which kept the process alive with nothing left to close it.
   */
  private whileOpen(): Promise<void> {
    if (!this.disposed) return Promise.resolve();
    return Promise.reject(new PlextermError('this plexterm session has ended', { code: 'session-ended', exitCode: ExitCode.usage }));
  }

  /**
   * Carries on the pinned downloads earlier runs left unfinished, in this process's cache: plain URLs,
   * and parts of this session's server (another server's part paths mean nothing here). When the
   * server cannot be reached or none is set up, only the URLs. Resolves with the entries opened.
   */
  async resumePinnedDownloads(): Promise<CacheEntry[]> {
    const cache = await this.cache();
    // Not from kept answers: a machine recalled while the server is away would start downloads that cannot run.
    const machine = await this.serverClient()
      .then(async (client) => (await client.serverInfo()).machineIdentifier)
      .catch(() => null);
    return cache.resumePinned((stored) => stored.key.startsWith('url/') || (machine !== null && stored.key.startsWith(`${machine}/`)));
  }

  /**
   * The cache, or null when another plexterm process holds its folder: then the caller shows the
   * store's records read-only (and says so on stderr).
   */
  async cacheUnlessLocked(): Promise<CacheManager | null> {
    try {
      return await this.cache();
    } catch (error) {
      if (!(error instanceof PlextermError) || error.code !== 'cache-locked') throw error;
      this.cacheManager = undefined;
      this.output.err(`plexterm: ${error.message.split(';')[0]}; showing its records read-only`);
      return null;
    }
  }

  private async openCache(): Promise<CacheManager> {
    const [{ CacheManager, HttpUpstream, cacheSettingsFrom }, { cacheConnector }] = await Promise.all([import('../cache/index.js'), import('./cacheConnector.js')]);
    const { config } = await this.config();
    const settings = cacheSettingsFrom(config.cache, (message) => this.output.err(`plexterm: ${message}`));
    // A server is optional here: `cache ls` or `cache open --url` work without one, or with a bad address
    // in the config (its error comes when a part must be fetched from it).
    const server = this.knownTarget && { ...this.knownTarget, clientIdentifier: await this.clientIdentifier() };
    const connect = cacheConnector(HttpUpstream, server, this.targetProblem, { ...this.timeoutOption(), idleTimeoutMs: settings.idleTimeout * 1000 });
    this.cacheConnect = connect;
    return CacheManager.open({ folder: this.paths.cache, settings, connect, log: (message) => this.output.err(`plexterm: ${terminalLine(message)}`) });
  }

  /**
   * An upstream for a cache entry's path, as the cache itself connects (`cache verify` fetches through
   * it); the caller disposes it. Throws the "not configured" error for a part path without a server.
   */
  async cacheUpstream(upstreamPath: string): Promise<HttpUpstream> {
    await this.cache();
    if (!/^https?:\/\//i.test(upstreamPath)) await this.target();
    if (!this.cacheConnect) throw new Error('the cache is not open');
    return this.cacheConnect(upstreamPath);
  }

  /** Throws the "not configured" error unless the cache can fetch this path (a URL, or a part path with a server known). */
  async assertCanFetch(upstreamPath: string): Promise<void> {
    if (!/^https?:\/\//i.test(upstreamPath)) await this.target();
  }

  /** `--plugins-dir` folders, in the order given. */
  get pluginDirs(): readonly string[] {
    return this.options.pluginsDir ?? [];
  }

  /** Safe mode: `--no-plugins` or PLEXTERM_NO_PLUGINS=1. */
  get safeMode(): boolean {
    return this.options.plugins === false || this.environment.PLEXTERM_NO_PLUGINS === '1';
  }

  /** The plugins (bundled, `<config>/plugins`, every --plugins-dir; none in safe mode), their output in `<log>/plugins.log`. */
  async extensions(): Promise<ExtensionService> {
    return (await this.sessionServices()).extensions();
  }

  /** Playback on this session's server and cache, with every plugin player registered. */
  async playback(): Promise<PlaybackService> {
    return (await this.sessionServices()).playback();
  }

  /** Activates the player's plugin ahead of the launch (and registers a player a plugin made at run time). */
  async preparePlayer(playerId: string): Promise<void> {
    await (await this.sessionServices()).preparePlayer(playerId);
  }

  /** Starts the player ahead of the play, without its URL, for its first request (SessionServices.startPlayerAhead). */
  async startPlayerAhead(playerId: string, options: PlayerPrepareOptions): Promise<void> {
    (await this.sessionServices()).startPlayerAhead(playerId, options);
  }

  /** Stops what plays; resolves once the player has quit and the server heard "stopped" (a few seconds at most). */
  async stopPlayback(): Promise<void> {
    await this.services?.then((started) => started.stopPlayback());
  }

  private sessionServices(): Promise<SessionServices> {
    this.services ??= this.whileOpen()
      .then(() => import('./sessionServices.js'))
      .then(({ SessionServices }) => new SessionServices(this));
    return this.services;
  }

  /** Closes everything the session opened, in the reverse of the order it is opened in; a second call waits for the first. */
  dispose(): Promise<void> {
    this.disposing ??= this.closeAll();
    return this.disposing;
  }

  private async closeAll(): Promise<void> {
    this.disposed = true;
    // A start still under way (the demo server starting) ends first: what it opens is closed below.
    await this.started?.catch(() => undefined);
    const services = this.services;
    const cache = this.cacheManager;
    const demo = this.demoServer;
    this.services = undefined;
    this.cacheManager = undefined;
    this.demoServer = undefined;
    // Each part is closed even when one before it fails (closeInTurn): a demo server left open keeps the process alive.
    await closeInTurn([
      // Playback and plugins first: they still use the cache and the server.
      async () => (await services?.catch(() => undefined))?.dispose(),
      async () => (await cache?.catch(() => undefined))?.close(),
      () => this.clients.dispose(),
      () => this.listings?.flush(),
      async () => (await demo?.catch(() => undefined))?.close(),
    ]);
  }

}
