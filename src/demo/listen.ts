// Starting and stopping the demo's HTTP listeners on 127.0.0.1.
import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** Listens on 127.0.0.1:`port` (0 = the OS picks); answers the port. */
export function listen(server: Server, port = 0): Promise<number> {
  // Node closes an idle keep-alive connection after 5 s; a client on a busy machine may send its next
  // request on that connection just as it closes, and sees "socket hang up" for a request it made
  // correctly. A minute, as common servers keep them, makes that race rare; close() ends them all.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops listening and destroys every open socket, so nothing keeps the process alive. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      server.closeAllConnections();
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port that was bound and closed again: connecting to it is refused (a 'dead' connection). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
