// The mpv plugin: turns what mpv reports over IPC (time-pos, pause, duration, end-file, errors) into plexterm's player events.

const positionIntervalMs = 1000;
/** How close to the end of the file an end counts as the end (a video's last frame, an audio's last packet). */
const endSnapMs = 2000;
const observed = ['time-pos', 'pause', 'duration'];

/**
 * Observes mpv's properties on `connection` and emits PlayerEvents into `events`: `playing` at the
 * first position, `paused`/`playing` when pause changes, `position` about once a second, `ended`
 * at the end of the file (with `quit` when the person quit mpv), `error` with mpv's own message when
 * the file fails. Each file mpv starts (`start-file`: one mpv plays a whole queue) starts over from
 * `playing`; `onFileStart` is told first, so that the file's events can go to its own item.
 */
export async function followMpv(connection, events, { now = () => Date.now(), errorHint = '', onFileStart = () => {} } = {}) {
  const state = { started: false, paused: false, position: undefined, duration: undefined, lastPositionAt: 0, lastError: '' };
  const at = () => ({ position: state.position, duration: state.duration });

  connection.onEvent((message) => {
    if (message.event === 'start-file') {
      Object.assign(state, { started: false, position: undefined, duration: undefined, lastError: '' });
      onFileStart(message);
      return;
    }
    if (message.event === 'file-loaded') {
      // A file mpv went on to by itself (gapless) may last exactly as long as the one before: no change of duration is told then.
      connection.command('get_property', 'duration').then(
        (duration) => {
          if (state.duration === undefined && typeof duration === 'number') state.duration = Math.round(duration * 1000);
        },
        () => undefined,
      );
      return;
    }
    if (message.event === 'log-message') {
      if (message.level === 'error' || message.level === 'fatal') state.lastError = String(message.text ?? '').trim();
      return;
    }
    if (message.event === 'end-file') {
      events.emit(endEvent(message, state, errorHint));
      return;
    }
    if (message.event !== 'property-change') return;
    if (message.name === 'duration' && typeof message.data === 'number') state.duration = Math.round(message.data * 1000);
    if (message.name === 'pause' && typeof message.data === 'boolean' && message.data !== state.paused) {
      state.paused = message.data;
      if (state.started) events.emit({ type: state.paused ? 'paused' : 'playing', ...at() });
    }
    if (message.name === 'time-pos' && typeof message.data === 'number') {
      state.position = Math.max(0, Math.round(message.data * 1000));
      if (!state.started) {
        state.started = true;
        state.lastPositionAt = now();
        events.emit({ type: state.paused ? 'paused' : 'playing', ...at() });
      } else if (now() - state.lastPositionAt >= positionIntervalMs) {
        state.lastPositionAt = now();
        events.emit({ type: 'position', ...at() });
      }
    }
  });

  // Sent together (mpv answers them in order): one round trip, not four, before mpv can be given its file.
  await Promise.all([connection.command('request_log_messages', 'error'), ...observed.map((name, index) => connection.command('observe_property', index + 1, name))]);
  return {
    /** The last position mpv reported, in milliseconds. */
    get position() {
      return state.position;
    },
    get duration() {
      return state.duration;
    },
  };
}

function endEvent(message, state, errorHint) {
  if (message.reason === 'error') {
    const detail = [message.file_error, state.lastError].filter(Boolean).join(': ');
    return { type: 'error', message: `mpv could not play the stream${detail ? `: ${detail}` : ''}${errorHint}`, position: state.position, duration: state.duration };
  }
  // eof: the end of the file, or where mpv was told to stop (--end, --frames), or where a stream that broke off
  // ran out: the last position counts, taken for the whole file only within a moment of its end (mpv's last
  // time-pos is a frame short of it). quit: the person (or plexterm) quit mpv; stop: plexterm left the file.
  const atEnd = message.reason === 'eof' && state.duration !== undefined && state.position !== undefined && state.duration - state.position <= endSnapMs;
  const position = atEnd ? state.duration : state.position;
  return { type: 'ended', position, duration: state.duration, ...(message.reason === 'quit' ? { quit: true } : {}) };
}
