// The extension host process: forked by plexterm, it runs every plugin and talks to plexterm over IPC only.
import { flushCompileCache } from '../base/compileCache.js';
import { describeError } from '../base/errors.js';
import { resolvePluginApi } from './apiResolution.js';
import type { PlainData, PlayerLaunchOptions, PlayerPrepareOptions, TrackSelection } from '../api/index.js';
import { Channel } from './channel.js';
import { HostPlugins } from './hostPlugins.js';
import { plainDataProblem } from './plainData.js';
import { attributeOutput, currentPlugin, watchPluginEntries } from './pluginScope.js';
import { pluginError } from './pluginResources.js';
import { Observable } from './observable.js';
import { isHostMessage, type ActivationData, type HostMessage } from './protocol.js';

// Before any plugin loads: plugins that import plexterm/api and plexterm/rxjs get the modules plexterm passed as the host's arguments.
const [apiPath, rxjsPath] = process.argv.slice(2);
if (apiPath && rxjsPath) resolvePluginApi({ api: apiPath, rxjs: rxjsPath });

function send(message: HostMessage): void {
  if (process.connected) process.send?.(message);
}

const channel: Channel = new Channel(send, {
  request: (method, params) => answer(method, params),
  notify: () => undefined,
  subscribe: (method, params) => observe(method, params),
});
const plugins = new HostPlugins(channel);

async function answer(method: string, params: unknown[]): Promise<unknown> {
  switch (method) {
    case 'activate':
      return plugins.activate(params[0] as ActivationData);
    case 'deactivate':
      return plugins.deactivate(String(params[0]));
    case 'deactivateAll': {
      await plugins.deactivateAll();
      // plexterm kills the host after this answer: its compile cache is written now, or never (Node writes it at exit).
      flushCompileCache();
      return undefined;
    }
    case 'executeCommand':
      return plugins.executeForMain(String(params[0]), (params[1] ?? []) as PlainData[]);
    case 'launchPlayer':
      return plugins.launchPlayer(String(params[0]), String(params[1]), params[2] as PlayerLaunchOptions);
    case 'preparePlayer':
      return plugins.preparePlayer(String(params[0]), params[1] as PlayerPrepareOptions);
    case 'launchPrepared':
      return plugins.launchPrepared(String(params[0]), String(params[1]), params[2] as PlayerLaunchOptions);
    case 'disposePrepared':
      return plugins.disposePrepared(String(params[0]));
    case 'stopSession':
      return plugins.stopSession(String(params[0]));
    case 'keepSessionForNext':
      return plugins.keepSessionForNext(String(params[0]));
    case 'seekSession':
      return plugins.seekSession(String(params[0]), Number(params[1]));
    case 'showTextSession':
      return plugins.showTextSession(String(params[0]), String(params[1]), Number(params[2]));
    case 'setTracksSession':
      return plugins.setTracksSession(String(params[0]), trackSelection(params[1]));
    case 'appendNextSession':
      return plugins.appendNextSession(String(params[0]), String(params[1]), params[2] as PlayerLaunchOptions);
    case 'stats':
      return plugins.stats(String(params[0]));
    case 'settingsChanged':
      return plugins.updateSettings(String(params[0]), params[1] as Record<string, unknown>);
    default:
      throw new Error(`the plugin host does not know the request "${method}"`);
  }
}

/** The tracks of a `setTracksSession` request, with only the fields of their kind (the plugin gets nothing else). */
function trackSelection(value: unknown): TrackSelection {
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const selection: TrackSelection = {};
  if (typeof fields.audioTrack === 'number') selection.audioTrack = fields.audioTrack;
  if (typeof fields.subtitleTrack === 'number' || fields.subtitleTrack === 'off') selection.subtitleTrack = fields.subtitleTrack;
  if (typeof fields.subtitleFile === 'string') selection.subtitleFile = fields.subtitleFile;
  return selection;
}

function observe(method: string, params: unknown[]): Observable<unknown> {
  if (method !== 'sessionEvents' && method !== 'preparedEvents') throw new Error(`the plugin host has no observable "${method}"`);
  const events = method === 'sessionEvents' ? plugins.sessionEvents(String(params[0])) : plugins.preparedEvents(String(params[0]));
  return new Observable<unknown>((subscriber) =>
    events.subscribe({
      next(event) {
        const problem = plainDataProblem(event);
        if (problem) subscriber.error(new Error(`a player event holds ${problem}: only plain data crosses to plexterm`));
        else subscriber.next(event);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }),
  );
}

attributeOutput(process.stdout);
attributeOutput(process.stderr);
watchPluginEntries((pluginId) => send({ type: 'notify', method: 'enter', params: [pluginId] }));

process.on('message', (message: unknown) => {
  if (!isHostMessage(message)) return;
  if (message.type === 'ping') send({ type: 'pong', sequence: message.sequence });
  else if (message.type !== 'pong' && message.type !== 'ready') channel.receive(message);
});

// A plugin's stray error must not take the other plugins down: log it under the plugin's name.
const report = (what: string) => (error: unknown) => {
  const pluginId = currentPlugin();
  const message = pluginId ? pluginError(pluginId, error).message : describeError(error);
  process.stderr.write(`${what}: ${message}\n`);
};
process.on('uncaughtException', report('uncaught error'));
process.on('unhandledRejection', report('unhandled rejection'));

// plexterm went away (even by kill -9): nothing is left to serve.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready' });
