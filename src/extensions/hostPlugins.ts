// In the extension host: loads and activates plugins, runs their commands and players, and releases all they hold at deactivation.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { missingApiMessage } from './apiResolution.js';
import { Observable } from './observable.js';
import type { PlainData, PlayerLaunchOptions, PlayerPrepareOptions, PlayerProvider, PluginModule, PluginPlayerSession, PreparedPluginPlayer, TrackSelection } from '../api/index.js';
import type { Channel } from './channel.js';
import { plainDataProblem } from './plainData.js';
import { createPluginFacade, type FacadeHost, type PluginFacade } from './pluginFacade.js';
import { fromPluginSubscribable, pluginError, PluginResources } from './pluginResources.js';
import { runAsPlugin } from './pluginScope.js';
import { readRuntimePlayer } from './runtimePlayers.js';
import type { ActivationData, LaunchedSession, PluginStats, PreparedId } from './protocol.js';

interface ActivePlugin {
  id: string;
  resources: PluginResources;
  facade: PluginFacade;
  module: PluginModule | null;
}

interface Owned<T> {
  pluginId: string;
  value: T;
}

const deactivateTimeoutMs = 2000;
const completed = new Observable<never>((subscriber) => subscriber.complete());

export class HostPlugins implements FacadeHost {
  private readonly active = new Map<string, ActivePlugin>();
  /** Activations under way, by plugin id. */
  private readonly activating = new Map<string, Promise<void>>();
  /** Resources of plugins no longer active, kept so `stats` shows what (if anything) outlived deactivation. */
  private readonly retired = new Map<string, PluginResources>();
  private readonly commands = new Map<string, Owned<(...args: PlainData[]) => unknown>>();
  private readonly players = new Map<string, Owned<PlayerProvider>>();
  private readonly sessions = new Map<string, Owned<PluginPlayerSession>>();
  /** Players started ahead of their URL, until launched or disposed. */
  private readonly prepared = new Map<string, Owned<PreparedPluginPlayer>>();
  /** Contributed player ids and their plugins, as plexterm sent them with the last activation. */
  private playerOwners = new Map<string, string[]>();
  private commandOwners = new Map<string, string[]>();

  constructor(readonly channel: Channel) {}

  /**
   * Activates a plugin. Requests that need its players (preparePlayer) may follow before it is done: plexterm sends
   * them at once (ExtensionService.preparePlayer), and they wait here for the activations in flight.
   */
  async activate(data: ActivationData): Promise<void> {
    const run = this.runActivation(data);
    this.activating.set(data.id, run);
    try {
      await run;
    } finally {
      if (this.activating.get(data.id) === run) this.activating.delete(data.id);
    }
  }

  private async runActivation(data: ActivationData): Promise<void> {
    if (this.active.has(data.id)) throw pluginError(data.id, new Error('is already active'));
    this.playerOwners = new Map(Object.entries(data.playerOwners ?? {}));
    this.commandOwners = new Map(Object.entries(data.commandOwners ?? {}));
    const resources = new PluginResources(data.id);
    const plugin: ActivePlugin = { id: data.id, resources, facade: createPluginFacade(data, resources, this), module: null };
    this.active.set(data.id, plugin);
    this.retired.delete(data.id);
    try {
      plugin.module = await runAsPlugin(data.id, () => loadModule(data.mainPath));
      const activate = plugin.module.activate;
      if (typeof activate === 'function') await runAsPlugin(data.id, () => activate.call(plugin.module, plugin.facade.context));
    } catch (error) {
      await this.deactivate(data.id);
      throw pluginError(data.id, error);
    }
  }

