// The shapes of the playback pipeline: what it plays, what it needs injected, and the events a person sees.
import type { Observable } from 'rxjs';
import type { CacheEntrySnapshot, CachePartRequest, CacheState } from '../cache/index.js';
import type { TimelineReport } from '../plex/client.js';
import type { TimelineResponse } from '../plex/models.js';
import type { PlaybackMarker, SkipIntro } from './playbackMarkers.js';
import type { MediaKind, PlayerSession, PreparedPlayer } from './player.js';
import type { PlayerTracks } from './trackChoice.js';

/** One resolved play request: the item, the part to cache and how to start the player. */
export interface PlaybackItem {
  ratingKey: string;
  /** The item's metadata path, `/library/metadata/{ratingKey}`, as timeline reports name it. */
  key: string;
  title: string;
  mediaType: MediaKind;
  /** Milliseconds to start at: the resume position, or 0. */
  startAt: number;
  /** Milliseconds; 0 when the server did not say (the player's own figure is used once it reports one). */
  duration: number;
  part: CachePartRequest;
  /** Extra arguments for the player. */
  args: string[];
  /** The player that plays it. */
  playerId: string;
  /** The server play queue entry it plays as, named in its timeline reports. */
  queue?: QueuePosition;
  /** Its intro and credits markers, in time order (none when the server sent none). */
  markers: PlaybackMarker[];
  /** What entering an intro does. */
  skipIntro: SkipIntro;
  /** The audio and subtitle tracks the player starts with (none: its own choice); `subtitleFile` once a sidecar is fetched. */
  tracks?: PlayerTracks & { subtitleFile?: string };
}

/** Which entry of which server play queue an item plays as. */
export interface QueuePosition {
  playQueueID: number;
  playQueueItemID: number;
}

export type PlaybackEvent =
  | { type: 'resolved'; item: PlaybackItem }
  /** The cache entry reached a new state (progress within a state is not repeated here). */
  | { type: 'cache'; state: CacheState }
  | { type: 'launched'; url: string; startAt: number }
  | { type: 'playing' | 'paused' | 'position'; position: number; duration: number }
  | { type: 'scrobbled'; position: number }
  /** The position entered an intro or credits marker (once per marker and play). */
  | { type: 'markerEntered'; marker: PlaybackMarker }
  /** The player was seeked to the end of the marker (`skipIntro: "auto"`). */
  | { type: 'markerSkipped'; marker: PlaybackMarker }
  /** Something went wrong that does not end playback, e.g. a report the server refused. */
  | { type: 'warning'; message: string }
  /** Terminal: the player finished, quit (`quit`: the person quit it; a queue ends), or (without events) was launched headless. */
  | { type: 'ended'; position: number; duration: number; headless: boolean; quit?: true }
  /** Terminal: the server ended the session; the player was stopped. */
  | { type: 'terminated'; code: number | null; message: string }
  /** Terminal: nothing was played, or the player failed. `code` is stable, `message` is for a person. */
  | { type: 'failed'; code: string; message: string };

export type TerminalPlaybackEvent = Extract<PlaybackEvent, { type: 'ended' | 'terminated' | 'failed' }>;

export function isTerminal(event: PlaybackEvent): event is TerminalPlaybackEvent {
  return event.type === 'ended' || event.type === 'terminated' || event.type === 'failed';
}

/** A per-playback stream URL (see StreamProxy.grant). */
export interface StreamGrant {
  url: string;
  dispose(): void;
}

/** What the pipeline is given; each returns an Observable so that the pipeline stays pure and marble-testable. */
export interface PlaybackDependencies<Request> {
  /** The item and part to play; an error becomes a `failed` event. */
  resolve(request: Request): Observable<PlaybackItem>;
  /** The cache entry's snapshots, from opening on. */
  open(item: PlaybackItem): Observable<CacheEntrySnapshot>;
  /**
   * A stream URL of its own for one playback of the entry at `url`: the player (and its plugin) get
   * this one, which opens that part only and stops working once `dispose` is called at the playback's end.
   */
  grant(url: string): StreamGrant;
  /**
   * Optional: starts the request's player ahead of `ready`, beside the metadata and the probe. Emits the
   * prepared player once (nothing, or an error, when it cannot: the launch then starts the player
   * afresh) and stays subscribed; unsubscribing disposes it unless it was launched.
   */
  prepare?(request: Request): Observable<PreparedPlayer>;
  /**
   * Optional: what the item needs that is known only later, checked beside the cache entry (its player, once
   * the plugins are read). Completes when all is there; an error fails the request before anything launches.
   */
  check?(item: PlaybackItem): Observable<never>;
  /** Launches the player on a stream URL (through `prepared` when there is one) and emits its session once. */
  launch(url: string, item: PlaybackItem, prepared?: PreparedPlayer): Observable<PlayerSession>;
  /**
   * The entry's snapshots while its player plays (optional): an entry that fails then, e.g. a cached copy
   * trusted without asking the server that turned out to have changed there, is reported (`cache` failed, a warning).
   */
  served?(item: PlaybackItem): Observable<CacheEntrySnapshot>;
  /**
   * Optional: hands `session`'s player process on to the next item of the play's queue (its `keepForNext`)
   * instead of stopping it; false when it is not kept (no queue, or a player that cannot), and it is stopped.
   */
  keep?(session: PlayerSession, item: PlaybackItem): boolean;
  /** Sends one `/:/timeline` report (keeping it for later when the server cannot be reached). */
  report(report: TimelineReport): Observable<TimelineResponse>;
  /** Marks the item watched. */
  scrobble(ratingKey: string): Observable<unknown>;
}

export interface PlaybackTimings {
  /** How long the cache entry may take to become ready. Default 30 s. */
  readyTimeoutMs: number;
  /** How often a playing session is reported. Default 10 s. */
  reportIntervalMs: number;
  /** The share of the duration past which the item is scrobbled. Default 0.9. */
  scrobbleThreshold: number;
}

export const defaultPlaybackTimings: Readonly<PlaybackTimings> = Object.freeze({
  readyTimeoutMs: 30_000,
  reportIntervalMs: 10_000,
  scrobbleThreshold: 0.9,
});
