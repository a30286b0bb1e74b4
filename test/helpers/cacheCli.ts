// For the `plexterm cache` tests: a long-running CLI child (cache open), Cache Lab items by size, and a plain file server.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../src/base/packageRoot.js';
import type { DemoServer } from '../../src/demo/index.js';
import { startTsChild, type TestChild } from './childProcess.js';
import { demoContainer } from './demoServer.js';

const entry = join(packageRoot(), 'src', 'main', 'entry.ts');
const running = new Set<TestChild>();

/** Starts `plexterm --home HOME ...args` and keeps it running until `stopCli` (or `killLiveClis`). */
export function startCli(home: string, args: string[]): TestChild {
  const child = startTsChild(entry, ['--home', home, ...args]);
  running.add(child);
  void child.exited.then(() => running.delete(child));
  return child;
}

/** Sends `signal` and resolves with how the child ended. */
export async function stopCli(child: TestChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  child.process.kill(signal);
  await child.exited;
  child.process.stdin.destroy();
  return { code: child.process.exitCode, signal: child.process.signalCode };
}

/** SIGKILLs every child a failed test left behind, and waits for them. */
export async function killLiveClis(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill()));
}

export interface LabItem {
  ratingKey: string;
  partId: number;
  partKey: string;
  size: number;
}

/** The Cache Lab item whose part has exactly `size` bytes. */
export async function labItem(demo: DemoServer, size: number): Promise<LabItem> {
  const container = await demoContainer(demo, '/library/sections/4/all');
  for (const item of container.MediaContainer.Metadata ?? []) {
    const part = item.Media?.[0]?.Part[0];
    if (part?.size === size) return { ratingKey: item.ratingKey, partId: part.id, partKey: part.key, size };
  }
  throw new Error(`the Cache Lab has no part of ${size} bytes`);
}

export interface FileServer {
  url: string;
  /** The headers of every request, in order. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Serves `bytes` at every path but /missing (404), with single ranges answered 206 like a plain web server. */
export async function startFileServer(bytes: Buffer): Promise<FileServer> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    if (request.url?.startsWith('/missing')) {
      response.writeHead(404).end('not found');
      return;
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (!match) {
      response.writeHead(200, { 'Content-Length': bytes.length, 'Accept-Ranges': 'bytes' }).end(bytes);
      return;
    }
    const start = Number(match[1]);
    const end = Math.min(bytes.length, match[2] ? Number(match[2]) + 1 : bytes.length);
    if (start >= bytes.length) {
      response.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
      return;
    }
    response.writeHead(206, { 'Content-Length': end - start, 'Content-Range': `bytes ${start}-${end - 1}/${bytes.length}`, 'Accept-Ranges': 'bytes' }).end(bytes.subarray(start, end));
  });
  server.keepAliveTimeout = 100;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