  /** Calls the plugin's `deactivate`, disposes `context.subscriptions`, then releases whatever it still holds. */
  async deactivate(pluginId: string): Promise<void> {
    const plugin = this.active.get(pluginId);
    if (!plugin) return;
    this.active.delete(pluginId);
    this.retired.set(pluginId, plugin.resources);
    const log = (message: string) => this.channel.notify('log', [pluginId, message]);
    const deactivate = plugin.module?.deactivate;
    if (typeof deactivate === 'function') {
      try {
        await withTimeout(Promise.resolve(runAsPlugin(pluginId, () => deactivate.call(plugin.module))), deactivateTimeoutMs);
      } catch (error) {
        log(`deactivate failed: ${pluginError(pluginId, error).message}`);
      }
    }
    for (const disposable of [...plugin.facade.context.subscriptions].reverse()) {
      try {
        runAsPlugin(pluginId, () => disposable?.dispose());
      } catch (error) {
        log(`disposing a subscription failed: ${pluginError(pluginId, error).message}`);
      }
    }
    plugin.facade.context.subscriptions.length = 0;
    plugin.resources.release();
    for (const [sessionId, session] of this.sessions) if (session.pluginId === pluginId) this.sessions.delete(sessionId);
    for (const [preparedId, prepared] of this.prepared) if (prepared.pluginId === pluginId) this.prepared.delete(preparedId);
  }

