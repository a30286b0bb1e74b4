// A cache manager on a real demo server and a temporary folder, for tests; `close` releases everything.
import { setTimeout as delay } from 'node:timers/promises';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { type CacheEntry, type CacheEntrySnapshot, CacheManager, type CachePartRequest, type CacheSettings, type CacheState, HttpUpstream, type HttpUpstreamOptions } from '../../src/cache/index.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/index.js';
import { demoContainer, type ContainerJson } from './demoServer.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';
import { timeLimit } from './timeLimit.js';

export interface CacheHarness {
  demo: DemoServer;
  folder: TempFolder;
  cache: CacheManager;
  log: string[];
  /** The Cache Lab part of exactly `size` bytes, as a cache request. */
  labPart(size: number): Promise<CachePartRequest & { partId: number }>;
  /** Opens a new manager on the same folder (after closing the old one). */
  reopen(settings?: Partial<CacheSettings>): Promise<CacheManager>;
  close(): Promise<void>;
}

/**
 * `upstream` overrides what each entry's HttpUpstream is made with; a function is asked at every
 * connect, so a test can change the token between opens.
 */
export async function cacheHarness(
  demoOptions: DemoServerOptions = {},
  settings: Partial<CacheSettings> = {},
  upstream: () => Partial<HttpUpstreamOptions> = () => ({}),
): Promise<CacheHarness> {
  const demo = await startDemoServer({ inspect: true, ...demoOptions });
  const folder = await makeTempFolder('plexterm-cache-');
  const log: string[] = [];
  const open = (overrides: Partial<CacheSettings>) =>
    CacheManager.open({
      folder: folder.path,
      settings: overrides,
      connect: (path) =>
        new HttpUpstream({ baseUrl: demo.url, path, token: demo.token, identity: { clientIdentifier: 'plexterm-test' }, retryBaseDelayMs: 10, ...upstream() }),
      log: (message) => log.push(message),
    });
  const harness: CacheHarness = {
    demo,
    folder,
    cache: await open(settings),
    log,
    async labPart(size) {
      const container = await cacheLabListing(demo);
      for (const item of container.MediaContainer.Metadata ?? []) {
        const part = item.Media?.[0]?.Part[0];
        if (part && part.size === size) {
          const [, , , partId, changestamp] = part.key.split('/');
          return {
            key: `${demo.machineIdentifier}/${partId}/${changestamp}`,
            title: item.title,
            upstreamPath: part.key,
            fileName: part.key.split('/').pop() ?? 'file',
            container: part.container,
            metadataSize: part.size,
            partId: part.id,
          };
        }
      }
      throw new Error(`the Cache Lab has no part of ${size} bytes`);
    },
    async reopen(overrides = settings) {
      await harness.cache.close();
      harness.cache = await open(overrides);
      return harness.cache;
    },
    async close() {
      await harness.cache.close();
      await demo.close();
      await folder.remove();
    },
  };
  return harness;
}

/** Resolves with the first snapshot in one of `states` (fails after `ms`). */
export function reach(entry: CacheEntry, states: CacheState[], ms = 20_000): Promise<CacheEntrySnapshot> {
  return firstValueFrom(entry.state$.pipe(filter((snapshot) => states.includes(snapshot.state)), timeout(timeLimit(ms))));
}

/** The Cache Lab listing, asked again through a flaky server's 5xx answers. */
async function cacheLabListing(demo: DemoServer): Promise<ContainerJson> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await demoContainer(demo, '/library/sections/4/all');
    } catch (error) {
      if (attempt >= 50) throw error;
      await delay(5);
    }
  }
}

/** Every state `entry` passes through from now on (the current one first), each once per visit. */
export function recordStates(entry: CacheEntry): { states: CacheState[]; stop(): void } {
  const states: CacheState[] = [];
  const subscription = entry.state$.subscribe((snapshot) => {
    if (states.at(-1) !== snapshot.state) states.push(snapshot.state);
  });
  return { states, stop: () => subscription.unsubscribe() };
}

/** Resolves once every byte of `entry` is recorded (or it failed). */
export function reachComplete(entry: CacheEntry, ms = 20_000): Promise<CacheEntrySnapshot> {
  return firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.complete || snapshot.state === 'failed'), timeout(timeLimit(ms))));
}
