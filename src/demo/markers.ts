// Intro and credits markers (includeMarkers=1): every episode has both, every movie its credits, all inside the clip.
import type { JsonObject } from './json.js';
import type { DemoItem } from './model.js';

/** Where a marker falls, as shares of the clip's length. */
const spans = {
  intro: { start: 0.05, end: 0.25 },
  credits: { start: 0.85, end: 1 },
} as const;

type MarkerType = keyof typeof spans;

const markerTypes: Partial<Record<DemoItem['type'], MarkerType[]>> = {
  episode: ['intro', 'credits'],
  movie: ['credits'],
};

/** The item's Marker elements, or undefined for items without markers. */
export function renderMarkers(item: DemoItem): JsonObject[] | undefined {
  const types = markerTypes[item.type];
  const media = item.media;
  if (!types || !media) return undefined;
  return types.map((type, position) => ({
    id: media.id * 10 + position + 1,
    type,
    startTimeOffset: Math.round(media.duration * spans[type].start),
    endTimeOffset: Math.round(media.duration * spans[type].end),
    ...(type === 'credits' ? { final: true } : {}),
  }));
}