  async deactivateAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((pluginId) => this.deactivate(pluginId)));
  }

  stats(pluginId: string): PluginStats {
    const resources = this.active.get(pluginId)?.resources ?? this.retired.get(pluginId);
    return resources?.stats() ?? { registrations: 0, subscriptions: 0 };
  }

  updateSettings(pluginId: string, settings: Record<string, unknown>): void {
    this.active.get(pluginId)?.facade.updateSettings(settings);
  }

  /** Another plugin's contributed command id is refused: registering first must not take a command from its plugin. */
  addCommand(pluginId: string, commandId: string, handler: (...args: PlainData[]) => unknown): () => void {
    const contributors = this.commandOwners.get(commandId);
    if (contributors && !contributors.includes(pluginId)) throw new Error(`command "${commandId}" is contributed by plugin "${contributors[0]}"; choose another id`);
    return claim(this.commands, 'command', commandId, { pluginId, value: handler });
  }

  /**
   * A contributed player needs no descriptor; any other id is a run-time player, which plexterm hears
   * of (`playerRegistered`, then `playerDisposed` when released). Another plugin's contributed id is refused.
   */
  addPlayer(pluginId: string, playerId: string, provider: PlayerProvider, descriptor?: unknown): () => void {
    const contributors = this.playerOwners.get(playerId);
    if (contributors && !contributors.includes(pluginId)) throw new Error(`player "${playerId}" is contributed by plugin "${contributors[0]}"; choose another id`);
    const runtime = contributors ? null : readRuntimePlayer(playerId, descriptor);
    const remove = claim(this.players, 'player', playerId, { pluginId, value: provider });
    if (!runtime) return remove;
    this.channel.notify('playerRegistered', [pluginId, runtime]);
    return () => {
      remove();
      this.channel.notify('playerDisposed', [pluginId, playerId]);
    };
  }

  /** A plugin runs a command: its own host's handler when there is one, else plexterm activates the owner first. */
  async executeCommand(callerId: string, commandId: string, args: PlainData[]): Promise<unknown> {
    const handler = this.commands.get(commandId);
    if (handler) return this.runHandler(handler, commandId, args);
    const problem = plainDataProblem(args);
    if (problem) throw pluginError(callerId, new Error(`command "${commandId}" was given ${problem}`));
    try {
      return await this.channel.request('executeCommand', [callerId, commandId, args]);
    } catch (error) {
      throw pluginError(callerId, error);
    }
  }

  /** plexterm runs a command: the result must be plain data to travel back. */
  async executeForMain(commandId: string, args: PlainData[]): Promise<unknown> {
    const handler = this.commands.get(commandId);
    if (!handler) throw new Error(`no active plugin registered the command "${commandId}"`);
    // A command that returns nothing answers null, as VS Code's executeCommand resolves undefined.
    const result = (await this.runHandler(handler, commandId, args)) ?? null;
    const problem = plainDataProblem(result);
    if (problem) throw pluginError(handler.pluginId, new Error(`command "${commandId}" returned ${problem}, which cannot cross to plexterm`));
    return result;
  }

  async launchPlayer(playerId: string, url: string, options: PlayerLaunchOptions): Promise<LaunchedSession> {
    const provider = this.players.get(playerId);
    if (!provider) throw new Error(`no active plugin registered the player "${playerId}"`);
    return this.keepSession(provider.pluginId, `player "${playerId}"`, () => provider.value.launch(url, options));
  }

  /** Starts `playerId` ahead of its URL when its provider has `prepare`; null when it has none or prepares none. */
  async preparePlayer(playerId: string, options: PlayerPrepareOptions): Promise<PreparedId> {
    // Sent right behind its plugin's activation: the player is registered once that is done.
    if (!this.players.has(playerId)) await Promise.allSettled([...this.activating.values()]);
    const provider = this.players.get(playerId);
    if (!provider) throw new Error(`no active plugin registered the player "${playerId}"`);
    const prepare = provider.value.prepare;
    if (typeof prepare !== 'function') return null;
    let prepared: PreparedPluginPlayer | null;
    try {
      prepared = await runAsPlugin(provider.pluginId, () => prepare.call(provider.value, options));
    } catch (error) {
      throw pluginError(provider.pluginId, error);
    }
    if (typeof prepared !== 'object' || prepared === null) return null;
    if (!this.active.has(provider.pluginId)) {
      // Deactivated meanwhile: nobody would ever dispose it.
      await this.disposeOne(provider.pluginId, prepared);
      throw pluginError(provider.pluginId, new Error('was deactivated while its player was being prepared'));
    }
    const preparedId = randomUUID();
    this.prepared.set(preparedId, { pluginId: provider.pluginId, value: prepared });
    return preparedId;
  }

  /** Gives a prepared player its URL (once): from then on it is a session like a launched one. */
  async launchPrepared(preparedId: string, url: string, options: PlayerLaunchOptions): Promise<LaunchedSession> {
    const prepared = this.prepared.get(preparedId);
    if (!prepared) throw new Error('the prepared player is gone (its plugin was deactivated)');
    this.prepared.delete(preparedId);
    return this.keepSession(prepared.pluginId, 'the prepared player', () => prepared.value.launch(url, options));
  }

  /** What a prepared player reports before its launch (API 1.5); completes at once for one without `events$`. */
  preparedEvents(preparedId: string): Observable<unknown> {
    const prepared = this.prepared.get(preparedId);
    const events = prepared?.value.events$;
    const plugin = prepared ? this.active.get(prepared.pluginId) : undefined;
    if (!prepared || !events || !plugin) return completed;
    return plugin.resources.track(fromPluginSubscribable(prepared.pluginId, events));
  }

  /** Ends a prepared player that was not launched; one launched or gone already is left alone. */
  async disposePrepared(preparedId: string): Promise<void> {
    const prepared = this.prepared.get(preparedId);
    if (!prepared) return;
    this.prepared.delete(preparedId);
    await this.disposeOne(prepared.pluginId, prepared.value);
  }

  private async disposeOne(pluginId: string, prepared: PreparedPluginPlayer): Promise<void> {
    try {
      await runAsPlugin(pluginId, () => prepared.dispose());
    } catch (error) {
      throw pluginError(pluginId, error);
    }
  }

  private async keepSession(pluginId: string, what: string, launch: () => Promise<PluginPlayerSession>): Promise<LaunchedSession> {
    let session: PluginPlayerSession;
    try {
      session = await runAsPlugin(pluginId, launch);
    } catch (error) {
      throw pluginError(pluginId, error);
    }
    if (typeof session !== 'object' || session === null) throw pluginError(pluginId, new Error(`${what} launched no session`));
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { pluginId, value: session });
    return {
      sessionId,
      hasEvents: typeof session.events$?.subscribe === 'function',
      hasStop: typeof session.stop === 'function',
      hasSeek: typeof session.seek === 'function',
      hasShowText: typeof session.showText === 'function',
      hasKeepForNext: typeof session.keepForNext === 'function',
      hasSetTracks: typeof session.setTracks === 'function',
      hasAppendNext: typeof session.appendNext === 'function',
    };
  }

  sessionEvents(sessionId: string): Observable<unknown> {
    const session = this.sessions.get(sessionId);
    const events = session?.value.events$;
    if (!session || !events) return completed;
    const plugin = this.active.get(session.pluginId);
    if (!plugin) return completed;
    return plugin.resources.track(fromPluginSubscribable(session.pluginId, events));
  }

  async stopSession(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    const stop = session.value.stop;
    if (typeof stop !== 'function') return;
    try {
      await runAsPlugin(session.pluginId, () => stop.call(session.value));
    } catch (error) {
      throw pluginError(session.pluginId, error);
    }
  }

  /**
   * The session's item is over; its process is kept for the queue's next item: from now on it is a prepared
   * player (launched with the next URL, or disposed), and the session is released. Null when the process is gone.
   */
  async keepSessionForNext(sessionId: string): Promise<PreparedId> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error('the player session is gone');
    this.sessions.delete(sessionId);
    const keepForNext = session.value.keepForNext;
    if (typeof keepForNext !== 'function') return null;
    let prepared: PreparedPluginPlayer | null;
    try {
      prepared = await runAsPlugin(session.pluginId, () => keepForNext.call(session.value));
    } catch (error) {
      throw pluginError(session.pluginId, error);
    }
    if (typeof prepared !== 'object' || prepared === null) return null;
    const preparedId = randomUUID();
    this.prepared.set(preparedId, { pluginId: session.pluginId, value: prepared });
    return preparedId;
  }

  /** Asks the session's player to go to `position` milliseconds (skip intro). */
  async seekSession(sessionId: string, position: number): Promise<void> {
    await this.callSession(sessionId, (session) => session.seek?.(position));
  }

  /** Shows `text` on the session's player for `durationMs`. */
  async showTextSession(sessionId: string, text: string, durationMs: number): Promise<void> {
    await this.callSession(sessionId, (session) => session.showText?.(text, durationMs));
  }

  /** Switches the session's tracks (a person chose another audio or subtitle). */
  async setTracksSession(sessionId: string, tracks: TrackSelection): Promise<void> {
    await this.callSession(sessionId, (session) => session.setTracks?.(tracks));
  }

  /** Appends the queue's next item after the session's (gapless); false when the player did not. */
  async appendNextSession(sessionId: string, url: string, options: PlayerLaunchOptions): Promise<boolean> {
    let appended = false;
    await this.callSession(sessionId, async (session) => {
      appended = (await session.appendNext?.(url, options)) === true;
    });
    return appended;
  }

  private async callSession(sessionId: string, call: (session: PluginPlayerSession) => Promise<void> | undefined): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error('the player session is gone');
    try {
      await runAsPlugin(session.pluginId, () => call(session.value));
    } catch (error) {
      throw pluginError(session.pluginId, error);
    }
  }

  private async runHandler(handler: Owned<(...args: PlainData[]) => unknown>, commandId: string, args: PlainData[]): Promise<unknown> {
    try {
      return await runAsPlugin(handler.pluginId, () => handler.value(...args));
    } catch (error) {
      throw pluginError(handler.pluginId, error);
    }
  }
}

/** Registers `entry` under `id` unless another plugin holds it; returns what removes it again. */
function claim<T>(registry: Map<string, Owned<T>>, kind: string, id: string, entry: Owned<T>): () => void {
  const owner = registry.get(id);
  if (owner) throw new Error(`${kind} "${id}" is already registered by plugin "${owner.pluginId}"`);
  registry.set(id, entry);
  return () => {
    if (registry.get(id) === entry) registry.delete(id);
  };
}

async function loadModule(mainPath: string): Promise<PluginModule> {
  try {
    return (await import(pathToFileURL(mainPath).href)) as PluginModule;
  } catch (error) {
    const missingApi = missingApiMessage(error);
    if (missingApi) throw new Error(`cannot load ${basename(mainPath)}: ${missingApi}`);
    const kind = error instanceof Error ? `${error.name}: ` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`cannot load ${basename(mainPath)}: ${kind}${message}`);
  }
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not finish within ${milliseconds} ms`)), milliseconds);
    timer.unref();
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
