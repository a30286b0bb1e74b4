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
}
