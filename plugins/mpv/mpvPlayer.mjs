// The mpv plugin's player: starts mpv (in a window, or on the person's terminal), follows it over IPC, stops it, cleans up.
import { rmSync } from 'node:fs';
import { PlayerEvents } from '../shared/playerEvents.mjs';
import { describeExit, onHostExit, startPlayerProcess } from '../shared/playerProcess.mjs';
import { mpvArguments, shortSocketPath, startSeconds, terminalVideoOutputFor, trackProperties } from './mpvArguments.mjs';
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
 * A launcher for the player `mpv`. `running` (a Set) holds every live mpv's `terminate` (launched or
 * prepared), so deactivation ends them all. `settings()` reads the plugin's settings at each start.
 *
 * `prepare` starts mpv idle (its IPC socket open, its properties observed) before plexterm has the
 * stream's URL; `launch` on what it returns sets the title and start position and `loadfile`s the URL.
 * Its session can `seek` (skip intro) and `showText` on mpv's OSD, over the same IPC socket.
 * `launch` alone does both at once. In the terminal nothing is prepared: mpv would take the screen early.
 *
 * A play queue's mpv (`queue` in the options) plays the whole queue: it stays idle after each file, and
 * its session's `keepForNext` stops the file and hands the same mpv back as a prepared player, which
 * plexterm launches with the next item's URL (once that item is ready) or disposes at the queue's end.
 */
export function createMpvPlayer({ settings, processes, terminal, sockets, log, running }) {
  const start = (launchOptions, ahead) => startMpv({ settings: settings(), processes, terminal, sockets, log, running }, launchOptions, ahead);
  return {
    async launch(url, options) {
      return (await start(options, false)).launch(url, options);
    },
    async prepare({ args, queue }) {
      if (settings().inTerminal) return null;
      return start({ args, queue }, true);
    },
  };
}

/**
 * Starts mpv without a file and follows it over IPC. `options` may hold the title and start position
 * (given on its command line) or not (set over IPC at `launch`). Resolves with `launch(url, options)`,
 * once, and `dispose()`, which ends an mpv that was not launched and resolves once it is gone.
 * `ahead`: started before its stream is ready (said in the log).
 */
