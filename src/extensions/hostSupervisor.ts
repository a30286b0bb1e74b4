// Keeps the extension host running: activations with a timeout, blame and restart after a crash or hang, and the restart limit.
import { mkdirSync } from 'node:fs';
import { describeError } from '../base/errors.js';
import type { PlainData } from '../api/index.js';
import { ChannelClosedError, type Channel } from './channel.js';
import { HostProcess, type HostExit } from './hostProcess.js';
import { installFolders, type SandboxFolders } from './hostSandbox.js';
import { hasCompileCache } from '../base/compileCache.js';
import { createMainHandlers } from './mainRequests.js';
import type { MainServices } from './mainServices.js';
import { errorOf, PluginError, type PluginRecord } from './pluginRecord.js';
import { PluginProcesses } from './pluginProcesses.js';
import type { PluginStorage } from './pluginStorage.js';
import type { Contributions } from './manifest.js';
import type { ActivationData, PluginStats } from './protocol.js';
import type { RuntimePlayers } from './runtimePlayers.js';

type ValidRecord = PluginRecord & { description: { valid: true } };

export interface SupervisorOptions {
  /** The run's environment: the host and the processes plugins start get its allowed variables. */
  environment: NodeJS.ProcessEnv;
  heartbeatMs: number;
  activationTimeoutMs: number;
  log(line: string): void;
  services: Partial<MainServices>;
  records: ReadonlyMap<string, PluginRecord>;
  /** Kept from the current host's notifications; emptied for a plugin that stops, wholly when the host ends. */
  runtimePlayers: RuntimePlayers;
  storage: PluginStorage;
  /** The one folder plugin `id` may write in (made 0700 when the host starts). */
  storageFolderOf(id: string): string;
  /**
   * The host's own compile cache folder (src/base/compileCache.ts), or null for none: the host may write it, and no
   * other process reads it, so what a plugin writes there reaches only the host, where plugins run anyway.
   */
  compileCacheFolder?: string | null;
  settingsOf(record: ValidRecord): Record<string, unknown>;
  executeCommand(callerId: string, commandId: string, args: PlainData[]): Promise<unknown>;
  /** Fires again the activation events already fired, once a restarted host is ready. */
  replay(): void;
}

/** At most this many restarts within `restartWindowMs`; the next crash turns plugins off. */
const maxRestarts = 3;
const restartWindowMs = 5 * 60_000;
const shutdownGraceMs = 1000;

type Settled = { kind: 'done' } | { kind: 'failed'; error: unknown } | { kind: 'timeout' };

/** Whether an activation's request has been sent to the host (HostSupervisor.activationSent). */
interface SentSignal {
  sent: Promise<boolean>;
  settle(sent: boolean): void;
}

