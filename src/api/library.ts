// The Plex library as plugins see it: items and sections as plain data, read through plexterm (which holds the token).

/**
 * A library item of any type (movie, show, season, episode, artist, album, track...), as Plex
 * Media Server describes it. The fields listed are the ones plexterm relies on; the server sends
 * more (Media, Genre, Role...), which are kept as they came.
 */
export interface LibraryItem {
  ratingKey: string;
  /** Its Plex key: `/library/metadata/126`, or for a container the listing of its children. */
  key: string;
  guid?: string;
  /** "movie", "show", "season", "episode", "artist", "album", "track"... */
  type: string;
  title: string;
  titleSort?: string;
  originalTitle?: string;
  summary?: string;
  tagline?: string;
  year?: number;
  /** An episode's number in its season, a season's number in its show, a track's on its album. */
  index?: number;
  /** An episode's season number. */
  parentIndex?: number;
  /** Milliseconds. */
  duration?: number;
  viewCount?: number;
  /** Milliseconds: where the person stopped. */
  viewOffset?: number;
  lastViewedAt?: number;
  leafCount?: number;
  viewedLeafCount?: number;
  childCount?: number;
  addedAt?: number;
  updatedAt?: number;
  originallyAvailableAt?: string;
  contentRating?: string;
  studio?: string;
  rating?: number;
  audienceRating?: number;
  userRating?: number;
  thumb?: string;
  art?: string;
  /** A season's show, an episode's season, a track's album. */
  parentRatingKey?: string;
  parentKey?: string;
  parentTitle?: string;
  parentThumb?: string;
  /** An episode's show, a track's artist. */
  grandparentRatingKey?: string;
  grandparentKey?: string;
  grandparentTitle?: string;
  grandparentThumb?: string;
  librarySectionID?: number;
  librarySectionKey?: string;
  librarySectionTitle?: string;
  readonly [field: string]: unknown;
}

/** A library section; `key` is its id, a string ("1"). */
export interface LibrarySection {
  key: string;
  title: string;
  /** "movie", "show", "artist", "photo". */
  type: string;
  uuid?: string;
  agent?: string;
  scanner?: string;
  language?: string;
  thumb?: string;
  art?: string;
  refreshing?: boolean;
  updatedAt?: number;
  createdAt?: number;
  scannedAt?: number;
  readonly [field: string]: unknown;
}

export interface ItemsOptions {
  start?: number;
  size?: number;
  /** A Plex sort, e.g. "titleSort", "addedAt:desc". */
  sort?: string;
}

export interface LibraryApi {
  sections(): Promise<LibrarySection[]>;
  items(sectionKey: string, options?: ItemsOptions): Promise<LibraryItem[]>;
  children(ratingKey: string): Promise<LibraryItem[]>;
  /** Every leaf below an item in one request: a show's or season's episodes, an artist's or album's tracks, in order. */
  allLeaves(ratingKey: string): Promise<LibraryItem[]>;
  search(query: string): Promise<LibraryItem[]>;
  info(ratingKey: string): Promise<LibraryItem>;
}
