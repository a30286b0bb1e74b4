// The plugin host and playback of a session: the extension service over the plugin folders, and a PlaybackService whose players are the plugins' players.
import { join } from 'node:path';
import { BehaviorSubject } from 'rxjs';
import type { LoadedConfig } from '../base/config.js';
import type { PlextermPaths } from '../base/paths.js';
import { terminalLine } from '../base/terminalText.js';
import type { CacheManager } from '../cache/index.js';
import type { ExtensionService } from '../extensions/extensionService.js';
import { headlessTerminal, headlessUi, type MainServices, type TerminalService, type UiService } from '../extensions/mainServices.js';
import type { PlexClient, TimelineReport } from '../plex/client.js';
import type { PlaybackService } from '../playback/playbackService.js';
import type { Player, PlayerPrepareOptions, PlayerSession, PreparedPlayer } from '../playback/player.js';
import { InFlight } from './inFlight.js';
import type { Output } from './output.js';
import { PluginLogFile } from './pluginLogFile.js';
import { cacheService, libraryService, playbackService } from './pluginServices.js';

/** What the TUI lends a session: its screen for plugins. */
export interface SessionSurface {
  ui: UiService;
  terminal: TerminalService;
}

/** What the services need of the session (Session provides it). */
export interface ServiceSource {
  readonly paths: PlextermPaths;
  readonly output: Output;
  /** The run's environment: plugin processes get what the allowlist lets through of it, never process.env itself. */
  readonly environment: NodeJS.ProcessEnv;
  /** `--plugins-dir`, in order. */
  readonly pluginDirs: readonly string[];
  /** `--no-plugins` or PLEXTERM_NO_PLUGINS=1. */
  readonly safeMode: boolean;
  /** The screen plugins' ui and terminal calls reach (the TUI's); headless when absent. */
  readonly surface?: SessionSurface | undefined;
  config(): Promise<LoadedConfig>;
  /** The session's one client (with kept answers when the session keeps them). */
  client(): Promise<PlexClient>;
  cache(): Promise<CacheManager>;
}

/** How long the end of a run waits for a player's stop and the last reports. */
const finishCapMs = 3000;

export class SessionServices {
  readonly logFile: PluginLogFile;
  private readonly inFlight = new InFlight();
  private readonly playbackCreated = new BehaviorSubject<PlaybackService | null>(null);
  private extensionService: Promise<ExtensionService> | undefined;
  private playbackService: Promise<PlaybackService> | undefined;
  /** Resolves once the plugins' players are registered with the playback service. */
  private playersRegistered: Promise<void> = Promise.resolve();
  /** A player started ahead of the play (startPlayerAhead), until a request takes it or the run ends. */
  private ahead: { playerId: string; options: PlayerPrepareOptions; started: Promise<PreparedPlayer | null> } | null = null;

  constructor(private readonly source: ServiceSource) {
    this.logFile = new PluginLogFile(source.paths.log);
  }

  /** The plugins of this run (bundled, `<config>/plugins`, every --plugins-dir), started on first use; none in safe mode. */
  extensions(): Promise<ExtensionService> {
    this.extensionService ??= this.startExtensions();
    return this.extensionService;
  }

  /** Playback on the session's server and cache; every contributed player is registered, its plugin activated at launch. */
  playback(): Promise<PlaybackService> {
    this.playbackService ??= this.startPlayback();
    return this.playbackService;
  }

  /**
   * Gets `playerId` ready to launch: a contributed player's plugin is activated in the background (so the
   * launch at `ready` does not wait for it); a player a plugin registers at run time is looked up and
   * registered first. Failures are left for the play to report in its own terms.
   */
  async preparePlayer(playerId: string): Promise<void> {
    const [playback, extensions] = await Promise.all([this.playback(), this.extensions()]);
    // The contributed players are registered just after both exist: a contributed id must not be taken for a run-time one.
    await this.playersRegistered.catch(() => undefined);
    if (playback.registeredPlayers().some((player) => player.id === playerId)) {
      extensions.getPlayer(playerId).catch(() => undefined);
      return;
    }
    await this.runtimePlayer(playerId);
  }

