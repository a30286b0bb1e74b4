// The mpv plugin's JSON IPC client: connects to mpv's socket (retrying until mpv has made it), sends commands, hears events.
import { readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * The waits between tries: 5 ms for the first second, then 50 ms. mpv makes its socket 85 to 135 ms after it is
 * spawned (loading its libraries), and a play waits for it: a doubling wait (5, 10, 20, 40, 50 ms...) came to the
 * socket 25 ms late on average, and up to 50. A try before the socket exists is one failed connect(2).
 */
export const quickRetryDelayMs = 5;
export const quickRetriesForMs = 1000;
export const retryDelayMs = 50;

/** How long to wait before the next try, `elapsedMs` after the first. */
export function connectRetryDelay(elapsedMs) {
  return elapsedMs < quickRetriesForMs ? quickRetryDelayMs : retryDelayMs;
}

/**
 * Connects to mpv's `--input-ipc-server` socket. mpv makes the socket a moment after it starts, so
 * the connection is retried until `timeoutMs` has passed or `gaveUp()` says mpv is gone.
 */
export async function connectToMpv(socketPath, { timeoutMs = 15_000, gaveUp = () => false } = {}) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    try {
      return new MpvConnection(await openSocket(socketPath));
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'ECONNREFUSED') throw error;
      if (gaveUp()) throw new Error('mpv ended before its IPC socket was ready');
      if (Date.now() > deadline) throw new Error(`mpv did not open its IPC socket within ${timeoutMs / 1000} s`);
      await delay(connectRetryDelay(Date.now() - started));
    }
  }
}

/**
 * Removes the sockets in `folder` named like ours that no mpv listens on any more: left behind when
 * a plugin host was killed outright (its mpv then quit through the lifeline, but nobody removed the file).
 */
export async function removeStaleSockets(folder, namePattern) {
  const names = (await readdir(folder).catch(() => [])).filter((name) => namePattern.test(name));
  for (const name of names) {
    const path = join(folder, name);
    try {
      (await openSocket(path)).destroy(); // an mpv answers: still in use
    } catch (error) {
      if (error.code === 'ECONNREFUSED') await rm(path, { force: true });
    }
  }
}

function openSocket(path) {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export class MpvConnection {
  #socket;
  #nextRequestId = 1;
  #pending = new Map();
  #eventListeners = new Set();
  #buffer = '';
  #closed = false;

  constructor(socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('error', () => undefined); // mpv quitting resets the connection; 'close' follows
    socket.on('close', () => this.#closeAll());
  }

  get closed() {
    return this.#closed;
  }

  /**
   * Sends `["name", ...args]`, or one object of named arguments (`{ name, ... }`: mpv fills in the ones left out);
   * resolves with the reply's data, matched by request_id; rejects on mpv's error.
   */
  command(...args) {
    if (this.#closed) return Promise.reject(new Error('the connection to mpv is closed'));
    const named = args.length === 1 && typeof args[0] === 'object' && args[0] !== null;
    const command = named ? args[0] : args;
    const requestId = this.#nextRequestId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject, name: named ? command.name : command[0] });
      this.#socket.write(`${JSON.stringify({ command, request_id: requestId })}\n`);
    });
  }

  /** `listener(event)` for every message that is not a reply (property-change, end-file, log-message...). */
  onEvent(listener) {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  close() {
    this.#socket.destroy();
    this.#closeAll();
  }

  #receive(chunk) {
    this.#buffer += chunk;
    const lines = this.#buffer.split('\n');
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // mpv writes one JSON object a line; anything else is not for us
      }
      this.#dispatch(message);
    }
  }

  #dispatch(message) {
    if (message.event === undefined && typeof message.request_id === 'number') {
      const pending = this.#pending.get(message.request_id);
      if (!pending) return;
      this.#pending.delete(message.request_id);
      if (message.error === 'success') pending.resolve(message.data);
      else pending.reject(new Error(`mpv refused ${pending.name}: ${message.error}`));
      return;
    }
    for (const listener of [...this.#eventListeners]) listener(message);
  }

  #closeAll() {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(new Error('the connection to mpv closed'));
    this.#pending.clear();
  }
}
