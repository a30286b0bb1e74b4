// The details pane's text for one item: title, year, summary, length, media and parts, resume position, and its cache entry live.
import type { CacheEntrySnapshot, CacheState } from '../../cache/index.js';
import type { PlexMetadata } from '../../plex/models.js';
import type { ThemeStyleName } from '../themes/index.js';
import { wrapToWidth } from '../../base/displayWidth.js';
import { terminalParagraphs } from '../../base/terminalText.js';
import { downloadedFraction } from './cacheRows.js';
import { formatBytesOrUnknown, formatDuration, formatRate, blockProgressBar } from './formatting.js';
import { isHubRow } from './hubRows.js';
import { itemTitle, watchMarker } from './itemRow.js';

export interface DetailsLine {
  text: string;
  style: ThemeStyleName;
}

export interface DetailsInput {
  item: PlexMetadata;
  /** The item's cache entry, when it has one. */
  snapshot: CacheEntrySnapshot | undefined;
  /** The states the entry went through since play was pressed, in order. */
  cacheStates: readonly CacheState[];
  /** "playing 0:12 / 1:40:00", "failed: ...", or null when nothing of this item plays. */
  playback: string | null;
  width: number;
}

export function detailsLines(input: DetailsInput): DetailsLine[] {
  const { item, snapshot, width } = input;
  const lines: DetailsLine[] = [];
  const text = (line: string, style: ThemeStyleName = 'editor') => lines.push({ text: line, style });
  const heading = item.grandparentTitle ? `${item.grandparentTitle} — ${itemTitle(item)}` : itemTitle(item);
  text(heading, 'detailsTitle');
  if (isHubRow(item)) {
    text(item.key === '' ? 'A hub of the server' : 'A hub: Enter lists all of it', 'description');
    text('');
    for (const line of wrap(item.summary ?? '', width)) text(line);
    return lines;
  }
  const facts = [item.year === undefined ? null : String(item.year), item.contentRating ?? null, formatDuration(item.duration) || null, item.type]
    .filter((fact): fact is string => fact !== null && fact !== '');
  text(facts.join(' · '), 'description');
  const watch = watchMarker(item);
  if (item.viewOffset !== undefined && item.viewOffset > 0) text(`Resume at ${formatDuration(item.viewOffset)} of ${formatDuration(item.duration)}`);
  else text(watch === 'watched' ? 'Watched' : watch === 'partial' ? 'Partly watched' : 'Not watched', 'description');
  if (item.leafCount !== undefined) text(`${item.viewedLeafCount ?? 0} of ${item.leafCount} watched`, 'description');
  if (item.summary) {
    text('');
    for (const line of wrap(item.summary, width)) text(line);
  }
  for (const media of item.Media ?? []) {
    text('');
    const video = [media.videoResolution ? (/^\d+$/.test(media.videoResolution) ? `${media.videoResolution}p` : media.videoResolution.toUpperCase()) : null, media.videoCodec, media.audioCodec, media.container]
      .filter((part): part is string => typeof part === 'string' && part !== '');
    text(`Media: ${video.join(' · ') || 'unknown'}${media.bitrate ? ` · ${media.bitrate} kb/s` : ''}`, 'description');
    for (const part of media.Part ?? []) {
      const file = part.file?.split(/[\\/]/).pop() ?? part.key;
      text(`Part: ${file}${part.size ? ` (${formatBytesOrUnknown(part.size)})` : ''}`, 'description');
    }
  }
  // Shows, seasons and albums have no file of their own to cache.
  if (item.Media !== undefined || snapshot !== undefined || input.cacheStates.length > 0) {
    text('');
    lines.push(...cacheLines(snapshot, input.cacheStates, width));
  }
  if (input.playback !== null) text(input.playback, input.playback.startsWith('failed') ? 'error' : 'editor');
  return lines;
}

function cacheLines(snapshot: CacheEntrySnapshot | undefined, states: readonly CacheState[], width: number): DetailsLine[] {
  const lines: DetailsLine[] = [];
  for (const line of wrap(states.length > 0 ? `Cache: ${states.join(' → ')}` : '', width)) lines.push({ text: line, style: 'editor' });
  if (!snapshot) {
    if (states.length === 0) lines.push({ text: 'Cache: not cached', style: 'description' });
    return lines;
  }
  if (states.length === 0) lines.push({ text: `Cache: ${snapshot.state}${snapshot.pinned ? ', kept offline' : ''}`, style: 'editor' });
  else if (snapshot.pinned) lines.push({ text: 'Kept offline', style: 'editor' });
  const barWidth = Math.max(10, Math.min(40, width - 2));
  lines.push({ text: blockProgressBar(downloadedFraction(snapshot), barWidth), style: 'progressBar' });
  const rate = formatRate(snapshot.bytesPerSecond);
  lines.push({ text: `${formatBytesOrUnknown(snapshot.downloadedBytes)} of ${formatBytesOrUnknown(snapshot.totalSize)}${rate ? `  ${rate}` : ''}`, style: 'description' });
  // A ready entry with an error still plays: only its caching stopped (the disk is full, or at its reserve).
  if (snapshot.error) lines.push({ text: `${snapshot.state === 'ready' ? 'Cache' : 'Cache failed'}: ${snapshot.error.message}`, style: 'error' });
  return lines;
}

/** Word wrap to `width` display columns (a word longer than a line is cut between graphemes), each line safe to print. */
export function wrap(text: string, width: number): string[] {
  return wrapToWidth(terminalParagraphs(text), Math.max(10, width));
}
