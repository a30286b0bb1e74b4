// plexterm's media cache as plugins see it: each entry's state as it changes, and opening and pinning entries.
import type { Observable } from 'rxjs';

/** One of the states below (see CacheApi). */
export type CacheState = 'new' | 'stored' | 'probing' | 'sized' | 'ready' | 'failed' | 'evicted';

export interface CacheEntryError {
  /** Stable code, e.g. `unauthorized`, `not-found`, `network`, `disk-full`, `timeout`. */
  code: string;
  /** One line a person can act on; never holds a token. */
  message: string;
  retryable: boolean;
}

/** An entry as it is now; a new snapshot comes with each change. */
export interface CacheEntrySnapshot {
  key: string;
  title: string;
  state: CacheState;
  /** Bytes; null until the size is known. */
  totalSize: number | null;
  downloadedBytes: number;
  complete: boolean;
  pinned: boolean;
  rangeSupport: boolean | null;
  bytesPerSecond: number;
  /** Always null for plugins: a player is given a URL of its own at each launch. */
  streamUrl: string | null;
  error: CacheEntryError | null;
  /** Milliseconds since the epoch. */
  lastAccess: number;
}

/**
 * The cache's entries. Each snapshot's `state` (CacheState) is one of:
 * - `new`: known, nothing of it on disk, not open;
 * - `stored`: its bytes and record are on disk and it is not open (cached by an earlier run, or closed);
 * - `probing`, `sized`: an open on its way (asking the size, then filling the start buffer);
 * - `ready`: plexterm's local stream proxy serves the file (`streamUrl` is always null for plugins: a player
 *   is given a URL of its own at each launch, for that part only, which stops working when the playback ends);
 * - `failed`: the last open failed (`error` says why);
 * - `evicted`: its bytes were removed.
 * Opening an entry that is new, stored, failed or evicted starts again at `probing`.
 * A `ready` snapshot whose `error.code` is `disk-full` still plays, but its caching paused: the disk
 * reached the free reserve (or filled up) and nothing could be evicted; `error.message` says how much is needed.
 */
export interface CacheApi {
  readonly entries$: Observable<CacheEntrySnapshot[]>;
  entry$(key: string): Observable<CacheEntrySnapshot>;
  /** Opens (creates or revalidates) the cache entry of an item's first part; resolves with its key. */
  open(ratingKey: string): Promise<string>;
  pin(key: string): Promise<void>;
  unpin(key: string): Promise<void>;
}
