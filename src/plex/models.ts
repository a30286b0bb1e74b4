// The shapes of Plex Media Server and plex.tv JSON, with the API's own field names and value types.
// Only the fields plexterm reads are listed; the server sends many more, kept through index signatures.

/** Real Plex metadata type numbers (the community OpenAPI spec has them wrong). */
export const MediaType = {
  movie: 1,
  show: 2,
  season: 3,
  episode: 4,
  artist: 8,
  album: 9,
  track: 10,
  clip: 12,
  photo: 13,
  photoAlbum: 14,
  playlist: 15,
  collection: 18,
} as const;
export type MediaType = (typeof MediaType)[keyof typeof MediaType];

/** A tag such as a genre, director or role: `{ tag: "Drama" }`. */
export interface PlexTag {
  id?: number;
  tag: string;
  filter?: string;
  role?: string;
  thumb?: string;
}

export interface PlexStream {
  id: number;
  streamType: number; // 1 video, 2 audio, 3 subtitle
  codec?: string;
  index?: number;
  language?: string;
  languageCode?: string;
  displayTitle?: string;
  selected?: boolean;
  default?: boolean;
  key?: string;
  [field: string]: unknown;
}

/** One file of a media item; `key` is the download path, e.g. `/library/parts/12/1700000000/file.mkv`. */
export interface PlexPart {
  id: number;
  key: string;
  file?: string;
  size?: number;
  duration?: number;
  container?: string;
  accessible?: boolean;
  exists?: boolean;
  Stream?: PlexStream[];
  [field: string]: unknown;
}

export interface PlexMedia {
  id: number;
  duration?: number;
  bitrate?: number;
  width?: number;
  height?: number;
  aspectRatio?: number;
  audioChannels?: number;
  audioCodec?: string;
  videoCodec?: string;
  videoResolution?: string;
  videoFrameRate?: string;
  container?: string;
  Part?: PlexPart[];
  [field: string]: unknown;
}

/**
 * A span of an item the server found (`includeMarkers=1` on a single item's or a play queue's request):
 * `intro` and `credits` are the ones players act on; other types (e.g. `commercial`) pass through.
 */
export interface PlexMarker {
  id?: number;
  type: string;
  /** Milliseconds from the start of the item. */
  startTimeOffset: number;
  /** Milliseconds from the start of the item. */
  endTimeOffset: number;
  /** A credits marker that runs to the end of the item. */
  final?: boolean;
}

/** A library item of any type: movie, show, season, episode, artist, album, track... */
export interface PlexMetadata {
  ratingKey: string;
  key: string;
  guid?: string;
  type: string; // "movie", "show", "season", "episode", "artist", "album", "track"...
  title: string;
  titleSort?: string;
  originalTitle?: string;
  summary?: string;
  tagline?: string;
  year?: number;
  index?: number;
  parentIndex?: number;
  duration?: number;
  viewCount?: number;
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
  parentRatingKey?: string;
  parentKey?: string;
  parentTitle?: string;
  parentThumb?: string;
  grandparentRatingKey?: string;
  grandparentKey?: string;
  grandparentTitle?: string;
  grandparentThumb?: string;
  librarySectionID?: number;
  librarySectionKey?: string;
  librarySectionTitle?: string;
  Media?: PlexMedia[];
  Genre?: PlexTag[];
  Director?: PlexTag[];
  Writer?: PlexTag[];
  Role?: PlexTag[];
  Country?: PlexTag[];
  /** Only with `includeMarkers=1`. */
  Marker?: PlexMarker[];
  [field: string]: unknown;
}

/** A library section (`/library/sections` answers them as `Directory`). `key` is the section id, a string. */
export interface PlexSection {
  key: string;
  title: string;
  type: string; // "movie", "show", "artist", "photo"
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
  Location?: { id: number; path: string }[];
  [field: string]: unknown;
}

/** A titled group of items (`/hubs`, `/hubs/sections/N`, `/hubs/search`): `Metadata` holds the first few, `key` lists them all. */
export interface PlexHub {
  hubIdentifier?: string;
  hubKey?: string;
  key?: string;
  title: string;
  type: string;
  size?: number;
  more?: boolean;
  Metadata?: PlexMetadata[];
  [field: string]: unknown;
}

/** One way to narrow a section (`/library/sections/N/filters`): `filter` is the query parameter, `key` lists its values. */
export interface PlexFilter {
  filter: string;
  title: string;
  /** "string", "integer" or "boolean": a boolean filter has no values to pick, it is `filter=1`. */
  filterType?: string;
  key?: string;
  [field: string]: unknown;
}

