// The demo's Cache Lab parts and request log, for tests of the cache's upstream: find parts, read what was asked, start quirky servers.
import { setTimeout as delay } from 'node:timers/promises';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/index.js';
import { demoContainer, demoFetch, withDemo } from './demoServer.js';

export interface LabPart {
  id: number;
  /** The part path, e.g. /library/parts/131/1700000000/file.mkv. */
  key: string;
  size: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  range: string | null;
  status: number;
}

export const hugeSize = 4 * 1024 ** 3 + 4097;

/** Every Cache Lab part, smallest first. */
export async function labParts(server: DemoServer): Promise<LabPart[]> {
  const sections = await demoContainer(server, '/library/sections');
  const section = sections.MediaContainer.Directory?.find((entry) => entry.title === 'Cache Lab');
  if (!section) throw new Error('the demo has no Cache Lab');
  const list = await demoContainer(server, `/library/sections/${section.key}/all`);
  const parts = (list.MediaContainer.Metadata ?? []).flatMap((item) => item.Media?.[0]?.Part.slice(0, 1) ?? []);
  return parts.map(({ id, key, size }) => ({ id, key, size })).sort((left, right) => left.size - right.size);
}

export async function labPart(server: DemoServer, size: number): Promise<LabPart> {
  const part = (await labParts(server)).find((candidate) => candidate.size === size);
  if (!part) throw new Error(`no Cache Lab part of ${size} bytes`);
  return part;
}

/** The request log of a server started with `inspect: true`, without its own /__demo/state requests (asked again through flaky 5xx). */
export async function requestLog(server: DemoServer): Promise<LoggedRequest[]> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await demoFetch(server, '/__demo/state');
    if (response.status >= 500 && attempt < 50) {
      await response.arrayBuffer();
      continue;
    }
    if (response.status !== 200) throw new Error(`/__demo/state answered ${response.status}`);
    const state = (await response.json()) as { requests: LoggedRequest[] };
    return state.requests.filter((request) => request.path !== '/__demo/state');
  }
}

/** The logged requests for `path`, once at least `count` of them have finished (the log lists a request when its answer ends). */
export function requestsFor(server: DemoServer, path: string, count = 1): Promise<LoggedRequest[]> {
  return requestsMatching(server, (request) => request.path === path, count);
}

/**
 * The logged requests that `wanted` accepts, once at least `count` of them have finished. The log lists
 * requests in the order they arrived, each once its answer has ended: a request the cache made before
 * reaching a state may still be answering after it.
 */
export async function requestsMatching(server: DemoServer, wanted: (request: LoggedRequest) => boolean, count = 1): Promise<LoggedRequest[]> {
  for (let attempt = 0; ; attempt += 1) {
    const matching = (await requestLog(server)).filter(wanted);
    if (matching.length >= count) return matching;
    if (attempt >= 200) throw new Error(`only ${matching.length} of ${count} wanted requests were logged`);
    await delay(25);
  }
}

export async function assertNoHead(server: DemoServer): Promise<void> {
  const heads = (await requestLog(server)).filter((request) => request.method === 'HEAD');
  if (heads.length > 0) throw new Error(`HEAD reached the server: ${JSON.stringify(heads)}`);
}

/** Fails unless `path` was asked for `successes` times with a 206, after at least one 5xx, and never with HEAD. */
export async function assertRetriedThrough5xx(server: DemoServer, path: string, successes: number): Promise<void> {
  const logged = await requestsFor(server, path, successes);
  if (!logged.some((request) => request.status >= 500)) throw new Error(`no 5xx for ${path}: the seed no longer tests retries`);
  const served = logged.filter((request) => request.status === 206).length;
  if (served !== successes) throw new Error(`${served} answers of 206 for ${path}, expected ${successes}`);
  await assertNoHead(server);
}

/** Runs `body` on a quirky server from startWithLabPart and always closes it. */
export async function withQuirkyLabPart(options: DemoServerOptions, size: number, body: (server: DemoServer, part: LabPart) => Promise<void>): Promise<void> {
  const { server, part } = await startWithLabPart(options, size);
  try {
    await body(server, part);
  } finally {
    await server.close();
  }
}

/**
 * Starts a server that cannot answer a listing at first (slow-start, flaky) and the path of its
 * Cache Lab part of `size` bytes. Part paths are the same on every demo server (fixed ids and
 * changestamps), so a well-behaved twin tells it.
 */
export async function startWithLabPart(options: DemoServerOptions, size: number): Promise<{ server: DemoServer; part: LabPart }> {
  const part = await withDemo({}, (twin) => labPart(twin, size));
  const server = await startDemoServer(options);
  return { server, part };
}
