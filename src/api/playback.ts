// Playback: starting an item in a player, and what plays now.
import type { Observable } from 'rxjs';

export interface PlayOptions {
  playerId?: string;
  fromStart?: boolean;
  args?: string[];
}

/** What is playing now, as plain data. */
export interface PlaybackState {
  ratingKey: string;
  title: string;
  playerId: string;
  state: 'starting' | 'playing' | 'paused' | 'ended' | 'error';
  /** Milliseconds. */
  position?: number;
  duration?: number;
  message?: string;
}

/** One entry of the play queue, as plain data. */
export interface PlaybackQueueItem {
  ratingKey: string;
  title: string;
  type: string;
  playQueueItemID: number;
  /** An episode's show and season and episode numbers, a track's album and track number. */
  grandparentTitle?: string;
  parentIndex?: number;
  index?: number;
}

/** The play queue that plays: its entries in play order, the one that plays, and a version that grows with every change. */
export interface PlaybackQueue {
  playQueueID: number;
  items: PlaybackQueueItem[];
  /** Index in `items` of the entry that plays. */
  current: number;
  version: number;
}

export interface PlaybackApi {
  play(ratingKey: string, options?: PlayOptions): Promise<void>;
  /** The current playback, or null when nothing plays. */
  readonly session$: Observable<PlaybackState | null>;
  /** The play queue that plays (since API 1.2), or null when none does. */
  readonly queue$: Observable<PlaybackQueue | null>;
  /** Stops the queue's entry that plays and starts the next (since API 1.2); false when there is no next. */
  next(): Promise<boolean>;
  /** Starts the queue's previous entry, or the first again (since API 1.2); false when no queue plays. */
  previous(): Promise<boolean>;
  /**
   * Adds an item to the end of the queue that plays (since API 1.5): a season, show or album adds what it holds.
   * With no queue playing it plays the item instead. Resolves with which it did; rejects with one line (an unknown
   * ratingKey, music in a video queue, the server refusing).
   */
  enqueue(ratingKey: string): Promise<QueueAddition>;
  /** As `enqueue`, right after the entry that plays (since API 1.5). */
  playNext(ratingKey: string): Promise<QueueAddition>;
  /** Removes an entry (by its `playQueueItemID`) from the queue that plays (since API 1.5); the entry that plays cannot be removed. */
  removeFromQueue(playQueueItemID: number): Promise<void>;
  /** Moves an entry right after the entry `after` (both `playQueueItemID`s), or first with null (since API 1.5). */
  moveInQueue(playQueueItemID: number, after: number | null): Promise<void>;
}

/** What `enqueue` and `playNext` did: added the item to the queue that plays, or played it (no queue played). */
export type QueueAddition = 'queued' | 'playing';