  /**
   * Starts `playerId` ahead of the play, without its URL (issue 15): a player's start (mpv's is some 150 ms) then runs
   * beside the queue's creation and the cache entry's probe, not after them. Only a player a plugin contributes (its
   * manifest says so before any plugin code runs) that can be prepared; the play's first request that asks for it with
   * the same options takes it (PlaybackService's takeAhead), and one no request took is disposed at stop or dispose.
   * The rule "a player is given its URL only at ready" is untouched: this player gets none until then.
   */
  startPlayerAhead(playerId: string, options: PlayerPrepareOptions): void {
    this.disposeAhead();
    const started = this.extensions().then(async (extensions) => {
      const found = extensions.offReason === null ? extensions.players().find((player) => player.id === playerId) : undefined;
      if (found === undefined) return null;
      // Its prepare activates its plugin, and asks the host to prepare right behind that activation (ExtensionService).
      const player = this.trackedPlayer(found);
      return player.prepare ? player.prepare(options) : null;
    });
    // A failure (the plugin did not activate) is the play's to report, when it looks its player up.
    started.catch(() => undefined);
    this.ahead = { playerId, options, started };
  }

  /** The player started ahead for `playerId` with these options, taken once; any other is disposed. */
  private takeAhead(playerId: string, options: PlayerPrepareOptions): Promise<PreparedPlayer | null> | null {
    const ahead = this.ahead;
    if (!ahead) return null;
    this.ahead = null;
    const same = ahead.playerId === playerId && (ahead.options.queue === true) === (options.queue === true) && ahead.options.args.length === options.args.length && ahead.options.args.every((arg, index) => arg === options.args[index]);
    if (same) return ahead.started;
    endUnused(ahead.started);
    return null;
  }

