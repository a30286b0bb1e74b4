// Fixtures for marble tests of the playback pipeline: snapshots, an item, and dependencies that record their calls.
import { NEVER, of, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot, CacheState } from '../../src/cache/index.js';
import type { TimelineReport } from '../../src/plex/client.js';
import type { TimelineResponse } from '../../src/plex/models.js';
import type { PlaybackDependencies, PlaybackItem, PlaybackTimings } from '../../src/playback/playbackEvents.js';
import type { PlayerEvent, PlayerSession, PreparedPlayer } from '../../src/playback/player.js';

export function marbleScheduler(): TestScheduler {
  // One line per notification or subscription, so a failure shows a short diff of what differs.
  const lines = (value: unknown) => (Array.isArray(value) ? value.map((entry) => JSON.stringify(entry)) : value);
  return new TestScheduler((actual, expected) => assert.equal(lines(actual), lines(expected)));
}

export const streamUrl = 'http://127.0.0.1:1/stream/token/movie.mkv';
/** What the fake grant answers for `streamUrl`: the URL a player is given for one playback. */
export const playbackUrl = 'http://127.0.0.1:1/stream/part/playback-token/movie.mkv';

export function snapshot(state: CacheState, overrides: Partial<CacheEntrySnapshot> = {}): CacheEntrySnapshot {
  return {
    key: 'machine/1/2',
    title: 'Movie',
    state,
    totalSize: state === 'new' || state === 'probing' ? null : 1000,
    downloadedBytes: 0,
    complete: false,
    pinned: false,
    rangeSupport: null,
    bytesPerSecond: 0,
    streamUrl: state === 'ready' ? streamUrl : null,
    error: state === 'failed' ? { code: 'not-found', message: 'plexterm demo has no part 1', retryable: false } : null,
    lastAccess: 0,
    ...overrides,
  };
}

/** n new, t stored, p probing, s sized, r ready, f failed, e evicted. */
export const snapshots: Record<string, CacheEntrySnapshot> = {
  n: snapshot('new'),
  t: snapshot('stored'),
  p: snapshot('probing'),
  s: snapshot('sized'),
  r: snapshot('ready'),
  f: snapshot('failed'),
  e: snapshot('evicted'),
};

export function playbackItem(ratingKey = '1', overrides: Partial<PlaybackItem> = {}): PlaybackItem {
  return {
    ratingKey,
    key: `/library/metadata/${ratingKey}`,
    title: `Item ${ratingKey}`,
    mediaType: 'video',
    startAt: 0,
    duration: 1000,
    part: { key: `machine/${ratingKey}/2`, title: `Item ${ratingKey}`, upstreamPath: `/library/parts/${ratingKey}/2/file.mkv`, fileName: 'file.mkv', container: 'mkv', metadataSize: 1000 },
    args: [],
    playerId: 'fake',
    markers: [],
    skipIntro: 'never',
    ...overrides,
  };
}

export const timings: PlaybackTimings = { readyTimeoutMs: 100, reportIntervalMs: 50, scrobbleThreshold: 0.9 };

export interface RecordedCalls {
  /** `prepared`: the prepared player the launch went through, when there was one. */
  launches: { url: string; ratingKey: string; at: number; prepared?: PreparedPlayer }[];
  reports: (TimelineReport & { at: number })[];
  scrobbles: { ratingKey: string; at: number }[];
  stops: { ratingKey: string; at: number }[];
  /** Each playback's stream URL: granted, then (at its end) disposed. */
  grants: { url: string; at: number; disposedAt: number | null }[];
}

export interface FakeSetup {
  scheduler: TestScheduler;
  /** The snapshots of each request's entry (by ratingKey). */
  open: Record<string, Observable<CacheEntrySnapshot>>;
  /** The player events of each request's session; absent = a headless session. */
  events?: Record<string, Observable<PlayerEvent>>;
  /** What the server answers to each report; default `{}` at once. */
  answer?(report: TimelineReport): Observable<TimelineResponse>;
  launch?(ratingKey: string): Observable<PlayerSession> | undefined;
  /** Each request's player prepared ahead of ready (by ratingKey); absent = no `prepare` dependency. */
  prepare?: Record<string, Observable<PreparedPlayer>>;
  /** Each item's check (by ratingKey); absent = no `check` dependency. */
  check?: Record<string, Observable<never>>;
}

/** A prepared player for marble tests: the pipeline only hands it to `launch`, which the fake records. */
export function fakePreparedPlayer(): PreparedPlayer {
  return { launch: () => Promise.reject(new Error('the fake launch records the prepared player instead')), dispose: () => Promise.resolve() };
}

/** Dependencies over cold observables; requests are ratingKeys, items come from playbackItem(). */
export function fakeDependencies(setup: FakeSetup): { dependencies: PlaybackDependencies<string>; calls: RecordedCalls } {
  const calls: RecordedCalls = { launches: [], reports: [], scrobbles: [], stops: [], grants: [] };
  const now = () => setup.scheduler.now();
  const dependencies: PlaybackDependencies<string> = {
    resolve: (ratingKey) => of(playbackItem(ratingKey)),
    open: (item) => setup.open[item.ratingKey] ?? NEVER,
    grant: (url) => {
      const grant = { url: url === streamUrl ? playbackUrl : `${url}#playback`, at: now(), disposedAt: null as number | null };
      calls.grants.push(grant);
      return {
        url: grant.url,
        dispose: () => {
          grant.disposedAt ??= now();
        },
      };
    },
    ...(setup.prepare ? { prepare: (ratingKey: string) => setup.prepare?.[ratingKey] ?? NEVER } : {}),
    ...(setup.check ? { check: (item: PlaybackItem) => setup.check?.[item.ratingKey] ?? NEVER } : {}),
    launch: (url, item, prepared) => {
      calls.launches.push({ url, ratingKey: item.ratingKey, at: now(), ...(prepared ? { prepared } : {}) });
      const custom = setup.launch?.(item.ratingKey);
      if (custom) return custom;
      const events$ = setup.events?.[item.ratingKey];
      const session: PlayerSession = {
        ...(events$ ? { events$ } : {}),
        stop: () => {
          calls.stops.push({ ratingKey: item.ratingKey, at: now() });
          return Promise.resolve();
        },
      };
      return of(session);
    },
    report: (report) => {
      calls.reports.push({ ...report, at: now() });
      return setup.answer?.(report) ?? of({});
    },
    scrobble: (ratingKey) => {
      calls.scrobbles.push({ ratingKey, at: now() });
      return of(undefined);
    },
  };
  return { dependencies, calls };
}
