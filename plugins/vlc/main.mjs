// The bundled vlc plugin: the player `vlc`, which runs cvlc (or vlc) on the stream and reports its start and its end.
import { endAllAtDeactivation } from '../shared/playerProcess.mjs';
import { launchProcessPlayer } from '../shared/processPlayer.mjs';

/** @param {import('plexterm/api').PluginContext} context */
export function activate(context) {
  const { config, players, processes } = context.api;
  const sessions = new Set();
  context.subscriptions.push(
    players.register('vlc', {
      async launch(url, options) {
        const extraArgs = stringList(config.get('extraArgs'));
        const configured = config.get('path');
        const launch = (command) =>
          launchProcessPlayer({ processes, name: 'vlc', command, args: vlcArguments(url, options, extraArgs), startAt: options.startAt, log: context.log, sessions });
        if (typeof configured === 'string' && configured.trim() !== '') return launch(configured);
        // cvlc (VLC without its interface) when it is installed, else vlc.
        try {
          return await launch('cvlc');
        } catch (error) {
          if (error.code !== 'ENOENT') throw error;
          return launch('vlc');
        }
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

function secondsOf(milliseconds) {
  return String(Math.max(0, Math.round(milliseconds ?? 0)) / 1000);
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
