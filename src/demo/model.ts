// The demo library's data model: sections, metadata items, media and the parts that stream bytes.

export type ItemType = 'movie' | 'show' | 'season' | 'episode' | 'artist' | 'album' | 'track' | 'collection';
export type SectionType = 'movie' | 'show' | 'artist';

/** The real server's MediaType numbers (the OpenAPI description's are wrong). */
export const mediaTypeNumber: Record<ItemType, number> = { movie: 1, show: 2, season: 3, episode: 4, artist: 8, album: 9, track: 10, collection: 18 };

export interface PartSource {
  id: number;
  size: number;
  container: string;
  /** Where the file "lives" on the server, as Plex reports it. */
  file: string;
  /** Part URL path: /library/parts/{id}/{changestamp}/file.ext */
  key: string;
  changestamp: number;
  /** Seconds since the epoch, for Last-Modified. */
  updatedAt: number;
  bytes(offset: number, length: number): Buffer;
}

/** One stream of a clip as ffprobe measured it (assets/clips/clips.json). */
export interface ClipStream {
  kind: 'video' | 'audio' | 'subtitle';
  /** Position in the file. */
  index: number;
  codec: string;
  default: boolean;
  /** ISO 639-2 code; absent or "und" when the file does not say. */
  language?: string;
  width?: number;
  height?: number;
  frameRate?: number;
  bitDepth?: number;
  profile?: string;
  channels?: number;
  samplingRate?: number;
}

/** A subtitle file beside a clip, served at its Stream's key. */
export interface SidecarSubtitle {
  file: string;
  language: string;
}

/** Codec-level facts shared by a clip and the Media element that reports it. */
export interface MediaFacts {
  container: string;
  bitrate: number;
  audioCodec: string;
  audioChannels: number;
  videoCodec?: string;
  width?: number;
  height?: number;
  videoFrameRate?: string;
  /** The file's streams; media without them (synthetic parts) report one video and one audio stream. */
  streams?: ClipStream[];
  sidecarSubtitles?: SidecarSubtitle[];
}

export interface MediaInfo extends MediaFacts {
  id: number;
  duration: number;
  part: PartSource;
}

export interface DemoItem {
  ratingKey: string;
  type: ItemType;
  title: string;
  section: SectionInfo;
  guid: string;
  /** imdb://, tmdb://, tvdb:// or mbid:// ids. */
  guids: string[];
  addedAt: number;
  updatedAt: number;
  summary?: string;
  year?: number;
  studio?: string;
  contentRating?: string;
  rating?: number;
  originallyAvailableAt?: string;
  genres: string[];
  index?: number;
  parent?: DemoItem;
  /** For a collection: its members, which keep their own parents. */
  children: DemoItem[];
  /** The collections that hold this item. */
  collections?: DemoItem[];
  media?: MediaInfo;
}

export interface SectionInfo {
  id: number;
  title: string;
  type: SectionType;
  uuid: string;
  agent: string;
  scanner: string;
  language: string;
  location: string;
  createdAt: number;
}

/** What a section holds; `count`/`itemAt` let a huge section list pages without building every item. */
export interface SectionContents {
  /** How many items of `type` (default: the section's top level) the section holds. */
  count(type?: ItemType): number;
  itemAt(index: number, type?: ItemType): DemoItem | undefined;
  /** Every item of `type`; for a generated section, built on demand. */
  items(type?: ItemType): Iterable<DemoItem>;
}

export interface DemoSection extends SectionInfo {
  contents: SectionContents;
  /** True for sections whose items are generated (left out of cross-library views). */
  generated: boolean;
}

/** Section contents held in memory, by item type. */
export class StaticContents implements SectionContents {
  private readonly byType = new Map<ItemType, DemoItem[]>();

  constructor(private readonly topLevel: ItemType) {}

  add(item: DemoItem): DemoItem {
    const list = this.byType.get(item.type) ?? [];
    list.push(item);
    this.byType.set(item.type, list);
    return item;
  }

  private list(type?: ItemType): DemoItem[] {
    return this.byType.get(type ?? this.topLevel) ?? [];
  }

  count(type?: ItemType): number {
    return this.list(type).length;
  }

  itemAt(index: number, type?: ItemType): DemoItem | undefined {
    return this.list(type)[index];
  }

  items(type?: ItemType): Iterable<DemoItem> {
    return this.list(type);
  }
}

/** Every leaf (playable item) at or below `item`. */
export function leavesOf(item: DemoItem): DemoItem[] {
  if (item.children.length === 0) return item.media ? [item] : [];
  return item.children.flatMap(leavesOf);
}
