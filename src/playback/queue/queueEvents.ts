// The shapes of a play queue's run: the plan it plays, where each item sits in it, and the events a person sees.
import type { PlexPlayQueueItem } from '../../plex/models.js';
import type { PlaybackEvent } from '../playbackEvents.js';
import type { PrefetchPoint, Prefetched } from './queuePrefetch.js';

/** A server play queue as plexterm plays it: its entries in play order and where to start. */
export interface QueuePlan {
  playQueueID: number;
  items: PlexPlayQueueItem[];
  /** Index in `items` of the first entry to play (the entries before it were played before, as Plex keeps them). */
  startIndex: number;
  /** The server's machineIdentifier, learnt making the queue: its entries' plays need not ask for it again. */
  machineIdentifier?: string;
}

/** One entry and where it sits in the queue. */
export interface QueueEntry {
  playQueueID: number;
  /** 0-based index in the queue. */
  index: number;
  total: number;
  item: PlexPlayQueueItem;
}

/**
 * Why a queue ended: its last entry ended (`finished`), an entry failed (or no queue could be made), the
 * server ended the session, the player cannot say when an item ends (`headless`), a signal stopped it, or
 * an entry ended with more to play but `autoplay: false` (`autoplayOff`), or the person quit the player (`playerQuit`).
 */
export type QueueEndReason = 'finished' | 'failed' | 'terminated' | 'headless' | 'stopped' | 'autoplayOff' | 'playerQuit';

export type QueueEvent =
  /** An event of the playback of one entry. */
  | { type: 'item'; entry: QueueEntry; event: PlaybackEvent }
  /** The entry that plays reached its credits (or its last 30 s): `next` starts when it ends, `inSeconds` from now. */
  | { type: 'upNext'; entry: QueueEntry; next: { ratingKey: string; title: string }; inSeconds: number }
  /** An entry that cannot be played (its part is missing); the queue goes on. */
  | { type: 'skipped'; entry: QueueEntry; message: string }
  /**
   * The server cannot be reached at an entry's start (its bytes are not on disk): the queue waits there and tries
   * again, first after `retryInMs`, until the server answers or the run is stopped. Told once per entry.
   */
  | { type: 'waiting'; entry: QueueEntry; message: string; retryInMs: number }
  /** No queue could be made: nothing played. */
  | { type: 'failed'; code: string; message: string }
  /** The last event of every run. */
  | {
      type: 'queueEnded';
      playQueueID: number | null;
      played: number;
      skipped: number;
      reason: QueueEndReason;
      /** For `failed` and `terminated`: the stable code of what ended it (a playback failure's code, or `terminated`). */
      code?: string;
      message?: string;
    };

export type QueueEnded = Extract<QueueEvent, { type: 'queueEnded' }>;

export interface QueueRunOptions {
  /** After the last entry, the queue (as the server has it then) starts over. */
  repeat: boolean;
  /** Only the first entry plays (`--no-continue`). */
  onlyFirst: boolean;
  /** False: the queue ends after the entry that plays (`autoplayOff`) instead of going on by itself. Default true. */
  autoplay?: boolean;
  /** When the next item's cache entry is opened ahead of its play; default 60 s before the end or 80 %, whichever comes first. */
  prefetch?: PrefetchPoint;
  /** The first item's cache entry, opened while the queue was made: its play's if the run starts with it, else closed. */
  opened?: Prefetched;
  /** The waits before an entry the server could not be reached for is tried again (default 2 s, doubling to 30 s). */
  retryDelay?: (attempt: number) => number;
}
