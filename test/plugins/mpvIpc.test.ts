// The mpv plugin's IPC connection: retried until mpv has made its socket, quickly at first, and given up on clearly.
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejection } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

/** What this test uses of plugins/mpv/mpvIpc.mjs (plain JavaScript, without declarations). */
interface MpvIpc {
  connectToMpv(path: string, options?: { timeoutMs?: number; gaveUp?: () => boolean }): Promise<{ readonly closed: boolean; close(): void }>;
  connectRetryDelay(elapsedMs: number): number;
  quickRetryDelayMs: number;
  quickRetriesForMs: number;
  retryDelayMs: number;
}
const ipcModule = '../../plugins/mpv/mpvIpc.mjs';
const { connectRetryDelay, connectToMpv, quickRetriesForMs, quickRetryDelayMs, retryDelayMs } = (await import(ipcModule)) as MpvIpc;

function listen(path: string): Promise<{ server: Server; accepted: Promise<Socket> }> {
  return new Promise((resolve, reject) => {
    let accept: (socket: Socket) => void = () => {};
    const accepted = new Promise<Socket>((done) => (accept = done));
    const server = createServer(accept);
    server.once('error', reject);
    server.listen(path, () => resolve({ server, accepted }));
  });
}

test('the socket mpv makes after the first tries is connected to: tries go on while it is missing', async () => {
  const folder = await makeTempFolder('plexterm-mpv-ipc-');
  const path = join(folder.path, 'mpv.sock');
  try {
    const connecting = connectToMpv(path, { timeoutMs: 10_000 });
    // A few turns of the event loop: the first tries find no socket (ENOENT) and wait.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    const { server, accepted } = await listen(path);
    const connection = await connecting;
    const socket = await accepted;
    assert.is(connection.closed, false);
    connection.close();
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await folder.remove();
  }
});

test('an mpv that ended before making its socket: the tries stop with that said', async () => {
  const folder = await makeTempFolder('plexterm-mpv-ipc-');
  try {
    const error = await rejection(connectToMpv(join(folder.path, 'never.sock'), { gaveUp: () => true }));
    assert.is(error.message, 'mpv ended before its IPC socket was ready');
  } finally {
    await folder.remove();
  }
});

test('no socket within the time allowed: the error says how long it waited', async () => {
  const folder = await makeTempFolder('plexterm-mpv-ipc-');
  try {
    const error = await rejection(connectToMpv(join(folder.path, 'never.sock'), { timeoutMs: 20 }));
    assert.is(error.message, 'mpv did not open its IPC socket within 0.02 s');
  } finally {
    await folder.remove();
  }
});

test('tries every 5 ms for the first second (mpv makes its socket 85 to 135 ms after its start), then every 50 ms', () => {
  assert.is(quickRetryDelayMs, 5);
  assert.is(retryDelayMs, 50);
  assert.is(connectRetryDelay(0), quickRetryDelayMs);
  assert.is(connectRetryDelay(135), quickRetryDelayMs);
  assert.is(connectRetryDelay(quickRetriesForMs - 1), quickRetryDelayMs);
  assert.is(connectRetryDelay(quickRetriesForMs), retryDelayMs);
  assert.is(connectRetryDelay(60_000), retryDelayMs);
});

test.run();
