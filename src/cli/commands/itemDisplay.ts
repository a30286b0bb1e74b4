// How the library commands show items and sections to a person: tables, titles, the text of `info`.
import type { PlexMetadata, PlexSection } from '../../plex/index.js';
import { terminalLine, terminalParagraphs } from '../../base/terminalText.js';
import { formatBytes, formatDuration, printJson } from '../output.js';
import type { CommandRunner } from '../runner.js';
import { formatTable, type Column } from '../table.js';

export const sectionColumns: Column<PlexSection>[] = [
  { header: 'ID', value: (section) => section.key, align: 'right' },
  { header: 'TITLE', value: (section) => section.title, maxWidth: 40 },
  { header: 'TYPE', value: (section) => section.type },
];

/** A readable title: "Show · S1E2 · Episode" for episodes, "Artist · Album" for albums. */
export function displayTitle(item: PlexMetadata): string {
  if (item.type === 'episode') {
    const number = item.parentIndex !== undefined && item.index !== undefined ? `S${item.parentIndex}E${item.index}` : '';
    return [item.grandparentTitle, number, item.title].filter(Boolean).join(' · ');
  }
  if (item.type === 'season' || item.type === 'album') return [item.parentTitle, item.title].filter(Boolean).join(' · ');
  if (item.type === 'track') return [item.grandparentTitle, item.title].filter(Boolean).join(' · ');
  return item.title;
}

/** ✓ watched, NN% partly watched, n/m for shows and seasons. */
function watchState(item: PlexMetadata): string {
  if (item.leafCount !== undefined) return `${item.viewedLeafCount ?? 0}/${item.leafCount}`;
  if (item.viewOffset && item.duration) return `${Math.round((item.viewOffset / item.duration) * 100)}%`;
  if ((item.viewCount ?? 0) > 0) return '✓';
  return '';
}

const itemColumns: Column<PlexMetadata>[] = [
  { header: 'KEY', value: (item) => item.ratingKey, align: 'right' },
  { header: 'TYPE', value: (item) => item.type },
  { header: 'TITLE', value: displayTitle, maxWidth: 60 },
  { header: 'YEAR', value: (item) => (item.year ? String(item.year) : '') },
  { header: 'LENGTH', value: (item) => formatDuration(item.duration), align: 'right' },
  { header: 'WATCHED', value: watchState },
];

export function printItems(runner: CommandRunner, items: PlexMetadata[], json: boolean | undefined, footer?: string): void {
  if (json) return printJson(runner.output, items);
  if (items.length === 0) {
    runner.output.out('(nothing here)');
    return;
  }
  runner.output.out(formatTable(items, itemColumns, runner.output.columns?.()));
  if (footer) runner.output.out(footer);
}

export function describeItem(item: PlexMetadata): string {
  const lines: Array<[string, string]> = [
    ['Title', displayTitle(item)],
    ['Type', item.type],
    ['Key', item.ratingKey],
  ];
  if (item.year) lines.push(['Year', String(item.year)]);
  if (item.duration) lines.push(['Duration', formatDuration(item.duration)]);
  if (item.viewOffset) lines.push(['Resume at', formatDuration(item.viewOffset)]);
  lines.push(['Watched', item.leafCount !== undefined ? `${item.viewedLeafCount ?? 0} of ${item.leafCount}` : `${item.viewCount ?? 0} time(s)`]);
  if (item.Genre?.length) lines.push(['Genres', item.Genre.map((genre) => genre.tag).join(', ')]);
  for (const media of item.Media ?? []) {
    const video = [media.videoResolution, media.videoCodec, media.audioCodec, media.container].filter(Boolean).join(' / ');
    for (const part of media.Part ?? []) {
      lines.push(['Part', `${part.id}  ${video}  ${formatBytes(part.size)}  ${part.file ?? ''}`.trim()]);
    }
  }
  const width = Math.max(...lines.map(([label]) => label.length));
  const text = lines.map(([label, value]) => `${label.padEnd(width)}  ${terminalLine(value)}`);
  if (item.summary) text.push('', terminalParagraphs(item.summary));
  return text.join('\n');
}
