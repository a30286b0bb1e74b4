// The bundled vlc plugin: the player `vlc`, which runs cvlc (or vlc) on the stream and reports its start and its end.
import { endAllAtDeactivation, findExecutable } from '../shared/playerProcess.mjs';
import { launchProcessPlayer } from '../shared/processPlayer.mjs';

/** @param {import('../../src/extensions/api.js').PluginContext} context */
export function activate(context) {
  const { config, players } = context.api;
  const sessions = new Set();
  context.subscriptions.push(
    players.register('vlc', {
      launch(url, options) {
        const extraArgs = stringList(config.get('extraArgs'));
        return launchProcessPlayer({
          name: 'vlc',
          command: vlcProgram(config.get('path')),
          args: vlcArguments(url, options, extraArgs),
          startAt: options.startAt,
          log: context.log,
          sessions,
        });
      },
    }),
    endAllAtDeactivation(sessions),
  );
}

/** VLC's arguments: it starts at `startAt`, shows the title, and exits at the end of the file. */
export function vlcArguments(url, options, extraArgs = []) {
  return [
    `--start-time=${secondsOf(options.startAt)}`,
    `--meta-title=${options.title}`,
    '--play-and-exit',
    ...extraArgs,
    ...(options.args ?? []),
    url,
  ];
}

/** The `path` setting, else cvlc (VLC without its interface) when it is on PATH, else vlc. */
function vlcProgram(configured) {
  if (typeof configured === 'string' && configured.trim() !== '') return configured;
  return findExecutable('cvlc') !== null ? 'cvlc' : 'vlc';
}

function secondsOf(milliseconds) {
  return String(Math.max(0, Math.round(milliseconds ?? 0)) / 1000);
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