async function startMpv({ settings, processes, terminal, sockets, log, running }, options, ahead) {
  const { path, extraArgs, inTerminal, terminalVideoOutput } = settings;
  const queue = options.queue === true;
  const socketPath = shortSocketPath(sockets);
  const videoOutput = inTerminal ? await terminalVideoOutputFor(terminalVideoOutput, path, processes) : null;
  const args = mpvArguments({ socketPath, startAt: options.startAt, title: options.title, tracks: ahead ? {} : options, extraArgs, args: options.args, terminalVideoOutput: videoOutput, queue });
  const mpv = inTerminal ? startOnTerminal(terminal, path, args) : await startInWindow(processes, path, args);
  log(`mpv started (${mpv.describe()}${ahead ? ', idle until its stream is ready' : ''}${queue ? ', for a whole queue' : ''}, socket ${socketPath})`);
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
  // Each item (file) has its own events: `pending` from its loadfile, `current` from its start-file on. `appended`: the
  // queue's next item, appended after `current` (gapless): current from the start-file of its playlist entry on;
  // `idle`: the prepared player's, while it waits for its URL (no file).
  const items = { current: null, pending: null, appended: null, idle: null };
  const toItem = { emit: (event) => items.current?.emit(event) };
  /** Each item's playlist entry (from its start-file), and mpv's last end-file: after an `eof`, mpv goes on to the next entry by itself. */
  const entryOf = new WeakMap();
  let lastEnd = null;
  const onFileStart = (message) => {
    if (items.appended && message.playlist_entry_id === items.appended.entryId) {
      items.current = items.appended.item;
      items.appended.started = true;
      items.appended.settle();
    } else {
      if (items.pending) items.current = items.pending;
      items.pending = null;
    }
    if (items.current) entryOf.set(items.current, message.playlist_entry_id);
  };
  connection.onEvent((message) => {
    if (message.event !== 'end-file') return;
    lastEnd = message;
    if (items.appended && message.playlist_entry_id === items.appended.entryId) items.appended.settle();
  });
  const follower = await followMpv(connection, toItem, { errorHint: inTerminal ? '' : noDisplayHint(), onFileStart }).catch(() => null);
  const alive = {
    terminate() {
      mpv.terminate();
      cleanUp(); // now: the plugin host may be killed before mpv has exited
    },
  };
  running.add(alive);
  let files = 0;
  /** The person quit this mpv (it ended by itself, cleanly): a queue's mpv quit while idle ends the queue. */
  let quitByPerson = false;
  void mpv.exited.then((exit) => {
    running.delete(alive);
    connection.close();
    cleanUp();
    log(describeExit(`mpv (${mpv.describe()})`, exit));
    const cleanEnd = mpv.stopping || (exit.code === 0 && !exit.signal);
    const position = follower?.position;
    // A queue's mpv ends by itself only when the person quits it.
    const quit = queue && !mpv.stopping ? { quit: true } : {};
    const item = items.current ?? items.pending;
    item?.emit(cleanEnd ? { type: 'ended', position, duration: follower?.duration, ...quit } : { type: 'error', message: describeExit('mpv', exit, mpv.lastErrorLine()), position });
    quitByPerson = cleanEnd && !mpv.stopping;
    // Idle (a queue's, between two items): a quit the person asked for ends the queue; a crash is only a launch that fails (plexterm starts mpv afresh).
    if (!item && quitByPerson) items.idle?.emit({ type: 'ended', quit: true });
  });
  const stop = () => mpv.stop({ askToQuit: () => connection.command('quit').catch(() => undefined), graceMs: stopGraceMs });
  const gone = () => mpv.hasExited || connection.closed;

  /** This mpv as a prepared player: given one URL (its first file, or a queue's next), or disposed. */
  const prepared = () => {
    let launched = false;
    const waiting = new PlayerEvents();
    items.idle = waiting;
    if (quitByPerson) waiting.emit({ type: 'ended', quit: true });
    return {
      events$: waiting.events$,
      async launch(url, launchOptions) {
        if (launched) throw new Error('this mpv was given its stream already');
        if (gone()) throw new Error(`the idle mpv is gone (${mpv.hasExited ? 'it quit' : 'its IPC connection closed'})`);
        launched = true;
        if (items.idle === waiting) items.idle = null;
        const first = files === 0;
        files += 1;
        // What was not on its command line (or, for a queue's next file, what the file before set): a person's own --start (in their arguments) still wins.
        const own = [...extraArgs, ...(options.args ?? [])];
        const properties = [];
        if ((!first || options.title === undefined) && launchOptions.title !== undefined) properties.push(['force-media-title', launchOptions.title]);
        if ((!first || options.startAt === undefined) && !own.some((arg) => arg === '--start' || arg.startsWith('--start='))) properties.push(['start', startSeconds(launchOptions.startAt)]);
        // The tracks of a prepared mpv, or of a queue's next file (a launched one had its first file's on its command line);
        // set while idle, they apply to the file it loads. mpv keeps options from file to file: what the next file does not
        // choose goes back to mpv's own choice, and the file before's sidecar is not loaded again.
        if (ahead || !first) {
          const tracks = trackProperties(launchOptions);
          if (!first) for (const [name, reset] of [['sub-files', ''], ['aid', 'auto'], ['sid', 'auto']]) if (!tracks.some(([chosen]) => chosen === name)) tracks.push([name, reset]);
          properties.push(...tracks);
        }
        // An album (a queue of audio) plays gapless: the next track, appended before this one ends, follows without a gap.
        if (queue && launchOptions.mediaType === 'audio') properties.push(...gaplessProperties);
        const item = new PlayerEvents();
        items.pending = item;
        // Sent together: mpv runs its commands in order, so the file loads with them set (a refusal only costs the title or start).
        for (const [name, value] of properties) connection.command('set_property', name, value).catch((error) => log(`setting ${name} failed: ${error.message}`));
        connection.command('loadfile', url).catch((error) => item.emit({ type: 'error', message: error.message }));
        return sessionOf(item);
      },
      async dispose() {
        if (!launched) await stop();
      },
    };
  };

  /** An item's session: its events, and what plexterm can do to it over the same IPC connection. */
  const sessionOf = (item) => {
    // Absolute seconds for seek, milliseconds for show-text (mpv's units).
    const seek = (position) => connection.command('seek', position / 1000, 'absolute').then(() => undefined);
    const showText = (text, durationMs) => connection.command('show-text', text, Math.max(0, Math.round(durationMs))).then(() => undefined);
    const session = { events$: item.events$, stop, seek, showText, setTracks: (tracks) => switchTracks(connection, tracks) };
    if (queue) {
      session.keepForNext = () => keepForNext(item);
      session.appendNext = (url, launchOptions) => appendNext(item, url, launchOptions);
    }
    return session;
  };

  /**
   * Gapless: the queue's next file appended to mpv's playlist while `item` plays (`loadfile URL append`, its title and
   * start as the file's own options, so the file that plays keeps its own). mpv goes on to it at `item`'s end without a
   * gap; its start-file makes it the current item. False when `item` no longer plays, or has a successor already.
   */
  const appendNext = async (item, url, launchOptions) => {
    if (gone() || items.current !== item || item.finished || items.appended || items.pending) return false;
    let settle;
    /** Settled at the appended file's start-file, or at its end-file when it never started. */
    const settled = new Promise((resolve) => (settle = resolve));
    const appended = { item: new PlayerEvents(), url, entryId: null, started: false, settled, settle };
    items.appended = appended;
    try {
      const reply = await connection.command({ name: 'loadfile', url, flags: 'append', options: fileOptions(launchOptions) });
      appended.entryId = reply?.playlist_entry_id ?? null;
    } catch (error) {
      if (items.appended === appended) items.appended = null;
      log(`appending the next file failed: ${error.message}`);
      return false;
    }
    // mpv numbers its entries from the first loadfile on: an answer without one is an mpv too old to tell them apart.
    if (appended.entryId === null) {
      items.appended = null;
      await connection.command('playlist-clear').catch(() => undefined);
      return false;
    }
    log(`the next file is appended (playlist entry ${appended.entryId}): it follows without a gap`);
    return true;
  };

  /**
   * The item is over (or left for another). When mpv went on to the file appended after it, this mpv plays the next
   * item already: launched with that file's URL, it is that item's session. Otherwise the file is stopped (with the
   * playlist, an appended file that did not start included), and this mpv, idle, is the next item's.
   */
  const keepForNext = async (item) => {
    if (items.current === item) items.current = null;
    if (items.pending === item) items.pending = null;
    if (gone()) return quitMeanwhile();
    const appended = items.appended;
    if (appended && !appended.started) {
      const endedAtItsEnd = lastEnd?.reason === 'eof' && entryOf.has(item) && lastEnd.playlist_entry_id === entryOf.get(item);
      if (endedAtItsEnd) {
        // mpv goes on to the appended file by itself: its start-file follows the item's end-file, but not always before
        // mpv answers a command sent in between (it may still be tearing the file before down).
        let timer;
        await Promise.race([appended.settled, mpv.exited, new Promise((resolve) => (timer = setTimeout(resolve, nextFileWaitMs)))]);
        clearTimeout(timer);
      } else {
        // A round trip: mpv sends its events in order, so a start-file of the appended file before it has been seen.
        await connection.command('get_property', 'playlist-pos').catch(() => undefined);
      }
    }
    if (appended?.started && items.current === appended.item && !appended.item.finished) {
      items.appended = null;
      return playingAlready(appended);
    }
    items.appended = null;
    try {
      await connection.command('stop');
    } catch {
      return quitMeanwhile();
    }
    return prepared();
  };
  /**
   * mpv ended as its item did (the person quit it in that moment): kept all the same when the person quit it, so that
   * plexterm hears the quit (the queue ends) instead of starting a new mpv; null after a crash.
   */
  const quitMeanwhile = async () => {
    await Promise.race([mpv.exited, new Promise((resolve) => setTimeout(resolve, stopGraceMs).unref())]);
    return mpv.hasExited && quitByPerson ? prepared() : null;
  };

  /** This mpv as a prepared player that plays `appended` already: its launch with that URL is its session; another URL loads as usual. */
  const playingAlready = (appended) => {
    const fallback = prepared();
    let used = false;
    return {
      async launch(url, launchOptions) {
        if (used) throw new Error('this mpv was given its stream already');
        used = true;
        if (url === appended.url && items.current === appended.item && !appended.item.finished) {
          files += 1;
          log(`the next item plays on in the appended file (playlist entry ${appended.entryId})`);
          // Its item's tracks (the server's selected streams, or a choice carried from the item before) were not known when
          // the file was appended: they are switched to now, those that differ from what mpv chose.
          await switchTracks(connection, await changedTracks(connection, launchOptions)).catch((error) => log(`switching the appended file's tracks failed: ${error.message}`));
          return sessionOf(appended.item);
        }
        log('the appended file is not the next item\'s: it is stopped, and the next item\'s file loaded');
        await connection.command('stop').catch(() => undefined);
        return fallback.launch(url, launchOptions);
      },
      dispose: () => fallback.dispose(),
    };
  };

  return prepared();
}

