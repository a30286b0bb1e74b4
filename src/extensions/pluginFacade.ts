// In the extension host: the frozen API object and context made for one plugin; every registration is tracked for it.
import { randomUUID } from 'node:crypto';
import type { Observable } from 'rxjs';
import type { Disposable } from '../base/disposable.js';
import type {
  CacheEntrySnapshot, CommandsApi, ItemsOptions, Memento, PlainData, PlaybackQueue, PlaybackState, QueueAddition, PlayOptions, PlayerDescriptor, PlayerProvider, LibraryItem, LibrarySection, PlextermApi, PluginContext,
  PluginProcess, ProcessEvent, ProcessOptions, ProcessSignal, QuickPickItem, StatusBarItem, StatusBarItemState,
} from '../api/index.js';
import { pluginApiVersion } from '../api/index.js';
import type { Channel } from './channel.js';
import { plainDataProblem } from './plainData.js';
import type { ActivationData, StartedProcess } from './protocol.js';
import { pluginError, type PluginResources } from './pluginResources.js';
import { runAsPlugin } from './pluginScope.js';

/** What the façade needs from the host around it. */
export interface FacadeHost {
  readonly channel: Channel;
  /** Adds a command handler; returns what removes it. Throws when another plugin has the id. */
  addCommand(pluginId: string, commandId: string, handler: (...args: PlainData[]) => unknown): () => void;
  /** Adds a player (`descriptor`: how a run-time one is listed); returns what removes it. Throws when the id is another plugin's. */
  addPlayer(pluginId: string, playerId: string, provider: PlayerProvider, descriptor?: PlayerDescriptor): () => void;
  executeCommand(callerId: string, commandId: string, args: PlainData[]): Promise<unknown>;
}

export type SettingsListener = (settings: Readonly<Record<string, PlainData>>) => void;

export interface PluginFacade {
  context: PluginContext;
  /** Replaces the plugin's settings and tells its listeners. */
  updateSettings(settings: Record<string, unknown>): void;
}

/** The commands API as the host implements it: any id, plain data in and out, checked when it crosses. */
interface UntypedCommands {
  register(commandId: string, handler: (...args: PlainData[]) => unknown): Disposable;
  execute(commandId: string, ...args: PlainData[]): Promise<unknown>;
}

/**
 * CommandsApi types each id's arguments and result for plugin authors (CommandMap); at run time any id
 * reaches the host, whose registries and plain-data checks are the same for every command.
 */
function typedCommands(commands: UntypedCommands): CommandsApi {
  return commands as unknown as CommandsApi;
}

