// A playback service on a real cache and demo server, with a fake in-test player; `close` releases everything.
import { join } from 'node:path';
import { ReplaySubject } from 'rxjs';
import type { HttpUpstreamOptions } from '../../src/cache/index.js';
import type { DemoServer, DemoServerOptions } from '../../src/demo/index.js';
import { PlexClient } from '../../src/plex/client.js';
import type { PlaybackEvent, PlaybackTimings } from '../../src/playback/playbackEvents.js';
import { PlaybackService } from '../../src/playback/playbackService.js';
import { TimelineJournal, TimelineReporter } from '../../src/offline/index.js';
import type { MediaKind, Player, PlayerEvent, PlayerLaunchOptions, PlayerSession } from '../../src/playback/player.js';
import { cacheHarness, type CacheHarness } from './cacheHarness.js';
import { demoJson } from './demoServer.js';

export interface FakeLaunch {
  url: string;
  options: PlayerLaunchOptions;
  /** What the test makes the player say; replayed, as events sent before the pipeline listens must not be lost. */
  events: ReplaySubject<PlayerEvent>;
  stopped: boolean;
}

export interface FakePlayer extends Player {
  launches: FakeLaunch[];
  /** Resolves with the next launch (or the latest one not yet taken). */
  nextLaunch(): Promise<FakeLaunch>;
}

export function fakePlayer(id = 'fake', mediaTypes: readonly MediaKind[] = ['video', 'audio']): FakePlayer {
  const launches: FakeLaunch[] = [];
  let taken = 0;
  let waiting: ((launch: FakeLaunch) => void) | undefined;
  return {
    id,
    title: 'Fake player',
    mediaTypes,
    launches,
    launch(url, options): Promise<PlayerSession> {
      const launch: FakeLaunch = { url, options, events: new ReplaySubject<PlayerEvent>(), stopped: false };
      launches.push(launch);
      if (waiting) {
        taken += 1;
        waiting(launch);
        waiting = undefined;
      }
      return Promise.resolve({
        events$: launch.events.asObservable(),
        stop: () => {
          launch.stopped = true;
          launch.events.complete();
          return Promise.resolve();
        },
      });
    },
    nextLaunch() {
      const ready = launches[taken];
      if (ready) {
        taken += 1;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}

export interface DemoStateJson {
  requests: { method: string; path: string; status: number }[];
  items: Record<string, { viewOffset: number | null; viewCount: number }>;
}

export interface PlaybackHarness {
  cache: CacheHarness;
  demo: DemoServer;
  client: PlexClient;
  service: PlaybackService;
  player: FakePlayer;
  /** The service's progress reporter, keeping what the server cannot hear in the journal at `journalPath`. */
  reporter: TimelineReporter;
  journalPath: string;
  /** GET /__demo/state of `server` (default the harness's demo). */
  demoState(server?: DemoServer): Promise<DemoStateJson>;
  /** The `/:/timeline` requests `server` logged, as URLSearchParams. */
  timelines(server?: DemoServer): Promise<URLSearchParams[]>;
  close(): Promise<void>;
}

export const testTimings: Partial<PlaybackTimings> = { readyTimeoutMs: 20_000, reportIntervalMs: 60_000 };

export function clientFor(demo: DemoServer): PlexClient {
  return new PlexClient({ baseUrl: demo.url, token: demo.token, identity: { clientIdentifier: 'plexterm-playback-test' }, retries: 0, retryBaseDelayMs: 1 });
}

/** `upstream` overrides what the cache connects to at each open (see cacheHarness). */
export async function playbackHarness(demoOptions: DemoServerOptions = {}, upstream?: () => Partial<HttpUpstreamOptions>): Promise<PlaybackHarness> {
  const cache = await cacheHarness(demoOptions, {}, upstream);
  const client = clientFor(cache.demo);
  const journalPath = join(cache.folder.path, 'data', 'playback-journal.json');
  // As the session wires it: progress the server cannot hear goes to the offline journal.
  const reporter = new TimelineReporter(client, new TimelineJournal(journalPath));
  const service = new PlaybackService({ client, cache: cache.cache, progress: reporter, timings: testTimings });
  const player = fakePlayer();
  service.registerPlayer(player);
  const harness: PlaybackHarness = {
    cache,
    demo: cache.demo,
    client,
    service,
    player,
    reporter,
    journalPath,
    demoState: (server = cache.demo) => demoJson(server, '/__demo/state') as Promise<DemoStateJson>,
    async timelines(server) {
      const state = await harness.demoState(server);
      return state.requests.filter((request) => request.path.startsWith('/:/timeline')).map((request) => new URL(request.path, 'http://demo').searchParams);
    },
    async close() {
      service.dispose();
      client.dispose();
      await cache.close();
    },
  };
  return harness;
}

/** Every event of a handle, as they come. */
export function recordEvents(events$: { subscribe(observer: (event: PlaybackEvent) => void): unknown }): PlaybackEvent[] {
  const events: PlaybackEvent[] = [];
  events$.subscribe((event) => events.push(event));
  return events;
}
