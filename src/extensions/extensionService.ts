// The main process's extension service: discovers plugins, activates them lazily in the host process, survives the host's crashes.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, map, startWith, Subject, type Observable } from 'rxjs';
import { assetPath } from '../base/packageRoot.js';
import type { PlextermPaths } from '../base/paths.js';
import { compileCacheName, compileCacheTurnedOff } from '../base/compileCache.js';
import { UsageError } from '../base/errors.js';
import type { Player, PlayerLaunchOptions, PlayerPrepareOptions, PlayerSession, PreparedPlayer } from '../playback/player.js';
import { activatesOn, anyPlayerEvent, commandEvent, everything, playerEvent, startupFinished } from './activationEvents.js';
import type { PlainData } from '../api/index.js';
import { discoverPlugins } from './discovery.js';
import { admitPlugins, type PluginOrigin } from './pluginAdmission.js';
import { HostSupervisor, type SupervisorOptions } from './hostSupervisor.js';
import type { PlayerContribution, PluginManifest } from './manifest.js';
import { headlessTerminal, headlessUi, type MainServices } from './mainServices.js';
import { plainDataProblem } from './plainData.js';
import { adaptPluginPlayer, bridgePrepared, bridgeSession } from './pluginPlayer.js';
import { createRecord, errorOf, infoOf, PluginError, type PluginInfo, type PluginRecord } from './pluginRecord.js';
import { settingsFor, type ConfigSource } from './pluginSettings.js';
import { PluginStorage } from './pluginStorage.js';
import { PluginTrustStore } from './pluginTrust.js';
import type { LaunchedSession, PluginStats, PreparedId } from './protocol.js';
import { RuntimePlayers, type RegisteredPlayer } from './runtimePlayers.js';

export interface ExtensionServiceOptions {
  /** Extra plugin folders (`--plugins-dir`, repeatable), searched after the bundled and the person's ones; their plugins are trusted for this run. */
  pluginDirs?: readonly string[];
  /** Safe mode (`--no-plugins`); PLEXTERM_NO_PLUGINS=1 turns it on too. */
  noPlugins?: boolean;
  /** Where the person's plugins (`<config>/plugins`) and plugin storage (`<data>/plugin-storage`) live. */
  paths?: Pick<PlextermPaths, 'config' | 'data'> & Partial<Pick<PlextermPaths, 'cache'>>;
  /** The bundled plugins folder; null for none. Default: plexterm's own `plugins/`. */
  bundledPluginsDir?: string | null;
  services?: Partial<MainServices>;
  /** Receives every line plugins print or log, and the host's troubles. Nothing reaches the terminal. */
  log?: (line: string) => void;
  /** Default 10 s. */
  activationTimeoutMs?: number;
  /** Default 1 s; about three missed beats mean the host is stuck. */
  heartbeatMs?: number;
  /** The config file's content: each plugin's settings are in its `plugins.<id>` object. */
  config?: ConfigSource;
  /**
   * The environment of plexterm's run (the session's): the plugin host, players and `terminal.run` get
   * what the allowlist of src/base/childEnvironment.ts lets through of it. Default: this process's.
   */
  environment?: NodeJS.ProcessEnv;
}

type ValidRecord = PluginRecord & { description: { valid: true } };

/** A third-party plugin waiting for the person's trust: what a question about it shows. */
export interface TrustRequest {
  id: string;
  /** Its displayName, else its id. */
  name: string;
  /** Its publisher (or author), when the manifest names one. */
  publisher: string | null;
  version: string;
  folder: string;
  contributes: PluginInfo['contributes'];
}