export function createPluginFacade(data: ActivationData, resources: PluginResources, host: FacadeHost): PluginFacade {
  const id = data.id;
  const channel = host.channel;
  let settings = Object.freeze({ ...data.settings }) as Readonly<Record<string, PlainData>>;
  const settingsListeners = new Set<SettingsListener>();
  const storage = new Map<string, PlainData>(Object.entries(data.storage) as [string, PlainData][]);

  const fail = (error: unknown) => pluginError(id, error);
  const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    const problem = plainDataProblem(args);
    if (problem) throw fail(new Error(`${method} was given ${problem}: only plain data crosses to plexterm`));
    try {
      return (await channel.request('service', [id, method, args])) as T;
    } catch (error) {
      throw fail(error);
    }
  };
  const observe = <T>(name: string, ...args: unknown[]) => resources.track(channel.observe('observe', [id, name, args])) as Observable<T>;
  const register = (release: () => void): Disposable => resources.register(release);
  /** A registration in the host's registries: nothing is added once the plugin is deactivated. */
  const registerInHost = (add: () => () => void): Disposable => {
    try {
      if (resources.isReleased) return resources.register(() => undefined); // throws: the plugin is deactivated
      return register(add());
    } catch (error) {
      throw fail(error);
    }
  };

  const createStatusBarItem = (): StatusBarItem => {
    const state: StatusBarItemState = { id: randomUUID(), pluginId: id, text: '', tooltip: '', visible: false };
    const publish = () => channel.notify('statusBar', [id, { ...state }]);
    const registration = register(() => channel.notify('statusBarRemoved', [id, state.id]));
    return {
      get text() { return state.text; },
      set text(text: string) { state.text = String(text); publish(); },
      get tooltip() { return state.tooltip; },
      set tooltip(tooltip: string) { state.tooltip = String(tooltip); publish(); },
      show() { state.visible = true; publish(); },
      hide() { state.visible = false; publish(); },
      dispose() { registration.dispose(); },
    };
  };

  /** plexterm starts it (the sandbox starts nothing); a missing program rejects with `code` "ENOENT", as spawn's error would. */
  const startProcess = async (command: string, args: readonly string[], options: ProcessOptions = {}): Promise<PluginProcess> => {
    const started = await call<StartedProcess>('process.start', String(command), [...args].map(String), { stdout: options.stdout === true, lifeline: options.lifeline === true });
    if (!started.ok) throw Object.assign(new Error(`cannot start "${command}": ${started.message}`), { code: started.code });
    return Object.freeze({
      pid: started.pid,
      events$: observe<ProcessEvent>('process.events', started.id),
      kill: (signal: ProcessSignal = 'SIGTERM') => call<void>('process.kill', started.id, signal),
    });
  };

  const api: PlextermApi = {
    version: pluginApiVersion,
    commands: Object.freeze(typedCommands({
      register: (commandId, handler) => {
        if (typeof handler !== 'function') throw fail(new Error(`the handler of command "${commandId}" is not a function`));
        return registerInHost(() => host.addCommand(id, String(commandId), handler));
      },
      execute: (commandId, ...args) => host.executeCommand(id, String(commandId), args),
    })),
    players: Object.freeze({
      register: (playerId: string, provider: PlayerProvider, descriptor?: PlayerDescriptor) => {
        if (typeof provider?.launch !== 'function') throw fail(new Error(`player "${playerId}" has no launch function`));
        return registerInHost(() => host.addPlayer(id, playerId, provider, descriptor));
      },
    }),
    ui: Object.freeze({
      showMessage: (text: string) => call<void>('ui.showMessage', String(text)),
      showQuickPick: async (items: readonly QuickPickItem[]) => (await call<QuickPickItem | null>('ui.showQuickPick', items)) ?? undefined,
      createStatusBarItem,
    }),
    terminal: Object.freeze({ run: (command: string, args: readonly string[]) => call<number>('terminal.run', command, args) }),
    processes: Object.freeze({ start: startProcess }),
    config: Object.freeze({
      get: <T>(key: string) => settings[key] as T | undefined,
      onDidChange: (listener: SettingsListener) => {
        settingsListeners.add(listener);
        return register(() => settingsListeners.delete(listener));
      },
    }),
    library: Object.freeze({
      sections: () => call<LibrarySection[]>('library.sections'),
      items: (sectionKey: string, options?: ItemsOptions) => call<LibraryItem[]>('library.items', sectionKey, options ?? {}),
      children: (ratingKey: string) => call<LibraryItem[]>('library.children', ratingKey),
      allLeaves: (ratingKey: string) => call<LibraryItem[]>('library.allLeaves', ratingKey),
      search: (query: string) => call<LibraryItem[]>('library.search', query),
      info: (ratingKey: string) => call<LibraryItem>('library.info', ratingKey),
    }),
    cache: Object.freeze({
      entries$: observe<CacheEntrySnapshot[]>('cache.entries'),
      entry$: (key: string) => observe<CacheEntrySnapshot>('cache.entry', key),
      open: (ratingKey: string) => call<string>('cache.open', ratingKey),
      pin: (key: string) => call<void>('cache.pin', key),
      unpin: (key: string) => call<void>('cache.unpin', key),
    }),
    playback: Object.freeze({
      play: (ratingKey: string, options?: PlayOptions) => call<void>('playback.play', ratingKey, options ?? {}),
      session$: observe<PlaybackState | null>('playback.session'),
      queue$: observe<PlaybackQueue | null>('playback.queue'),
      next: () => call<boolean>('playback.next'),
      previous: () => call<boolean>('playback.previous'),
      enqueue: (ratingKey: string) => call<QueueAddition>('playback.enqueue', ratingKey),
      playNext: (ratingKey: string) => call<QueueAddition>('playback.playNext', ratingKey),
      removeFromQueue: (playQueueItemID: number) => call<void>('playback.removeFromQueue', playQueueItemID),
      moveInQueue: (playQueueItemID: number, after: number | null) => call<void>('playback.moveInQueue', playQueueItemID, after),
    }),
  };

  const memento: Memento = Object.freeze({
    get: <T>(key: string, defaultValue?: T) => (storage.has(key) ? (storage.get(key) as T) : defaultValue) as T,
    keys: () => [...storage.keys()],
    update: async (key: string, value: PlainData | undefined) => {
      if (value === undefined) storage.delete(key);
      else storage.set(key, value);
      await call<void>('storage.update', key, value === undefined ? null : value, value === undefined);
    },
  });

  const context: PluginContext = Object.freeze({
    pluginId: id,
    pluginPath: data.folder,
    storagePath: data.storagePath,
    api: Object.freeze(api) as PlextermApi,
    subscriptions: [],
    storage: memento,
    log: (message: string) => channel.notify('log', [id, String(message)]),
  });

  return {
    context,
    updateSettings(next) {
      settings = Object.freeze({ ...next }) as Readonly<Record<string, PlainData>>;
      for (const listener of [...settingsListeners]) {
        try {
          runAsPlugin(id, () => listener(settings));
        } catch (error) {
          channel.notify('log', [id, `a configuration listener failed: ${fail(error).message}`]);
        }
      }
    },
  };
}
