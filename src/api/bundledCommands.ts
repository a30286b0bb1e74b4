// The results of the bundled plugins' commands (offline, custom-player), as `CommandMap` declares them.
import type { MediaKind } from './players.js';

/** An episode `offline.keepSeason` or `offline.keepShow` pinned. */
export interface KeptEpisode {
  ratingKey: string;
  /** Its cache entry's key. */
  key: string;
  title: string;
}

/** What `offline.keepSeason` and `offline.keepShow` kept: every episode pinned, or why one could not be. */
export interface KeptOffline {
  /** The season's or show's. */
  ratingKey: string;
  title: string;
  type: string;
  pinned: KeptEpisode[];
  failed: { ratingKey: string; title: string; error: string }[];
}

/** One episode of a kept season or show, as `offline.progress` reports it; `state` is "missing" when the cache no longer knows it. */
export interface OfflineEpisodeProgress extends KeptEpisode {
  state: string;
  downloadedBytes: number;
  totalSize: number | null;
  complete: boolean;
  pinned: boolean;
}

/** How far one kept season or show is on disk. */
export interface OfflineProgress {
  ratingKey: string;
  title: string;
  type: string;
  episodes: number;
  completeEpisodes: number;
  downloadedBytes: number;
  totalBytes: number;
  /** False while the size of some episode is still unknown. */
  sizeKnown: boolean;
  entries: OfflineEpisodeProgress[];
}

/** What `offline.release` let go: the episodes no other kept group holds are unpinned. */
export interface ReleasedOffline {
  ratingKey: string;
  unpinned: number;
}

/** A configured custom player, as `custom-player.list` reports it; a malformed one has only `problem`. */
export interface CustomPlayerListing {
  id?: string;
  title?: string;
  command?: string[];
  mediaTypes?: MediaKind[];
  registered: boolean;
  problem?: string;
}