export class ExtensionService {
  /** The first plugin of each id; `listed` also holds the duplicates, invalid, in discovery order. */
  private readonly records = new Map<string, PluginRecord>();
  private readonly listed: PluginRecord[];
  private readonly origins = new Map<PluginRecord, PluginOrigin>();
  private readonly firedEvents = new Set<string>();
  private readonly supervisor: HostSupervisor;
  private readonly storage: PluginStorage;
  private readonly runtimePlayers = new RuntimePlayers();
  private readonly playersChanged = new Subject<void>();
  private config: ConfigSource;
  private disposed = false;
  /** Each plugin's own writable folder is `<this>/<id>`: in the data folder, else a temporary one removed at dispose. */
  private readonly storageRoot: string;

  private constructor(
    records: PluginRecord[],
    private readonly options: ExtensionServiceOptions,
    private readonly safeMode: boolean,
    private readonly trustStore: PluginTrustStore | null = null,
    origins: readonly PluginOrigin[] = [],
  ) {
    this.listed = records;
    records.forEach((record, index) => this.origins.set(record, origins[index] ?? 'thirdParty'));
    for (const record of records) if (!this.records.has(record.description.id)) this.records.set(record.description.id, record);
    const log = options.log ?? (() => undefined);
    this.config = options.config ?? {};
    this.storage = new PluginStorage(options.paths ? join(options.paths.data, 'plugin-storage') : null, log);
    this.storageRoot = options.paths ? join(options.paths.data, 'plugin-storage') : join(tmpdir(), `plexterm-plugin-storage-${randomUUID()}`);
    const environment = options.environment ?? process.env;
    const services: Partial<MainServices> = { ui: headlessUi(log), terminal: headlessTerminal(environment), ...options.services };
    const supervisorOptions: SupervisorOptions = {
      environment,
      heartbeatMs: options.heartbeatMs ?? 1000,
      activationTimeoutMs: options.activationTimeoutMs ?? 10_000,
      log,
      services,
      records: this.records,
      runtimePlayers: this.runtimePlayers,
      storage: this.storage,
      storageFolderOf: (id) => join(this.storageRoot, id),
      compileCacheFolder: options.paths?.cache !== undefined && !compileCacheTurnedOff(environment) ? join(options.paths.cache, compileCacheName, 'plugin-host') : null,
      settingsOf: (record) => this.settingsOf(record),
      executeCommand: (_callerId, commandId, args) => this.executeCommand(commandId, ...args),
      replay: () => {
        for (const event of this.firedEvents) void this.activate(event);
      },
    };
    this.supervisor = new HostSupervisor(supervisorOptions);
    this.runtimePlayers.onDidChange(() => this.playersChanged.next());
  }

  /** Reads every manifest (no plugin code runs), then activates the `*` plugins in the background. */
  static async start(options: ExtensionServiceOptions = {}): Promise<ExtensionService> {
    const safeMode = options.noPlugins ?? (options.environment ?? process.env).PLEXTERM_NO_PLUGINS === '1';
    if (safeMode) return new ExtensionService([], options, true);
    const bundled = options.bundledPluginsDir === undefined ? assetPath('plugins') : options.bundledPluginsDir;
    const roots = [bundled, options.paths ? join(options.paths.config, 'plugins') : null, ...(options.pluginDirs ?? [])];
    const descriptions = await discoverPlugins(roots.filter((root): root is string => root !== null));
    const trustStore = options.paths ? new PluginTrustStore(options.paths.config) : null;
    const admitted = await admitPlugins(descriptions, { bundledRoot: bundled, pluginsDirs: options.pluginDirs ?? [], trustStore });
    const records = admitted.map(({ description, untrusted }) => createRecord(description, untrusted));
    const service = new ExtensionService(records, options, false, trustStore, admitted.map(({ origin }) => origin));
    if ([...service.records.values()].some((record) => record.events.has(everything))) void service.activate(everything);
    return service;
  }

  /** Why no plugin runs (safe mode, or too many host crashes), or null. */
  get offReason(): string | null {
    if (this.safeMode) return 'plugins are off (safe mode: --no-plugins or PLEXTERM_NO_PLUGINS=1)';
    return this.supervisor.offReason;
  }

  plugins(): PluginInfo[] {
    return this.listed.map(infoOf);
  }

