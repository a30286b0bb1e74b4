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

/**
 * VLC's arguments: it starts at `startAt` with the chosen tracks, shows the title, and exits at the end of the file.
 * A vlcrc that repeats or loops (a person's own setting) would play the file again instead, for ever: `--no-repeat`
 * and `--no-loop` beat it, and the person's own arguments (extraArgs, --player-arg) still come after them and win.
 */
export function vlcArguments(url, options, extraArgs = []) {
  return [
    `--start-time=${secondsOf(options.startAt)}`,
    `--meta-title=${options.title}`,
    '--play-and-exit',
    '--no-repeat',
    '--no-loop',
    ...trackArguments(options),
    ...extraArgs,
    ...(options.args ?? []),
    url,
  ];
}

/**
 * VLC's options for the launch options' tracks: its `--audio-track` and `--sub-track` count from 0 where
 * plexterm counts from 1; a sidecar file is `--sub-file` (VLC shows it), and subtitles off is `--no-spu`.
 */
export function trackArguments({ audioTrack, subtitleTrack, subtitleFile }) {
  const args = [];
  if (Number.isInteger(audioTrack) && audioTrack > 0) args.push(`--audio-track=${audioTrack - 1}`);
  if (subtitleFile !== undefined) args.push(`--sub-file=${subtitleFile}`);
  else if (subtitleTrack === 'off') args.push('--no-spu');
  else if (Number.isInteger(subtitleTrack) && subtitleTrack > 0) args.push(`--sub-track=${subtitleTrack - 1}`);
  return args;
}

function secondsOf(milliseconds) {
  return String(Math.max(0, Math.round(milliseconds ?? 0)) / 1000);
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
