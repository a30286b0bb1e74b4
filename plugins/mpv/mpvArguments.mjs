// The mpv plugin's command line: the IPC socket (a short path), title, start position, and the person's own arguments.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Unix socket path must fit in sockaddr_un: 108 bytes with the terminating zero. */
export const maxSocketPathBytes = 107;

export const socketNamePattern = /^plexterm-mpv-[0-9a-f]{12}\.sock$/;

/**
 * The folder for the sockets: the plugin's storage folder (the one the sandbox lets it write in, so
 * it can remove them), else the temporary folder when that path is too long for a socket path (mpv
 * removes its socket as it quits; only a killed mpv's is then left behind).
 */
export function socketFolder(storagePath) {
  return Buffer.byteLength(join(storagePath, 'plexterm-mpv-000000000000.sock')) <= maxSocketPathBytes ? storagePath : tmpdir();
}

/** A fresh socket path in `folder` (a socketFolder). */
export function shortSocketPath(folder) {
  return join(folder, `plexterm-mpv-${randomBytes(6).toString('hex')}.sock`);
}

/**
 * mpv's arguments. It starts idle (`--idle=once`) and is handed the URL over IPC once the plugin
 * listens, so no event (nor the error of a stream that fails at once) is missed; it quits after
 * that one file. In a window: `--no-terminal` (plexterm owns the terminal) and fd 3 as a lifeline
 * (`--input-ipc-client`: mpv quits when the plugin host's end of it closes, even after a kill -9).
 * In the terminal: a terminal video output instead. `--keep-open=no`, `--loop-file=no` and `--loop-playlist=no`
 * over the person's mpv.conf: plexterm goes on at each file's end. The person's arguments come last, so they win.
 * Without `title` and `startAt` (an mpv prepared before its item is known) they are set over IPC later,
 * as are the tracks (`tracks`: the launch options' audioTrack, subtitleTrack, subtitleFile).
 * For a play queue (`queue`) it stays idle after each file (`--idle=yes`), for the queue's next item,
 * until plexterm quits it.
 */
export function mpvArguments({ socketPath, startAt, title, tracks = {}, extraArgs = [], args = [], terminalVideoOutput = null, queue = false }) {
  return [
    ...(terminalVideoOutput ? [`--vo=${terminalVideoOutput}`] : ['--no-terminal', '--input-ipc-client=fd://3']),
    `--input-ipc-server=${socketPath}`,
    ...(title === undefined ? [] : [`--force-media-title=${title}`]),
    ...(startAt === undefined ? [] : [`--start=${startSeconds(startAt)}`]),
    ...trackProperties(tracks).map(([name, value]) => `--${name}=${value}`),
    '--ytdl=no',
    // A file ends at its end even where the person's mpv.conf says keep-open (a common setting) or loops: paused on its
    // last frame, or played again, it would never end, and neither would the play nor the queue (plexterm's own
    // --repeat starts the server queue over). Their own arguments can still set them.
    '--keep-open=no',
    '--loop-file=no',
    '--loop-playlist=no',
    queue ? '--idle=yes' : '--idle=once',
    ...extraArgs,
    ...args,
  ];
}

/**
 * mpv's options for the launch options' tracks, as [name, value]: `aid` and `sid` (1-based per kind, in the
 * file's order, as plexterm numbers them; "no" for subtitles off) and a sidecar file as `sub-files` (its
 * track comes after the file's own, which is the number plexterm gives it).
 */
export function trackProperties({ audioTrack, subtitleTrack, subtitleFile }) {
  const properties = [];
  if (subtitleFile !== undefined) properties.push(['sub-files', subtitleFile]);
  if (Number.isInteger(audioTrack) && audioTrack > 0) properties.push(['aid', String(audioTrack)]);
  if (subtitleTrack === 'off') properties.push(['sid', 'no']);
  else if (Number.isInteger(subtitleTrack) && subtitleTrack > 0) properties.push(['sid', String(subtitleTrack)]);
  return properties;
}

/** mpv's `--start` (seconds) for a start position in milliseconds. */
export function startSeconds(startAt) {
  return String(Math.max(0, Math.round(startAt ?? 0)) / 1000);
}

const videoOutputsByProgram = new Map();

/**
 * The terminal video output to use: the `terminalVideoOutput` setting, or for "auto" kitty's
 * graphics where the terminal is kitty and this mpv has `--vo=kitty`, else `tct` (any colour terminal).
 */
export async function terminalVideoOutputFor(setting, mpvPath, processes, environment = process.env) {
  if (setting && setting !== 'auto') return setting;
  const isKitty = (environment.TERM ?? '').includes('kitty') || environment.KITTY_WINDOW_ID !== undefined;
  if (isKitty && (await videoOutputsOf(mpvPath, processes)).has('kitty')) return 'kitty';
  return 'tct';
}

/** What `mpv --vo=help` lists, run by plexterm (`processes`: the plugin's `api.processes`); none when it fails or takes over 5 s. */
function videoOutputsOf(mpvPath, processes) {
  let outputs = videoOutputsByProgram.get(mpvPath);
  if (!outputs) {
    outputs = processes.start(mpvPath, ['--no-config', '--vo=help'], { stdout: true }).then(
      (started) =>
        new Promise((resolve) => {
          let stdout = '';
          const timer = setTimeout(() => void started.kill('SIGKILL').catch(() => undefined), 5000);
          const done = () => {
            clearTimeout(timer);
            resolve(new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)[0]).filter(Boolean)));
          };
          started.events$.subscribe({ next: (event) => (stdout += event.type === 'stdout' ? event.text : ''), error: done, complete: done });
        }),
      () => new Set(),
    );
    videoOutputsByProgram.set(mpvPath, outputs);
  }
  return outputs;
}
