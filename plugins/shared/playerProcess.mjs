// Shared by the bundled player plugins: a player's process, started by plexterm on the plugin's request (the sandboxed plugin host starts none), stopped gently then firmly.

/** Cleanups to run if the plugin host exits while players still run (plexterm quit or went away). */
const atHostExit = new Set();
process.once('exit', () => {
  for (const cleanup of [...atHostExit]) {
    try {
      cleanup();
    } catch {
      // the process is ending: one failing cleanup must not skip the others
    }
  }
});

/** Runs `cleanup` (synchronous) if the host exits first; returns what cancels that. */
export function onHostExit(cleanup) {
  atHostExit.add(cleanup);
  return () => atHostExit.delete(cleanup);
}

/** A disposable for `context.subscriptions`: ends every player still running when the plugin is deactivated. */
export function endAllAtDeactivation(sessions) {
  return {
    dispose() {
      for (const session of [...sessions]) session.terminate();
      sessions.clear();
    },
  };
}

/** One line saying how a player ended: "vlc exited with code 1: <its last error line>" or "vlc was killed by SIGKILL". */
export function describeExit(name, exit, lastErrorLine = '') {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return lastErrorLine ? `${name} ${how}: ${lastErrorLine}` : `${name} ${how}`;
}

/**
 * Has plexterm start `command` with `args` (`processes`: the plugin's `api.processes`). It ends when
 * plexterm ends, even by kill -9 (plexterm gives it a parent-death signal), and when the plugin host
 * stops. Resolves once it runs; rejects with a message a person can act on when it cannot start (not
 * installed, not executable), ending with `hint`. `lifeline` gives it fd 3, closed when plexterm ends.
 */
export async function startPlayerProcess(processes, name, command, args, { lifeline = false, hint = `set plugins.${name}.path in the config to its path` } = {}) {
  let started;
  try {
    started = await processes.start(command, args, { lifeline });
  } catch (error) {
    const why = error.code === 'ENOENT' ? 'it is not installed or not on PATH' : error.message;
    throw Object.assign(new Error(`cannot start ${name} ("${command}"): ${why}; ${hint}`), { code: error.code });
  }
  return new PlayerProcess(name, started);
}

export class PlayerProcess {
  #stopping = false;
  #errorOutput = '';

  #process;
  #exit = null;

  constructor(name, started) {
    this.name = name;
    this.#process = started;
    /** Resolves with `{ code, signal }` once the process has ended and its output is closed. */
    this.exited = new Promise((resolve) => {
      started.events$.subscribe({
        next: (event) => {
          if (event.type === 'stderr') this.#errorOutput = (this.#errorOutput + event.text).slice(-4000);
          if (event.type === 'exit') resolve((this.#exit = { code: event.code, signal: event.signal }));
        },
        // plexterm or the host went away: the process was ended with it.
        error: () => resolve((this.#exit ??= { code: null, signal: 'SIGTERM' })),
        complete: () => resolve((this.#exit ??= { code: null, signal: 'SIGTERM' })),
      });
    });
  }

  get pid() {
    return this.#process.pid;
  }

  get hasExited() {
    return this.#exit !== null;
  }

  /** Sends `signal` unless the process has ended; a failed request only means plexterm ended it already. */
  kill(signal) {
    if (!this.hasExited) void this.#process.kill(signal).catch(() => undefined);
  }

  /** True once `stop` or `terminate` was asked: the end that follows is not an error. */
  get stopping() {
    return this.#stopping;
  }

  /** The last non-empty line the player printed on stderr. */
  lastErrorLine() {
    return this.#errorOutput.split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? '';
  }

  /** Asks the player to end (`askToQuit`, else SIGTERM), kills it after `graceMs`, resolves once it is gone. */
  async stop({ askToQuit, graceMs = 2000 } = {}) {
    this.#stopping = true;
    if (this.hasExited) return;
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      // A player that does not answer the request is killed by the timer all the same.
      if (askToQuit) void Promise.resolve().then(askToQuit).catch(() => this.kill('SIGTERM'));
      else this.kill('SIGTERM');
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Synchronous, for deactivation: SIGTERM now, SIGKILL later if the host is still there. */
  terminate(graceMs = 2000) {
    this.#stopping = true;
    if (this.hasExited) return;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    timer.unref();
    void this.exited.then(() => clearTimeout(timer));
  }
}
