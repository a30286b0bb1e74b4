// The bundled plugins under test: the real extension service over the repository's plugins/, and what their tests look at.
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { CachePartRequest } from '../../src/cache/index.js';
import { packageRoot } from '../../src/base/packageRoot.js';
import type { PlexMetadata } from '../../src/plex/models.js';
import { ExtensionService, type ExtensionServiceOptions } from '../../src/extensions/extensionService.js';
import { cachePartRequest } from '../../src/playback/playbackItem.js';
import type { PlayerEvent, PlayerSession } from '../../src/playback/player.js';
import { cacheHarness, reach, type CacheHarness } from './cacheHarness.js';
import { demoContainer } from './demoServer.js';

export const bundledPluginsDir = join(packageRoot(), 'plugins');

export interface BundledHarness {
  service: ExtensionService;
  /** Every line the service logged (plugins' own lines are prefixed `[plugin: id]`). */
  log: string[];
  /** Disposes the service: deactivates the plugins and kills the host. */
  close(): Promise<void>;
}

/** The real extension service with only the bundled plugins. */
export async function startBundled(options: ExtensionServiceOptions = {}): Promise<BundledHarness> {
  const log: string[] = [];
  const service = await ExtensionService.start({ bundledPluginsDir, log: (line) => log.push(line), ...options });
  return { service, log, close: () => service.dispose() };
}

export interface RecordedSession {
  events: PlayerEvent[];
  /** Resolves once events$ has ended (completed or failed); the error, if any, is in `failure`. */
  done: Promise<void>;
  failure: unknown;
  /** Resolves with the first event of `type` (past or future); rejects if events$ ends first. */
  next(type: PlayerEvent['type']): Promise<PlayerEvent>;
}

/** Subscribes to a session's events$ and keeps every event. */
export function recordSession(session: PlayerSession): RecordedSession {
  const events: PlayerEvent[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const recorded: RecordedSession = {
    events,
    failure: undefined,
    done: new Promise<void>((resolve) => {
      if (!session.events$) throw new Error('the session has no events$');
      session.events$.subscribe({
        next(event) {
          events.push(event);
          for (const waiter of [...waiters]) waiter();
        },
        error(error: unknown) {
          recorded.failure = error;
          ended = true;
          resolve();
          for (const waiter of [...waiters]) waiter();
        },
        complete() {
          ended = true;
          resolve();
          for (const waiter of [...waiters]) waiter();
        },
      });
    }),
    next(type) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((event) => event.type === type);
          if (found || ended) waiters.delete(check);
          if (found) resolve(found);
          else if (ended) reject(new Error(`events$ ended without "${type}": ${JSON.stringify(events)}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
  return recorded;
}

/** Pids of live processes with an argument containing `text` (read from /proc; Linux only). */
export function processesWithArgument(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (state !== 'Z' && argv.some((argument) => argument.includes(text))) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** The parent of process `pid` (0 when it is gone). */
export function parentOf(pid: number): number {
  try {
    return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Live children of `parent` with an argument containing `text`. */
export function childrenRunning(parent: number, text: string): number[] {
  return processesWithArgument(text).filter((pid) => parentOf(pid) === parent);
}

/** True while process `pid` runs (a zombie, ended but not yet reaped, does not count). */
export function isRunning(pid: number): boolean {
  try {
    return /^State:\s+(\w)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] !== 'Z';
  } catch {
    return false;
  }
}

export function findOnPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  return null;
}

export interface DemoStream {
  cache: CacheHarness;
  /** The stream proxy's URL of the movie's part, its entry ready. */
  url: string;
  item: PlexMetadata;
  close(): Promise<void>;
}

/** A demo movie (101: a 10 s clip) opened in a real cache until ready: the URL a player is handed. */
export async function readyDemoStream(ratingKey = '101'): Promise<DemoStream> {
  const cache = await cacheHarness();
  try {
    const container = await demoContainer(cache.demo, `/library/metadata/${ratingKey}`);
    const item = container.MediaContainer.Metadata?.[0] as unknown as PlexMetadata | undefined;
    const media = item?.Media?.[0];
    const part = media?.Part?.[0];
    if (!item || !media || !part) throw new Error(`the demo has no item ${ratingKey} with a part`);
    const request: CachePartRequest = cachePartRequest(item, media, part, cache.demo.machineIdentifier);
    const ready = await reach(cache.cache.open(request), ['ready', 'failed']);
    if (ready.state !== 'ready' || !ready.streamUrl) throw new Error(`the cache entry did not become ready: ${JSON.stringify(ready.error)}`);
    return { cache, url: ready.streamUrl, item, close: () => cache.close() };
  } catch (error) {
    await cache.close();
    throw error;
  }
}