/** One way to order a section (`/library/sections/N/sorts`): `key` sorts ascending, `descKey` descending. */
export interface PlexSort {
  key: string;
  title: string;
  descKey?: string;
  /** "asc" or "desc": the direction a person usually wants. */
  defaultDirection?: string;
  [field: string]: unknown;
}

/** One value of a filter (`/library/sections/N/genre`, `/year`...): `key` is what the filter parameter takes. */
export interface PlexFilterValue {
  key: string;
  title: string;
  fastKey?: string;
  [field: string]: unknown;
}

/**
 * The root of nearly every Plex Media Server answer. Paging fields come with listings;
 * `T` names the kind of children it holds, e.g. `MediaContainer<{ Metadata: PlexMetadata[] }>`.
 */
export type MediaContainer<T extends object = object> = T & {
  size?: number;
  totalSize?: number;
  offset?: number;
  identifier?: string;
  librarySectionID?: number;
  librarySectionTitle?: string;
  title1?: string;
  title2?: string;
  [field: string]: unknown;
};

/** The body of every Plex Media Server JSON answer. */
export interface MediaContainerBody<T extends object = object> {
  MediaContainer: MediaContainer<T>;
}

/** GET /identity, which needs no token. */
export interface PlexIdentity {
  machineIdentifier: string;
  version: string;
  claimed?: boolean;
  size?: number;
  [field: string]: unknown;
}

/** GET / : who the server is and what it can do. */
export interface PlexServerInfo {
  friendlyName: string;
  machineIdentifier: string;
  version: string;
  platform?: string;
  platformVersion?: string;
  myPlex?: boolean;
  myPlexUsername?: string;
  transcoderVideo?: boolean;
  [field: string]: unknown;
}

/** One entry of a play queue: the item, with the queue's own id for this entry (one item can be queued twice). */
export interface PlexPlayQueueItem extends PlexMetadata {
  playQueueItemID: number;
}

/** A server play queue (`/playQueues`): its items in play order and the one selected to play first. */
export interface PlexPlayQueue {
  playQueueID: number;
  /** The `playQueueItemID` of the item to play first (a show's on-deck episode, the `key` asked for). */
  playQueueSelectedItemID?: number;
  playQueueSelectedItemOffset?: number;
  playQueueShuffled?: boolean;
  playQueueSourceURI?: string;
  playQueueTotalCount?: number;
  /** Bumped by every change to the queue. */
  playQueueVersion?: number;
  items: PlexPlayQueueItem[];
}

/** The answer to a timeline report; the server sets `terminationCode` when it ends the session. */
export interface TimelineResponse {
  terminationCode?: number;
  terminationText?: string;
  [field: string]: unknown;
}

/** One way to reach a server, as plex.tv lists it. */
export interface PlexConnection {
  protocol: string; // "http" | "https"
  address: string;
  port: number;
  uri: string;
  local: boolean;
  relay: boolean;
  IPv6: boolean;
}

/** A device of the account (GET plex.tv /api/v2/resources); servers provide "server". */
export interface PlexResource {
  name: string;
  product: string;
  productVersion: string;
  platform: string | null;
  platformVersion: string | null;
  device: string | null;
  clientIdentifier: string;
  createdAt: string;
  lastSeenAt: string;
  provides: string;
  ownerId: number | null;
  sourceTitle: string | null;
  publicAddress: string;
  accessToken?: string;
  owned: boolean;
  home: boolean;
  synced: boolean;
  relay: boolean;
  presence: boolean;
  httpsRequired: boolean;
  publicAddressMatches: boolean;
  dnsRebindingProtection: boolean;
  natLoopbackSupported: boolean;
  connections: PlexConnection[];
}

/** A sign-in PIN (plex.tv /api/v2/pins); `authToken` is set once the person approves it. */
export interface PlexPin {
  id: number;
  code: string;
  product?: string;
  trusted?: boolean;
  clientIdentifier: string;
  expiresIn: number;
  createdAt: string;
  expiresAt: string;
  authToken: string | null;
  newRegistration?: boolean | null;
}

/** The signed-in plex.tv account (GET /api/v2/user). */
export interface PlexUser {
  id: number;
  uuid: string;
  username: string;
  title: string;
  email?: string;
  thumb?: string;
  authToken: string;
  [field: string]: unknown;
}
