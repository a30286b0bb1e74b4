// The mpv plugin's player: starts mpv (in a window, or on the person's terminal), follows it over IPC, stops it, cleans up.
import { rmSync } from 'node:fs';
import { PlayerEvents } from '../shared/playerEvents.mjs';
import { describeExit, onHostExit, startPlayerProcess } from '../shared/playerProcess.mjs';
import { mpvArguments, shortSocketPath, terminalVideoOutputFor } from './mpvArguments.mjs';
import { followMpv } from './mpvEvents.mjs';
import { connectToMpv } from './mpvIpc.mjs';

const stopGraceMs = 2000;

/**
 * Where mpv has no window to open (an SSH session, a server: no X11 or Wayland display), it fails
 * with whatever broke last, often the sound device; the way out is the terminal, so the error says it.
 */
export function noDisplayHint(environment = process.env, platform = process.platform) {
  if (platform === 'darwin' || platform === 'win32' || environment.DISPLAY || environment.WAYLAND_DISPLAY) return '';
  return ' (there is no display here, DISPLAY and WAYLAND_DISPLAY are unset: to play inside the terminal, set "inTerminal": true in the mpv plugin\'s settings)';
}

/**
 * A launcher for the player `mpv`. `running` (a Set) holds every live session's `terminate`, so
 * deactivation ends them all. `settings()` reads the plugin's settings at each launch.
 */
export function createMpvPlayer({ settings, processes, terminal, sockets, log, running }) {
  return {
    async launch(url, options) {
      const { path, extraArgs, inTerminal, terminalVideoOutput } = settings();
      const socketPath = shortSocketPath(sockets);
      const videoOutput = inTerminal ? await terminalVideoOutputFor(terminalVideoOutput, path, processes) : null;
      const args = mpvArguments({ socketPath, startAt: options.startAt, title: options.title, extraArgs, args: options.args, terminalVideoOutput: videoOutput });
      const mpv = inTerminal ? startOnTerminal(terminal, path, args) : await startInWindow(processes, path, args);
      log(`mpv started (${mpv.describe()}, socket ${socketPath})`);
      // In the temporary folder (a storage path too long for a socket) the sandbox refuses: mpv removes its own as it quits.
      const removeSocket = () => {
        try {
          rmSync(socketPath, { force: true });
        } catch {
          // refused: see above
        }
      };
      const forgetSocket = onHostExit(removeSocket);
      const cleanUp = () => {
        removeSocket();
        forgetSocket();
      };

      let connection;
      try {
        connection = await connectToMpv(socketPath, { gaveUp: () => mpv.hasExited });
      } catch (error) {
        const endedByItself = mpv.hasExited;
        mpv.terminate();
        const exit = await mpv.exited;
        cleanUp();
        throw new Error(endedByItself ? describeExit('mpv', exit, mpv.lastErrorLine()) : error.message);
      }
      const events = new PlayerEvents();
      const follower = await followMpv(connection, events, { errorHint: inTerminal ? '' : noDisplayHint() }).catch(() => null);
      connection.command('loadfile', url).catch((error) => events.emit({ type: 'error', message: error.message }));
      const session = {
        terminate() {
          mpv.terminate();
          cleanUp(); // now: the plugin host may be killed before mpv has exited
        },
      };
      running.add(session);
      void mpv.exited.then((exit) => {
        running.delete(session);
        connection.close();
        cleanUp();
        log(describeExit(`mpv (${mpv.describe()})`, exit));
        const cleanEnd = mpv.stopping || (exit.code === 0 && !exit.signal);
        const position = follower?.position;
        events.emit(cleanEnd ? { type: 'ended', position, duration: follower?.duration } : { type: 'error', message: describeExit('mpv', exit, mpv.lastErrorLine()), position });
      });
      return {
        events$: events.events$,
        stop: () => mpv.stop({ askToQuit: () => connection.command('quit').catch(() => undefined), graceMs: stopGraceMs }),
      };
    },
  };
}

/** mpv started by plexterm, with fd 3 as its lifeline (plexterm holds the other end, and drops what mpv writes there). */
async function startInWindow(processes, path, args) {
  const player = await startPlayerProcess(processes, 'mpv', path, args, { lifeline: true });
  player.describe = () => `pid ${player.pid}`;
  return player;
}

/**
 * mpv on the person's terminal, run by plexterm (its screen suspended meanwhile). plexterm, not the
 * plugin host, owns the process: it is stopped over IPC only, and ends when the command returns.
 */
function startOnTerminal(terminal, path, args) {
  let exit = null;
  let stopping = false;
  const exited = terminal.run(path, args).then(
    (code) => (exit = { code, signal: null }),
    (error) => (exit = { code: 127, signal: null, error: error.message }),
  );
  return {
    exited,
    get hasExited() {
      return exit !== null;
    },
    get stopping() {
      return stopping;
    },
    describe: () => 'on the terminal',
    lastErrorLine: () => exit?.error ?? '',
    terminate() {
      stopping = true;
    },
    async stop({ askToQuit, graceMs }) {
      stopping = true;
      if (exit) return;
      await askToQuit();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