  private disposeAhead(): void {
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead) endUnused(ahead.started);
  }

  /** A player no plugin contributes, looked for among those the plugins register at run time (activating its plugin), and registered when found. */
  private async runtimePlayer(playerId: string): Promise<void> {
    const [playback, extensions] = await Promise.all([this.playback(), this.extensions()]);
    const player = await extensions.getPlayer(playerId).catch(() => null);
    if (player && !playback.registeredPlayers().some((known) => known.id === playerId)) playback.registerPlayer(this.trackedPlayer(player));
  }

  /** What a play waits for before it looks its player up: the contributed players, and the one it names when none of them is it. */
  private async playersFor(service: PlaybackService, playerId: string | undefined): Promise<void> {
    await this.playersRegistered;
    if (playerId !== undefined && !service.registeredPlayers().some((player) => player.id === playerId)) await this.runtimePlayer(playerId);
  }

  /** Stops what plays, then waits (a few seconds at most) for the player to quit and the server to hear "stopped". */
  async stopPlayback(): Promise<void> {
    this.disposeAhead();
    const playback = await this.playbackService?.catch(() => undefined);
    if (!playback) return;
    playback.stop();
    await this.inFlight.settled(finishCapMs);
  }

  /** Stops playback, waits (a few seconds at most) for the player's stop and the last reports, then ends the plugin host. */
  async dispose(): Promise<void> {
    await this.stopPlayback();
    const playback = await this.playbackService?.catch(() => undefined);
    this.playbackService = undefined;
    playback?.dispose();
    this.playbackCreated.complete();
    const extensions = await this.extensionService?.catch(() => undefined);
    this.extensionService = undefined;
    await extensions?.dispose();
    await this.logFile.close();
  }

  private async startExtensions(): Promise<ExtensionService> {
    const { ExtensionService } = await import('../extensions/extensionService.js');
    const { config } = await this.source.config();
    return ExtensionService.start({
      pluginDirs: this.source.pluginDirs,
      noPlugins: this.source.safeMode,
      paths: this.source.paths,
      services: this.mainServices(),
      log: this.logFile.write,
      environment: this.source.environment,
      // Only the plugins' own settings: the config file also holds the token.
      config: { plugins: config.plugins ?? {} },
    });
  }

  private mainServices(): MainServices {
    return {
      library: libraryService(() => this.source.client()),
      cache: cacheService(() => this.source.cache(), () => this.source.client()),
      playback: playbackService(() => this.playback(), this.playbackCreated),
      ui: this.source.surface?.ui ?? this.ui(),
      terminal: this.source.surface?.terminal ?? headlessTerminal(this.source.environment),
    };
  }

  /** Without a screen: messages are logged and shown on stderr; quick picks are cancelled. */
  private ui(): UiService {
    const headless = headlessUi(this.logFile.write);
    return {
      ...headless,
      showMessage: async (pluginId, text) => {
        await headless.showMessage(pluginId, text);
        this.source.output.err(`plexterm: [plugin: ${pluginId}] ${terminalLine(text)}`);
      },
    };
  }

  /**
   * Does not wait for the plugin host: a play's metadata and cache entry go on while the plugins are
   * read, and only its choice of player waits for their players to be registered.
   */
  private async startPlayback(): Promise<PlaybackService> {
    const extensionsStarted = this.extensions();
    // Its failure is the play's to report (playersRegistered), and the caller's who asks for extensions().
    extensionsStarted.catch(() => undefined);
    const [{ PlaybackService }, { TimelineJournal, TimelineReporter }, client, cache] = await Promise.all([
      import('../playback/playbackService.js'),
      import('../offline/index.js'),
      this.source.client(),
      this.source.cache(),
    ]);
    const track = <T>(work: Promise<T>) => this.inFlight.track(work);
    // The last timeline report and the scrobble are awaited at the end of the run.
    const reported = { timeline: (report: TimelineReport) => track(client.timeline(report)), scrobble: (ratingKey: string) => track(client.scrobble(ratingKey)) };
    const log = (message: string) => this.logFile.write(`playback: ${message}`);
    const service: PlaybackService = new PlaybackService({
      client: { metadata: (ratingKey, options) => client.metadata(ratingKey, options), serverInfo: () => client.serverInfo(), streamText: (key) => client.streamText(key), ...reported },
      cache,
      // Progress the server could not hear is kept in the offline feature's journal and sent at the next play.
      progress: new TimelineReporter(reported, new TimelineJournal(join(this.source.paths.data, 'playback-journal.json'), log), log),
      log,
      playersRegistered: (playerId?: string): Promise<void> => this.playersFor(service, playerId),
      takeAhead: (playerId, options) => this.takeAhead(playerId, options),
    });
    this.playersRegistered = extensionsStarted.then((extensions) => {
      if (extensions.offReason !== null) return;
      for (const player of extensions.players()) {
        // Two plugins contributing one player id: the first (in discovery order) plays.
        if (service.registeredPlayers().some((known) => known.id === player.id)) this.logFile.write(`playback: a second plugin contributes the player "${player.id}"; ignored`);
        else service.registerPlayer(this.trackedPlayer(player));
      }
    });
    this.playersRegistered.catch(() => undefined);
    this.playbackCreated.next(service);
    return service;
  }

  /** The player with its sessions' stop tracked, so the run ends only once the player has quit. */
  private trackedPlayer(player: Player): Player {
    const prepare = player.prepare;
    return {
      id: player.id,
      title: player.title,
      mediaTypes: player.mediaTypes,
      launch: async (url, options) => this.trackedSession(await player.launch(url, options)),
      // A prepared player is ended before the run ends, as a launched one is stopped. One still starting is not
      // waited for (a failed play must end fast): the plugin host's end ends the processes it had started.
      ...(prepare && {
        prepare: async (options) => {
          const prepared = await prepare.call(player, options);
          return prepared && this.trackedPrepared(prepared);
        },
      }),
    };
  }

  private trackedPrepared(prepared: PreparedPlayer): PreparedPlayer {
    return {
      launch: async (url, launchOptions) => this.trackedSession(await prepared.launch(url, launchOptions)),
      dispose: () => this.inFlight.track(prepared.dispose()),
      ...(prepared.events$ ? { events$: prepared.events$ } : {}),
    };
  }

  /** The session with its stop tracked, and the process it keeps for a queue's next item (ended at the queue's end) too. */
  private trackedSession(session: PlayerSession): PlayerSession {
    const stop = session.stop;
    const keepForNext = session.keepForNext;
    const tracked: PlayerSession = { ...session };
    if (stop) tracked.stop = () => this.inFlight.track(stop.call(session));
    if (keepForNext) tracked.keepForNext = async () => {
      const kept = await this.inFlight.track(keepForNext.call(session));
      return kept && this.trackedPrepared(kept);
    };
    return tracked;
  }
}

/** Ends a player started ahead that no request took, whenever it is up; a start or an end that fails is only lost. */
function endUnused(started: Promise<PreparedPlayer | null>): void {
  started.then((prepared) => prepared?.dispose()).catch(() => undefined);
}