/** How long a kept mpv waits for the start of the file appended after one that ended at its end (normally a few ms). */
const nextFileWaitMs = 5000;

/** mpv's options for an album's queue: gapless audio, and the next playlist entry opened before the one that plays ends. */
const gaplessProperties = [
  ['gapless-audio', 'yes'],
  ['prefetch-playlist', 'yes'],
];

/** A file's own options for `loadfile` (mpv's key=value list; a value as `%bytes%text`, so commas in a title stay): its title and start. */
function fileOptions(launchOptions) {
  const { title, startAt } = launchOptions;
  const quoted = (value) => `%${Buffer.byteLength(value)}%${value}`;
  // Its tracks too: what it does not choose is mpv's own choice for it, not the file before's (whose aid may not exist in it).
  const tracks = trackProperties(launchOptions);
  for (const [name, reset] of [['aid', 'auto'], ['sid', 'auto']]) if (!tracks.some(([chosen]) => chosen === name)) tracks.push([name, reset]);
  return [['start', startSeconds(startAt)], ...(title === undefined ? [] : [['force-media-title', title]]), ...tracks].map(([name, value]) => `${name}=${quoted(value)}`).join(',');
}

/**
 * Switches the playing file's tracks over IPC (API 1.4): `aid`, then a subtitle file added and shown
 * (`sub-add ... select`), else `sid` (a number, or "no" for off). One refusal rejects, naming it.
 */
