// The queue's mpv as tests see it: the plugin's log (which mpv started, with which socket), whether it runs, and a gate that holds a part's bytes back.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DemoServer } from '../../src/demo/index.js';
import { demoContainer } from './demoServer.js';

/** The plugins' log of the plexterm home `folder` ('' before it exists). */
export function pluginLog(folder: string): Promise<string> {
  return readFile(join(folder, 'log', 'plugins.log'), 'utf8').catch(() => '');
}

/** The mpv processes the plugin started since the log of `folder` was `before` characters long: pid and IPC socket. */
export async function mpvStartsIn(folder: string, before = 0): Promise<{ pid: number; socket: string; line: string }[]> {
  const log = (await pluginLog(folder)).slice(before);
  return [...log.matchAll(/mpv started \(pid (\d+)[^\n]*socket (\S+)\)/g)].map((match) => ({ pid: Number(match[1]), socket: match[2] ?? '', line: match[0] }));
}

export async function isRunning(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return /^Name:\s+mpv/m.test(status) && !/^State:\s+Z/m.test(status);
}

/**
 * A gate in front of the demo server: requests for paths starting with `held` wait until `release()`, the others pass
 * at once. plexterm is pointed at it, so a part's bytes (and with them its cache entry's `ready`) come when the test says.
 */
export async function gate(server: DemoServer, held: string): Promise<{ url: string; heldRequests(): number; release(): void; close(): Promise<void>; reopen(): Promise<void> }> {
  const target = new URL(server.url);
  const waiting: (() => void)[] = [];
  let released = false;
  let heldCount = 0;
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  };
  const proxy = createServer((incoming, outgoing) => {
    if (released || !(incoming.url ?? '').startsWith(held)) {
      forward(incoming, outgoing);
      return;
    }
    heldCount += 1;
    incoming.pause();
    waiting.push(() => forward(incoming, outgoing));
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const port = (proxy.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    heldRequests: () => heldCount,
    release() {
      released = true;
      for (const pass of waiting.splice(0)) pass();
    },
    async close() {
      proxy.closeAllConnections();
      proxy.close();
      await once(proxy, 'close');
    },
    /** After `close`: the door opens again at the same address (the server is back). */
    async reopen() {
      proxy.listen(port, '127.0.0.1');
      await once(proxy, 'listening');
    },
  };
}

/** The path of the one part of `ratingKey`, as plexterm fetches it. */
export async function partPath(server: DemoServer, ratingKey: string): Promise<string> {
  const part = (await demoContainer(server, `/library/metadata/${ratingKey}`)).MediaContainer.Metadata?.[0]?.Media?.[0]?.Part?.[0];
  if (!part?.key) throw new Error(`the demo's ${ratingKey} has no part`);
  return part.key;
}


/** A gate that holds back the bytes of `ratingKey`'s part (every request under its part's folder) until `release()`. */
export async function partGate(server: DemoServer, ratingKey: string): ReturnType<typeof gate> {
  const held = await partPath(server, ratingKey);
  return gate(server, held.slice(0, held.indexOf('/', '/library/parts/'.length) + 1));
}
