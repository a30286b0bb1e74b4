// A connection listed in resources (local, remote or relay): its own port, forwarding to the one demo server.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Timers } from './timers.js';

/** A server on its own port that answers exactly as the main server does, `delayMs` late. */
export function connectionProxy(targetPort: number, delayMs: number, timers: Timers): Server {
  return createServer((request, response) => {
    timers.sleep(delayMs).then(() => {
      if (response.destroyed || timers.isClosed) {
        response.destroy();
        return;
      }
      const upstream = httpRequest(
        { host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers: request.headers, agent: false },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on('error', () => response.destroy());
        },
      );
      upstream.on('error', () => response.destroy());
      response.on('close', () => upstream.destroy());
      request.pipe(upstream);
    }, () => response.destroy());
  });
}