async function switchTracks(connection, { audioTrack, subtitleTrack, subtitleFile }) {
  if (Number.isInteger(audioTrack) && audioTrack > 0) await connection.command('set_property', 'aid', String(audioTrack));
  if (typeof subtitleFile === 'string') await connection.command('sub-add', subtitleFile, 'select');
  else if (subtitleTrack === 'off') await connection.command('set_property', 'sid', 'no');
  else if (Number.isInteger(subtitleTrack) && subtitleTrack > 0) await connection.command('set_property', 'sid', String(subtitleTrack));
}

/** The launch options' tracks that mpv does not play already (`aid` and `sid` read over IPC); a sidecar file always. */
async function changedTracks(connection, { audioTrack, subtitleTrack, subtitleFile }) {
  const current = (name) => connection.command('get_property', name).catch(() => null);
  const changed = {};
  if (Number.isInteger(audioTrack) && audioTrack > 0 && (await current('aid')) !== audioTrack) changed.audioTrack = audioTrack;
  if (typeof subtitleFile === 'string') changed.subtitleFile = subtitleFile;
  else if (subtitleTrack === 'off' ? (await current('sid')) !== false : Number.isInteger(subtitleTrack) && subtitleTrack > 0 && (await current('sid')) !== subtitleTrack) changed.subtitleTrack = subtitleTrack;
  return changed;
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