export class HostSupervisor {
  private host: HostProcess | null = null;
  private starting: Promise<HostProcess> | null = null;
  /** The host being started, once forked (its channel takes requests before it is ready: HostProcess.start); null when it could not be. */
  private forking: Promise<HostProcess | null> | null = null;
  /** For each activation under way: whether its request has been sent to the host (activationSent). */
  private readonly sentSignals = new Map<PluginRecord, SentSignal>();
  private generation = 0;
  private lastEntered: string | null = null;
  private crashes: number[] = [];
  private disposed = false;
  /** Processes started for plugins; ended with their plugin, and all when the host ends. */
  private readonly processes: PluginProcesses;
  offReason: string | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.processes = new PluginProcesses(options.environment);
  }

  /** Activates `record` once (concurrent callers share the promise), its dependencies first. */
  activatePlugin(record: ValidRecord): Promise<void> {
    if (record.state !== 'inactive') return Promise.resolve();
    if (!record.activation) {
      let settle: (sent: boolean) => void = () => {};
      const signal: SentSignal = { sent: new Promise<boolean>((resolve) => (settle = resolve)), settle: (sent) => settle(sent) };
      this.sentSignals.set(record, signal);
      record.activation = this.runActivation(record, signal).finally(() => {
        signal.settle(false);
        if (this.sentSignals.get(record) === signal) this.sentSignals.delete(record);
      });
    }
    return record.activation;
  }

  /**
   * While `record` activates: resolves with true once its activation request has been sent to the host (a request
   * sent after it is handled after it), with false if it ends unsent. False at once when no activation runs.
   */
  activationSent(record: PluginRecord): Promise<boolean> {
    return this.sentSignals.get(record)?.sent ?? Promise.resolve(false);
  }

  /** A request to the host on behalf of `owner`; a crash meanwhile answers with the owner's error. */
  async callPlugin(owner: PluginRecord | null, method: string, params: unknown[], what: string): Promise<unknown> {
    const host = await this.hostForRequests();
    try {
      return await host.channel.request(method, params);
    } catch (error) {
      if (owner && owner.state !== 'active') throw errorOf(owner);
      const name = owner?.description.id ?? 'unknown';
      if (error instanceof ChannelClosedError) throw new PluginError(`[plugin: ${name}] ${error.message} while ${what} ran`);
      throw error instanceof PluginError ? error : new PluginError(`[plugin: ${name}] ${describeError(error)}`);
    }
  }

  /**
   * The host to send a request to: the running one, else the one being started as soon as it is forked (Node holds
   * a child's messages until it listens, so the request need not wait for this process to hear it is ready).
   */
  private async hostForRequests(): Promise<HostProcess> {
    if (this.host?.isRunning) return this.host;
    const ready = this.ensureHost();
    ready.catch(() => undefined); // awaited below when no host was forked
    return (await (this.forking ?? Promise.resolve(null))) ?? ready;
  }

  async channel(): Promise<Channel> {
    return (await this.ensureHost()).channel;
  }

  async stats(pluginId: string): Promise<PluginStats> {
    const host = this.host;
    if (!host?.isRunning) return { registrations: 0, subscriptions: 0 };
    return (await host.channel.request('stats', [pluginId])) as PluginStats;
  }

  async deactivate(record: PluginRecord): Promise<void> {
    record.state = 'inactive';
    record.activation = null;
    if (this.host?.isRunning) await this.host.channel.request('deactivate', [record.description.id]);
    this.options.runtimePlayers.removePlugin(record.description.id);
    this.processes.endAll(record.description.id);
  }

  async notifySettings(record: PluginRecord, settings: Record<string, unknown>): Promise<void> {
    if (this.host?.isRunning) await this.host.channel.request('settingsChanged', [record.description.id, settings]);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.options.runtimePlayers.clear();
    const host = this.host ?? (await this.starting?.catch(() => null)) ?? null;
    if (host?.isRunning) await settleWithin(host.channel.request('deactivateAll', []), shutdownGraceMs);
    await host?.kill();
    this.processes.endAll();
  }

  private async runActivation(record: ValidRecord, signal: SentSignal): Promise<void> {
    const id = record.description.id;
    for (const dependencyId of record.description.manifest.extensionDependencies ?? []) {
      const dependency = this.options.records.get(dependencyId);
      if (dependency?.description.valid) await this.activatePlugin(dependency as ValidRecord);
      if (dependency?.state !== 'active') {
        const why = dependency?.error ?? `"${dependencyId}" is not active`;
        return this.fail(record, 'failed', `[plugin: ${id}] its dependency "${dependencyId}" did not activate: ${why}`);
      }
    }
    const mainPath = record.description.mainPath;
    if (mainPath === null) {
      record.state = 'active'; // a data-only plugin: nothing to run
      return;
    }
    for (;;) {
      if (record.state !== 'inactive' || this.disposed) return;
      const ready = this.ensureHost();
      ready.catch(() => undefined); // said below, once the activation waits for it
      const forked = this.host?.isRunning ? Promise.resolve(this.host) : (this.forking ?? ready.catch(() => null));
      const data: ActivationData = {
        id,
        folder: record.description.folder,
        mainPath,
        storagePath: this.options.storageFolderOf(id),
        settings: this.options.settingsOf(record),
        storage: await this.options.storage.read(id),
        playerOwners: this.owners((contributes) => (contributes?.players ?? []).map((player) => player.id)),
        commandOwners: this.owners((contributes) => (contributes?.commands ?? []).map((command) => command.command)),
      };
      // Sent as soon as the host is forked: it activates the plugin once it runs, not once this process heard it is
      // ready (10 to 25 ms later when this process is busy, as a play is loading its modules then). Its time limit
      // counts from the host's readiness, as before.
      const early = await forked;
      const sent = early?.channel.request('activate', [data]);
      sent?.catch(() => undefined);
      if (sent) signal.settle(true);
      let host: HostProcess;
      try {
        host = await ready;
      } catch (error) {
        return this.fail(record, 'failed', `[plugin: ${id}] ${describeError(error)}`);
      }
      // A host that ended and was started again meanwhile: the request went to the one that ended.
      if (early !== null && early !== host) continue;
      const request = sent ?? host.channel.request('activate', [data]);
      if (!sent) signal.settle(true);
      const outcome = await settleWithin(request, this.options.activationTimeoutMs);
      if (record.state !== 'inactive' || this.disposed) return; // blamed for a crash, or plugins turned off, meanwhile
      if (outcome.kind === 'done') {
        record.state = 'active';
        record.error = null;
        return;
      }
      if (outcome.kind === 'timeout') {
        void host.channel.request('deactivate', [id]).catch(() => undefined);
        return this.fail(record, 'timedOut', `[plugin: ${id}] activate did not settle within ${this.options.activationTimeoutMs} ms`);
      }
      // The host ended because of another plugin: activate again in the restarted host.
      if (outcome.error instanceof ChannelClosedError) continue;
      const message = describeError(outcome.error);
      return this.fail(record, 'failed', message.startsWith('[plugin: ') ? message : `[plugin: ${id}] ${message}`);
    }
  }

  private fail(record: PluginRecord, state: 'failed' | 'timedOut', error: string): void {
    record.state = state;
    record.error = error;
    this.options.runtimePlayers.removePlugin(record.description.id);
    this.options.log(error);
  }

  /** Contributed ids (players, or commands) and the valid, trusted plugins contributing each. */
  private owners(idsOf: (contributes: Contributions | undefined) => string[]): Record<string, string[]> {
    const owners: Record<string, string[]> = {};
    for (const record of this.options.records.values()) {
      if (!record.description.valid || record.state === 'untrusted') continue;
      for (const id of idsOf(record.description.manifest.contributes)) (owners[id] ??= []).push(record.description.id);
    }
    return owners;
  }

  private ensureHost(): Promise<HostProcess> {
    if (this.disposed) return Promise.reject(new PluginError('the extension service is disposed'));
    if (this.offReason !== null) return Promise.reject(new PluginError(this.offReason));
    if (this.host?.isRunning) return Promise.resolve(this.host);
    this.starting ??= this.startHost();
    return this.starting;
  }

  private async startHost(): Promise<HostProcess> {
    let told: (host: HostProcess | null) => void = () => {};
    this.forking = new Promise((resolve) => (told = resolve));
    try {
      return await this.launchHost(told);
    } finally {
      told(null); // no fork: it failed before
      this.starting = null;
      this.forking = null;
    }
  }

  /** Forks the host (telling `forked` at once) and resolves once it is ready. */
  private async launchHost(forked: (host: HostProcess) => void): Promise<HostProcess> {
    const generation = ++this.generation;
    this.lastEntered = null;
    const handlers = createMainHandlers({
      services: this.options.services,
      processes: this.processes,
      log: this.options.log,
      executeCommand: this.options.executeCommand,
      updateStorage: (pluginId, key, value, remove) => this.options.storage.update(pluginId, key, value, remove),
      entered: (pluginId) => {
        if (generation === this.generation) this.lastEntered = pluginId;
      },
      playerRegistered: (pluginId, player) => {
        if (generation !== this.generation) return;
        try {
          this.options.runtimePlayers.add(pluginId, player);
        } catch (error) {
          this.options.log(`[plugin: ${pluginId}] a run-time player was not listed: ${describeError(error)}`);
        }
      },
      playerDisposed: (pluginId, playerId) => {
        if (generation === this.generation) this.options.runtimePlayers.remove(pluginId, playerId);
      },
    });
    // The folders are made synchronously (a few mkdir calls), so that the host's process is forked in this same turn:
    // awaited, each waited behind whatever else this process was doing (a play's modules loading: 55 ms).
    const sandbox = this.sandboxFolders();
    const compileCacheFolder = this.compileCacheFolder();
    const host = await HostProcess.start(
      {
        sandbox: compileCacheFolder === null ? sandbox : { ...sandbox, write: [...sandbox.write, compileCacheFolder] },
        compileCacheFolder,
        environment: this.options.environment,
        heartbeatMs: this.options.heartbeatMs,
        log: this.options.log,
        handlers,
        toError: (message) => new PluginError(message),
        onExit: (exit) => {
          if (generation === this.generation) this.hostEnded(exit);
        },
      },
      forked,
    );
    if (this.disposed) {
      await host.kill();
      throw new PluginError('the extension service is disposed');
    }
    this.host = host;
    return host;
  }

  /** plexterm's install and the plugins' folders to read; their storage folders (made here, 0700) to write. */
  private sandboxFolders(): SandboxFolders {
    const runnable = [...this.options.records.values()].filter((record) => record.description.valid && record.description.mainPath !== null);
    const write = runnable.map((record) => this.options.storageFolderOf(record.description.id));
    for (const folder of write) mkdirSync(folder, { recursive: true, mode: 0o700 });
    return { read: [...installFolders(), ...runnable.map((record) => record.description.folder)], write };
  }

  /**
   * The host's compile cache folder (made 0700), where this Node has a compile cache (22.1 and later); null without one,
   * or when the folder cannot be made (a full disk): the host then only starts a little slower.
   */
  private compileCacheFolder(): string | null {
    const folder = this.options.compileCacheFolder;
    if (folder == null || !hasCompileCache()) return null;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      return folder;
    } catch {
      return null;
    }
  }

  /** The host crashed, exited or hung: blame the plugin whose code ran last, restart, replay the others' activations. */
  private hostEnded(exit: HostExit): void {
    this.host = null;
    this.processes.endAll(); // its plugins' players and tools go with it, as its own children did
    this.options.runtimePlayers.clear(); // a new host starts with none; replayed activations register them again
    if (exit.expected || this.disposed) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < restartWindowMs), now];
    const records = [...this.options.records.values()];
    const activating = records.filter((record) => record.state === 'inactive' && record.activation !== null);
    const culpritId = this.lastEntered ?? (activating.length === 1 ? (activating[0]?.description.id ?? null) : null);
    const culprit = culpritId === null ? undefined : this.options.records.get(culpritId);
    const reason = `the plugin host ${exit.description}`;
    this.options.log(`[plugin host] ${reason}${culprit ? ` while running plugin "${culprit.description.id}"` : ''}`);
    if (culprit && culprit.state !== 'invalid') this.fail(culprit, 'failed', `[plugin: ${culprit.description.id}] ${reason}; it is not loaded again`);
    for (const record of records) {
      if (record.state === 'active') {
        record.state = 'inactive';
        record.activation = null;
      }
    }
    if (this.crashes.length > maxRestarts) {
      this.offReason = `plugins are off: the plugin host stopped ${this.crashes.length} times within ${restartWindowMs / 60_000} minutes (last: ${reason})`;
      this.options.log(`[plugin host] ${this.offReason}`);
      for (const record of records) {
        if (record.state === 'inactive') this.fail(record, 'failed', `[plugin: ${record.description.id}] ${this.offReason}`);
      }
      return;
    }
    void this.ensureHost().then(
      () => this.options.replay(),
      (error: unknown) => this.options.log(`[plugin host] cannot restart: ${describeError(error)}`),
    );
  }
}

/** Waits for `promise` at most `milliseconds`; never rejects. */
function settleWithin(promise: Promise<unknown>, milliseconds: number): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), milliseconds);
    promise.then(
      () => resolve({ kind: 'done' }),
      (error: unknown) => resolve({ kind: 'failed', error }),
    );
    void promise.finally(() => clearTimeout(timer)).catch(() => undefined);
  });
}