  /** The third-party plugins that wait for the person's trust (new, or changed since they were trusted). */
  trustRequests(): TrustRequest[] {
    return this.listed.flatMap((record) => {
      const description = record.description;
      if (record.state !== 'untrusted' || !description.valid) return [];
      const { manifest } = description;
      return [{ id: description.id, name: manifest.displayName ?? description.id, publisher: publisherOf(manifest), version: manifest.version, folder: description.folder, contributes: manifest.contributes ?? {} }];
    });
  }

  /**
   * Trusts the third-party plugin `id` as its files are now (stored with their hash in the config folder),
   * and lets it run in this process too; with `runNow`, it is activated on what already happened in this
   * run (`*`, commands run since). Throws a UsageError for a plugin that is not third-party.
   */
  async trust(id: string, options: { runNow?: boolean } = {}): Promise<void> {
    const record = this.thirdParty(id);
    if (!this.trustStore) throw new UsageError('plugins cannot be trusted without a config folder');
    await this.trustStore.trust(id, record.description.folder);
    if (record.state !== 'untrusted') return;
    const trusted = createRecord(record.description);
    this.replaceRecord(record, trusted);
    if (!options.runNow) return;
    // What already happened in this run concerns it too (`*` at start, a command run since); activation goes on in the background.
    const events = new Set([everything, ...this.firedEvents]);
    for (const event of events) if (activatesOn(trusted.events, event)) void this.activate(event);
  }

  /** Forgets the trust in `id`; from the next start it waits again. Resolves with whether it was trusted. */
  async untrust(id: string): Promise<boolean> {
    this.thirdParty(id);
    if (!this.trustStore) return false;
    return this.trustStore.untrust(id);
  }

  /** Activates every plugin `event` concerns (and their dependencies first); resolves once each has settled. */
  async activate(event: string): Promise<void> {
    if (this.disposed || this.offReason !== null) return;
    this.firedEvents.add(event);
    const targets = this.validRecords().filter((record) => activatesOn(record.events, event));
    await Promise.all(targets.map((record) => this.supervisor.activatePlugin(record)));
  }

  fireStartupFinished(): Promise<void> {
    return this.activate(startupFinished);
  }

  /** Runs a plugin command headless: activates its plugin, then resolves with its (plain data) result. */
  async executeCommand(commandId: string, ...args: PlainData[]): Promise<unknown> {
    this.assertOn();
    const problem = plainDataProblem(args);
    if (problem) throw new UsageError(`command "${commandId}" was given ${problem}: only plain data reaches plugins`);
    await this.activate(commandEvent(commandId));
    const waiting = this.listed.find((record) => record.state === 'untrusted' && contributesCommand(record, commandId));
    if (waiting) throw errorOf(waiting);
    const owner = this.validRecords().find((record) => contributesCommand(record, commandId));
    if (owner && owner.state !== 'active') throw errorOf(owner);
    return this.supervisor.callPlugin(owner ?? null, 'executeCommand', [commandId, args], `command "${commandId}"`);
  }

  /**
   * Every contributed player, then every player registered at run time by an active plugin, adapted to
   * playback's Player; launching one activates its plugin. A run-time player is gone once disposed,
   * once its plugin deactivates and once the host ends (until a replayed activation registers it again).
   */
  players(): Player[] {
    const described = [...this.playerContributions().map(({ contribution }) => contribution), ...this.runtimePlayersInPluginOrder().map(({ player }) => player)];
    return described.map((player) => this.adapt(player));
  }

  /**
   * Run-time players by their plugins' order (as `plugins()` lists them), each plugin's in the order it
   * registered them: plugins activate side by side, so the order of arrival alone would vary.
   */
  private runtimePlayersInPluginOrder(): RegisteredPlayer[] {
    const rank = new Map([...this.records.keys()].map((pluginId, index) => [pluginId, index]));
    const rankOf = (pluginId: string) => rank.get(pluginId) ?? Number.MAX_SAFE_INTEGER;
    return this.runtimePlayers.list().sort((a, b) => rankOf(a.pluginId) - rankOf(b.pluginId));
  }

