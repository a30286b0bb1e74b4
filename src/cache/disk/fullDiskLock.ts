// The cache folder's lock when the disk is too full for the lock file: a Unix socket of a fixed name, which needs no data blocks.
//
// Binding a socket path that is in use fails, so the bound socket itself is the lock, and the kernel
// closes it the moment its owner dies. A newcomer that finds the path taken connects: a refusal means
// a dead owner (its socket file is removed and the bind tried again); an answer carries the live
// owner's description, for the "in use by process PID" message. Whoever takes the lock file on a disk
// with room checks this socket too, so the two ways never both hold the folder.
//
// Its name is predictable, so it must live where no one else can create names: the cache folder
// itself (0700, the person's), or, when that path is too long for a socket, a 0700 folder of the
// person's own (lockSocketFolder.ts), never the shared temporary folder, where another local user
// could listen on the name first and lock the person out of their cache.
import { connect, createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';

/** How long reading a live owner's description may take before it counts as alive and unknown. */
const answerLimitMs = 5_000;

/** A live owner, with the description it answered (null when it did not answer in time). */
export interface LiveOwner {
  alive: true;
  description: string | null;
}

export type FullDiskOwner = { alive: false } | LiveOwner;

/**
 * Listens on `path` unless a live process does: resolves with the server (the lock is held until it
 * closes), or with that owner. Each connection is answered with `description` and closed.
 */
export async function holdFullDiskSocket(path: string, description: string): Promise<Server | LiveOwner> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const server = createServer((connection) => {
      connection.on('error', () => undefined);
      connection.end(description);
    });
    const listening = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
      server.listen(path, () => resolve(true));
    });
    if (listening) {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      server.unref();
      return server;
    }
    const owner = await fullDiskOwner(path);
    if (owner.alive) return owner;
    // A dead owner's socket file: its name is only ever a lock socket's.
    await rm(path, { force: true });
  }
  return { alive: true, description: null };
}

/** Whether a live process holds the socket at `path`, and what it says it is. */
export function fullDiskOwner(path: string): Promise<FullDiskOwner> {
  return new Promise((resolve) => {
    const connection = connect(path);
    let text = '';
    const finish = (owner: FullDiskOwner) => {
      clearTimeout(timer);
      connection.destroy();
      resolve(owner);
    };
    const timer = setTimeout(() => finish({ alive: true, description: null }), answerLimitMs);
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => (text += chunk));
    connection.once('end', () => finish({ alive: true, description: text }));
    connection.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? { alive: false } : { alive: true, description: null }));
  });
}
