// One row of the item list: markers for watched, partly watched, cached and pinned, then title, year and length.
import type { CacheEntrySnapshot } from '../../cache/index.js';
import { cachePartRequest } from '../../playback/playbackItem.js';
import type { PlexMetadata } from '../../plex/models.js';
import { displayWidth } from '../../base/displayWidth.js';
import { fit, formatDuration } from './formatting.js';
import { hubRowTitle, isHubRow } from './hubRows.js';

export type WatchMarker = 'watched' | 'partial' | 'unwatched';

export interface RowMarkers {
  watch: WatchMarker;
  cached: boolean;
  pinned: boolean;
}

export const markerGlyphs = { watched: '✓', partial: '◐', unwatched: ' ', cached: '●', pinned: '⚑' } as const;

export function watchMarker(item: PlexMetadata): WatchMarker {
  if (item.leafCount !== undefined && item.leafCount > 0) {
    const viewed = item.viewedLeafCount ?? 0;
    if (viewed >= item.leafCount) return 'watched';
    return viewed > 0 ? 'partial' : 'unwatched';
  }
  if ((item.viewOffset ?? 0) > 0) return 'partial';
  return (item.viewCount ?? 0) > 0 ? 'watched' : 'unwatched';
}

/** The cache key of the item's first part, as playback opens it; null for items without media (shows, albums). */
export function cacheKeyOf(item: PlexMetadata, machineIdentifier: string | null): string | null {
  const media = item.Media?.[0];
  const part = media?.Part?.[0];
  if (!media || !part || machineIdentifier === null) return null;
  return cachePartRequest(item, media, part, machineIdentifier).key;
}

export function rowMarkers(item: PlexMetadata, snapshot: CacheEntrySnapshot | undefined): RowMarkers {
  const cached = snapshot !== undefined && snapshot.state !== 'evicted' && snapshot.downloadedBytes > 0;
  return { watch: watchMarker(item), cached, pinned: snapshot?.pinned === true };
}

/** What a row says about the item: "S1E2 Title", "Title (2019)", "Album — Track". */
export function itemTitle(item: PlexMetadata): string {
  if (item.type === 'episode') {
    const season = item.parentIndex === undefined ? '' : `S${item.parentIndex}`;
    const episode = item.index === undefined ? '' : `E${item.index}`;
    const label = `${season}${episode}`;
    return label === '' ? item.title : `${label} ${item.title}`;
  }
  if (isHubRow(item)) return hubRowTitle(item);
  if (item.type === 'season') return item.title;
  if (item.type === 'track' && item.index !== undefined) return `${item.index}. ${item.title}`;
  return item.title;
}

/** The text after the markers, `width` characters: the title, then year and length at the right. */
export function rowText(item: PlexMetadata, width: number): string {
  const details = [item.year === undefined ? '' : String(item.year), formatDuration(item.duration)].filter((part) => part !== '').join('  ');
  const rightWidth = details === '' ? 0 : displayWidth(details) + 1;
  if (width - rightWidth < 8) return fit(itemTitle(item), width);
  return fit(itemTitle(item), width - rightWidth) + (rightWidth > 0 ? ` ${details}` : '');
}
