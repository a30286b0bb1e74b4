// plexterm's answers to the extension host: service calls and observables on behalf of one plugin, logs, status bar, storage.
import { throwError, type Observable } from 'rxjs';
import type { ItemsOptions, PlainData, PlayOptions, ProcessOptions, QuickPickItem, StatusBarItemState } from '../api/index.js';
import type { ChannelHandlers } from './channel.js';
import type { MainServices } from './mainServices.js';
import { plainDataProblem } from './plainData.js';
import type { PluginProcesses } from './pluginProcesses.js';

export interface MainRequestContext {
  services: Partial<MainServices>;
  /** The processes plexterm started for plugins: the sandboxed host may start none itself. */
  processes: PluginProcesses;
  log(line: string): void;
  /** A plugin in the host ran a command no host handler knows yet: activate its owner, then run it. */
  executeCommand(callerId: string, commandId: string, args: PlainData[]): Promise<unknown>;
  updateStorage(pluginId: string, key: string, value: unknown, remove: boolean): Promise<void>;
  /** The host started running code of `pluginId`. */
  entered(pluginId: string): void;
  /** `pluginId` registered a run-time player (`{ id, title, mediaTypes }`, checked by the receiver). */
  playerRegistered(pluginId: string, player: unknown): void;
  playerDisposed(pluginId: string, playerId: string): void;
}

type ServiceCall = (services: Partial<MainServices>, pluginId: string, args: unknown[]) => Promise<unknown>;

function need<K extends keyof MainServices>(services: Partial<MainServices>, name: K): MainServices[K] {
  const service = services[name];
  if (!service) throw new Error(`plexterm offers no ${name} service here`);
  return service;
}

const text = (value: unknown) => String(value ?? '');

/** A queue entry's playQueueItemID, as a plugin passed it. */
function entryId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`a playQueueItemID is a whole number, not ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

const calls: Record<string, ServiceCall> = {
  'library.sections': async (services) => need(services, 'library').sections(),
  'library.items': async (services, _id, args) => need(services, 'library').items(text(args[0]), (args[1] ?? {}) as ItemsOptions),
  'library.children': async (services, _id, args) => need(services, 'library').children(text(args[0])),
  'library.allLeaves': async (services, _id, args) => need(services, 'library').allLeaves(text(args[0])),
  'library.search': async (services, _id, args) => need(services, 'library').search(text(args[0])),
  'library.info': async (services, _id, args) => need(services, 'library').info(text(args[0])),
  'cache.open': async (services, _id, args) => need(services, 'cache').open(text(args[0])),
  'cache.pin': async (services, _id, args) => need(services, 'cache').pin(text(args[0])),
  'cache.unpin': async (services, _id, args) => need(services, 'cache').unpin(text(args[0])),
  'playback.play': async (services, _id, args) => need(services, 'playback').play(text(args[0]), (args[1] ?? {}) as PlayOptions),
  'playback.next': async (services) => need(services, 'playback').next(),
  'playback.previous': async (services) => need(services, 'playback').previous(),
  'playback.enqueue': async (services, _id, args) => need(services, 'playback').enqueue(text(args[0])),
  'playback.playNext': async (services, _id, args) => need(services, 'playback').playNext(text(args[0])),
  'playback.removeFromQueue': async (services, _id, args) => need(services, 'playback').removeFromQueue(entryId(args[0])),
  'playback.moveInQueue': async (services, _id, args) => need(services, 'playback').moveInQueue(entryId(args[0]), args[1] === null || args[1] === undefined ? null : entryId(args[1])),
  'ui.showMessage': async (services, pluginId, args) => need(services, 'ui').showMessage(pluginId, text(args[0])),
  'ui.showQuickPick': async (services, pluginId, args) => need(services, 'ui').showQuickPick(pluginId, (args[0] ?? []) as QuickPickItem[]),
  'terminal.run': async (services, _id, args) => need(services, 'terminal').run(text(args[0]), ((args[1] ?? []) as unknown[]).map(text)),
};

const observables: Record<string, (services: Partial<MainServices>, args: unknown[]) => Observable<unknown>> = {
  'cache.entries': (services) => need(services, 'cache').entries$,
  'cache.entry': (services, args) => need(services, 'cache').entry$(text(args[0])),
  'playback.session': (services) => need(services, 'playback').session$,
  'playback.queue': (services) => need(services, 'playback').queue$,
};

export function createMainHandlers(context: MainRequestContext): ChannelHandlers {
  return {
    async request(method, params) {
      const pluginId = text(params[0]);
      if (method === 'executeCommand') return context.executeCommand(pluginId, text(params[1]), (params[2] ?? []) as PlainData[]);
      if (method !== 'service') throw new Error(`plexterm does not answer "${method}"`);
      const name = text(params[1]);
      const args = (params[2] ?? []) as unknown[];
      if (name === 'storage.update') return context.updateStorage(pluginId, text(args[0]), args[1], args[2] === true);
      if (name === 'process.start') {
        const { stdout, lifeline } = (args[2] ?? {}) as ProcessOptions;
        return context.processes.start(pluginId, text(args[0]), ((args[1] ?? []) as unknown[]).map(text), { stdout: stdout === true, lifeline: lifeline === true });
      }
      if (name === 'process.kill') return context.processes.kill(pluginId, text(args[0]), text(args[1])) ?? null;
      const call = calls[name];
      if (!call) throw new Error(`plexterm has no service call "${name}"`);
      const result = await call(context.services, pluginId, args);
      const problem = plainDataProblem(result ?? null);
      if (problem) throw new Error(`plexterm's ${name} answered with ${problem}`);
      return result;
    },
    notify(method, params) {
      const pluginId = text(params[0]);
      if (method === 'enter') context.entered(pluginId);
      else if (method === 'log') context.log(`[plugin: ${pluginId}] ${text(params[1])}`);
      else if (method === 'statusBar') context.services.ui?.setStatusBarItem({ ...(params[1] as StatusBarItemState), pluginId });
      else if (method === 'statusBarRemoved') context.services.ui?.removeStatusBarItem(pluginId, text(params[1]));
      else if (method === 'playerRegistered') context.playerRegistered(pluginId, params[1]);
      else if (method === 'playerDisposed') context.playerDisposed(pluginId, text(params[1]));
    },
    subscribe(method, params) {
      const name = text(params[1]);
      if (method === 'observe' && name === 'process.events') return context.processes.events(text(params[0]), text(((params[2] ?? []) as unknown[])[0]));
      const source = method === 'observe' ? observables[name] : undefined;
      if (!source) return throwError(() => new Error(`plexterm has no observable "${name}"`));
      return source(context.services, (params[2] ?? []) as unknown[]);
    },
  };
}
