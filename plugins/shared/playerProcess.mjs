// Shared by the bundled player plugins: a player's child process, stopped gently then firmly, and never outliving the plugin host (not even a SIGKILLed one, on Linux).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

/**
 * The path of the executable `command`: itself when it names a path, else the first match on PATH;
 * null when there is none.
 */
export function findExecutable(command) {
  const candidates = command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((folder) => join(folder, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }) ?? null;
}

/**
 * util-linux's setpriv (every Debian and Ubuntu has it), to give a player a parent-death signal: the
 * kernel sends it SIGTERM when the plugin host ends in any way, SIGKILL included, which no exit
 * handler sees. Elsewhere the exit handler above is what ends players.
 */
const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;

/** The program and arguments that run `command`: through setpriv when it is there and the command exists. */
function withParentDeathSignal(command, args) {
  const program = setpriv === null ? null : findExecutable(command);
  return program === null ? [command, args] : [setpriv, ['--pdeathsig', 'TERM', '--', program, ...args]];
}

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
 * Starts `command` with `args`. Resolves once it runs; rejects with a message a person can act on
 * when it cannot start (not installed, not executable), ending with `hint`. `extraStdio` adds
 * descriptors after stderr.
 */
export async function startPlayerProcess(name, command, args, { extraStdio = [], hint = `set plugins.${name}.path in the config to its path` } = {}) {
  const [program, programArgs] = withParentDeathSignal(command, args);
  const child = spawn(program, programArgs, { stdio: ['ignore', 'ignore', 'pipe', ...extraStdio] });
  const player = new PlayerProcess(name, child);
  try {
    await once(child, 'spawn');
  } catch (error) {
    const why = error.code === 'ENOENT' ? 'it is not installed or not on PATH' : error.message;
    throw new Error(`cannot start ${name} ("${command}"): ${why}; ${hint}`);
  }
  const forget = onHostExit(() => child.kill('SIGTERM'));
  void player.exited.then(forget);
  return player;
}

export class PlayerProcess {
  #stopping = false;
  #errorOutput = '';

  constructor(name, child) {
    this.name = name;
    this.child = child;
    /** Resolves with `{ code, signal }` once the process has ended and its output is closed. */
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      this.#errorOutput = (this.#errorOutput + chunk).slice(-4000);
    });
  }

  get pid() {
    return this.child.pid;
  }

  get hasExited() {
    return this.child.exitCode !== null || this.child.signalCode !== null;
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
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      // A player that does not answer the request is killed by the timer all the same.
      if (askToQuit) void Promise.resolve().then(askToQuit).catch(() => this.child.kill('SIGTERM'));
      else this.child.kill('SIGTERM');
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Synchronous, for deactivation: SIGTERM now, SIGKILL later if the host is still there. */
  terminate(graceMs = 2000) {
    this.#stopping = true;
    if (this.hasExited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    timer.unref();
    void this.exited.then(() => clearTimeout(timer));
  }
}
