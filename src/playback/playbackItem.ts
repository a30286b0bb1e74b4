// From a Plex item to what playback needs: the part to play, its cache request, the media kind and the start position.
import type { CachePartRequest } from '../cache/index.js';
import { UsageError } from '../base/errors.js';
import type { PlexMedia, PlexMetadata, PlexPart } from '../plex/models.js';
import type { PlaybackItem, QueuePosition } from './playbackEvents.js';
import { playbackMarkers, type SkipIntro } from './playbackMarkers.js';
import type { MediaKind } from './player.js';
import type { PlayerTracks } from './trackChoice.js';

export interface PlayOptions {
  /** Start at 0 instead of the item's viewOffset. */
  fromStart?: boolean;
  /** Which Media of the item (default 0, the first). */
  mediaIndex?: number;
  /** Which Part of that Media (default 0, the first). */
  partIndex?: number;
  /** Extra arguments for the player. */
  args?: string[];
  /** The play queue entry it plays as. */
  queue?: QueuePosition;
  /** What entering an intro does; default "never" (only a surface that can ask passes "ask"). */
  skipIntro?: SkipIntro;
  /** The audio and subtitle tracks to start with (a queue's choice); none: the player's own. */
  tracks?: PlayerTracks;
}

const mediaKinds: Readonly<Record<string, MediaKind>> = { movie: 'video', episode: 'video', clip: 'video', track: 'audio', photo: 'photo' };

/** The kind of player an item needs; null for what cannot be played itself (a show, an album...). */
export function mediaKindOf(type: string): MediaKind | null {
  return mediaKinds[type] ?? null;
}

/** "Show — Episode" for episodes, "Artist — Track" for tracks, the title otherwise. */
function playbackTitle(item: PlexMetadata): string {
  return item.grandparentTitle ? `${item.grandparentTitle} — ${item.title}` : item.title;
}

/** `/library/parts/{partId}/{changestamp}/{file}` */
const partKeyPattern = /^\/library\/parts\/([^/]+)\/([^/]+)\/([^?]*)/;

/** The cache request of one part; the key names the server, the part and its changestamp, so a changed file is a new entry. */
export function cachePartRequest(item: PlexMetadata, media: PlexMedia, part: PlexPart, machineIdentifier: string): CachePartRequest {
  const match = partKeyPattern.exec(part.key);
  const fileName = match?.[3] ? decodeSafely(match[3]) : (part.file?.split(/[\\/]/).pop() ?? 'file');
  return {
    key: `${machineIdentifier}/${match?.[1] ?? String(part.id)}/${match?.[2] ?? String(item.updatedAt ?? 0)}`,
    title: playbackTitle(item),
    upstreamPath: part.key,
    fileName,
    container: part.container ?? media.container ?? null,
    metadataSize: typeof part.size === 'number' ? part.size : null,
  };
}

/** Chooses the part, and where to start in it: the resume position lies in the chosen part or before it. */
export function playbackItemFrom(item: PlexMetadata, machineIdentifier: string, playerId: string, options: PlayOptions = {}): PlaybackItem {
  const mediaType = mediaKindOf(item.type);
  if (!mediaType) throw new UsageError(`"${playbackTitle(item)}" is a ${item.type}: play one of its episodes or tracks`);
  const mediaIndex = options.mediaIndex ?? 0;
  const partIndex = options.partIndex ?? 0;
  const media = item.Media?.[mediaIndex];
  const parts = media?.Part ?? [];
  const part = parts[partIndex];
  if (!media || !part) {
    const what = media ? `part ${partIndex} (it has ${parts.length})` : `media ${mediaIndex} (it has ${item.Media?.length ?? 0})`;
    throw new UsageError(`"${playbackTitle(item)}" has no ${what} to play`);
  }
  const duration = part.duration ?? (parts.length === 1 ? (media.duration ?? item.duration) : undefined) ?? 0;
  const partStart = parts.slice(0, partIndex).reduce((sum, earlier) => sum + (earlier.duration ?? 0), 0);
  const resumeAt = options.fromStart ? 0 : Math.max(0, (item.viewOffset ?? 0) - partStart);
  return {
    ratingKey: item.ratingKey,
    key: `/library/metadata/${item.ratingKey}`,
    title: playbackTitle(item),
    mediaType,
    startAt: duration > 0 ? Math.min(resumeAt, duration) : resumeAt,
    duration,
    part: cachePartRequest(item, media, part, machineIdentifier),
    args: options.args ?? [],
    playerId,
    ...(options.queue ? { queue: options.queue } : {}),
    markers: playbackMarkers(item),
    skipIntro: options.skipIntro ?? 'never',
    ...(options.tracks ? { tracks: options.tracks } : {}),
  };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
