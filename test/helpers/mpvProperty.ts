// Asking a running mpv for a property over its JSON IPC socket, on a connection of the test's own (mpv serves several).
import { createConnection } from 'node:net';

/** One property of the mpv listening on `socketPath`; undefined when mpv has none (an error answer). */
export function mpvProperty(socketPath: string, name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffered = '';
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: ['get_property', name], request_id: 7 })}\n`));
    socket.on('data', (chunk) => {
      const lines = (buffered + String(chunk)).split('\n');
      // The last piece is a line mpv has not finished yet.
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const reply = line.trim() === '' ? undefined : (JSON.parse(line) as { request_id?: number; data?: unknown; error?: string });
        if (reply?.request_id !== 7) continue;
        socket.end();
        resolve(reply.error === 'success' ? reply.data : undefined);
      }
    });
    socket.on('error', reject);
  });
}