  /** `players()` now, then again whenever a run-time player is registered or disposed; completes at dispose. */
  readonly players$: Observable<Player[]> = defer(() => this.playersChanged.pipe(startWith(undefined), map(() => this.players())));

  /**
   * The player `playerId`, its plugin active; rejects with the plugin's error. A contributed player
   * activates its plugin (onPlayer:id). Any other id: when no active plugin registered it, every plugin
   * declaring `onPlayer:*` (and `*`) is activated first, then the run-time players are looked at again.
   */
  async getPlayer(playerId: string): Promise<Player> {
    this.assertOn();
    const found = this.playerContributions().find(({ contribution }) => contribution.id === playerId);
    if (found) {
      await this.activate(playerEvent(playerId));
      if (found.record.state !== 'active') throw errorOf(found.record);
      return this.adapt(found.contribution);
    }
    if (!this.runtimePlayers.get(playerId)) await this.activate(anyPlayerEvent);
    const registered = this.runtimePlayers.get(playerId);
    if (registered) return this.adapt(registered.player);
    const failed = this.validRecords().filter((record) => record.events.has(anyPlayerEvent) && (record.state === 'failed' || record.state === 'timedOut'));
    const why = failed.map((record) => `; ${errorOf(record).message}`).join('');
    throw new UsageError(`no plugin contributes the player "${playerId}", and no active plugin registered it at run time${why}`);
  }

  /**
   * Resolves once the plugin host's process is up (started now when none runs), before any plugin is activated in it:
   * what a play reports as its `host` phase. Rejects when no host can run (plugins off, too many crashes).
   */
  async hostReady(): Promise<void> {
    this.assertOn();
    await this.supervisor.channel();
  }

  /** Live registrations and subscriptions of a plugin in the host (zeros when no host runs). */
  stats(pluginId: string): Promise<PluginStats> {
    return this.supervisor.stats(pluginId);
  }

  /** Deactivates one plugin: its `deactivate`, its subscriptions, then whatever the host still tracks for it. */
  async deactivate(pluginId: string): Promise<void> {
    const record = this.records.get(pluginId);
    if (!record || record.state !== 'active') return;
    await this.supervisor.deactivate(record);
  }

  /** New config file content: plugins whose settings changed hear of it through `config.onDidChange`. */
  async updateConfig(config: ConfigSource): Promise<void> {
    this.config = config;
    for (const record of this.validRecords()) {
      if (record.state === 'active') await this.supervisor.notifySettings(record, this.settingsOf(record));
    }
  }

  /** Deactivates what it can within a second, then kills the host. Nothing is left running. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.supervisor.dispose();
    if (!this.options.paths) await rm(this.storageRoot, { recursive: true, force: true });
    this.playersChanged.complete();
  }

  private async launchPlayer(playerId: string, url: string, options: PlayerLaunchOptions): Promise<PlayerSession> {
    await this.getPlayer(playerId);
    const launched = (await this.supervisor.callPlugin(this.ownerOf(playerId), 'launchPlayer', [playerId, url, options], `player "${playerId}"`)) as LaunchedSession;
    return bridgeSession(await this.supervisor.channel(), launched);
  }

  /** Starts `playerId` without its URL when its provider can (its plugin activated first); null when it cannot. */
  private async preparePlayer(playerId: string, options: PlayerPrepareOptions): Promise<PreparedPlayer | null> {
    const what = `player "${playerId}"`;
    const request = (method: string, params: unknown[]) => this.supervisor.callPlugin(this.ownerOf(playerId), method, params, what);
    const activated = this.getPlayer(playerId);
    activated.catch(() => undefined); // awaited below
    // The request goes right behind the activation of the player's plugin, not once this process has heard that it
    // is done (this process may be busy then: a play loading its modules); the host holds it until then.
    const contributor = this.playerContributions().find(({ contribution }) => contribution.id === playerId)?.record;
    const sentBehind = contributor !== undefined && (await Promise.race([this.supervisor.activationSent(contributor), activated.then(() => false, () => false)]));
    const preparing = sentBehind ? request('preparePlayer', [playerId, options]) : activated.then(() => request('preparePlayer', [playerId, options]));
    try {
      await activated;
    } catch (error) {
      // The activation's own error comes first: the host's answer would only say the player is unknown.
      void preparing.then((id) => (id === null ? undefined : request('disposePrepared', [id]))).catch(() => undefined);
      throw error;
    }
    const preparedId = (await preparing) as PreparedId;
    return preparedId === null ? null : bridgePrepared(preparedId, request, () => this.supervisor.channel());
  }

  private adapt(player: PlayerContribution): Player {
    return adaptPluginPlayer(
      player,
      (url, options) => this.launchPlayer(player.id, url, options),
      (options) => this.preparePlayer(player.id, options),
    );
  }

  /** The plugin providing `playerId`: its contributor, else the active plugin that registered it. */
  private ownerOf(playerId: string): PluginRecord | null {
    const contributor = this.playerContributions().find(({ contribution }) => contribution.id === playerId)?.record;
    const pluginId = contributor ? null : this.runtimePlayers.get(playerId)?.pluginId;
    return contributor ?? (pluginId ? (this.records.get(pluginId) ?? null) : null);
  }

  private playerContributions(): { record: ValidRecord; contribution: PlayerContribution }[] {
    return this.validRecords().flatMap((record) => (record.description.manifest.contributes?.players ?? []).map((contribution) => ({ record, contribution })));
  }

  /** The plugins that may run: valid, and trusted (bundled, from --plugins-dir, or trusted by the person). */
  private validRecords(): ValidRecord[] {
    return [...this.records.values()].filter((record): record is ValidRecord => record.description.valid && record.state !== 'untrusted');
  }

  private thirdParty(id: string): ValidRecord {
    const record = this.records.get(id);
    if (!record) throw new UsageError(`no plugin "${id}" was found: \`plexterm plugins\` lists them`);
    const origin = this.origins.get(record);
    if (origin === 'bundled') throw new UsageError(`"${id}" is bundled with plexterm: it is always trusted`);
    if (!record.description.valid) throw new UsageError(`"${id}" cannot run, so it cannot be trusted: ${record.description.error}`);
    if (origin === 'pluginsDir') throw new UsageError(`"${id}" was found in a --plugins-dir, which trusts it for that run only: put it in the plugins folder of your config folder to trust it for good`);
    return record as ValidRecord;
  }

  private replaceRecord(before: PluginRecord, after: PluginRecord): void {
    this.listed[this.listed.indexOf(before)] = after;
    this.origins.set(after, this.origins.get(before) ?? 'thirdParty');
    this.origins.delete(before);
    this.records.set(after.description.id, after);
  }

  private settingsOf(record: ValidRecord): Record<string, unknown> {
    return settingsFor(record.description.id, record.description.manifest, this.config);
  }

  private assertOn(): void {
    if (this.disposed) throw new PluginError('the extension service is disposed');
    const off = this.offReason;
    if (off !== null) throw new PluginError(off);
  }
}

function contributesCommand(record: PluginRecord, commandId: string): boolean {
  return record.description.valid && (record.description.manifest.contributes?.commands ?? []).some((command) => command.command === commandId);
}

/** The manifest's publisher, else its author (a string, or npm's { name }). */
function publisherOf(manifest: PluginManifest): string | null {
  if (typeof manifest.publisher === 'string' && manifest.publisher !== '') return manifest.publisher;
  const author = manifest.author;
  if (typeof author === 'string' && author !== '') return author;
  return typeof author === 'object' && author !== null && typeof author.name === 'string' && author.name !== '' ? author.name : null;
}
