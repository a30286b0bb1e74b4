// Intro and credits markers during a play: which ones an item has, and which one the position has just entered.
import { scan, mergeMap, from, type OperatorFunction } from 'rxjs';
import type { PlexMetadata } from '../plex/models.js';

export type MarkerType = 'intro' | 'credits';

/** A marker a player acts on; milliseconds from the start of the item. */
export interface PlaybackMarker {
  type: MarkerType;
  start: number;
  end: number;
}

/** What to do when an intro starts: ask the person (the TUI), skip it at once, or let it play. */
export type SkipIntro = 'ask' | 'auto' | 'never';

const markerTypes = new Set<string>(['intro', 'credits']);

/** The item's intro and credits markers in time order; other types, and spans that end before they start, are left out. */
export function playbackMarkers(item: PlexMetadata): PlaybackMarker[] {
  return (item.Marker ?? [])
    .filter((marker) => markerTypes.has(marker.type) && marker.endTimeOffset > marker.startTimeOffset && marker.startTimeOffset >= 0)
    .map((marker) => ({ type: marker.type as MarkerType, start: marker.startTimeOffset, end: marker.endTimeOffset }))
    .sort((left, right) => left.start - right.start);
}

/** Which markers were entered already: each is entered once per play (seeking back into a skipped intro does not skip it again). */
export interface MarkerWatch {
  entered: ReadonlySet<PlaybackMarker>;
}

export const initialMarkerWatch: MarkerWatch = { entered: new Set() };

/**
 * The markers `position` lies in that were not entered before. A position reported past a marker's end
 * (a seek over it, or a start after it) never entered it; a marker at 0 is entered by the first position.
 */
export function enterMarkers(watch: MarkerWatch, markers: readonly PlaybackMarker[], position: number): { watch: MarkerWatch; entered: PlaybackMarker[] } {
  const entered = markers.filter((marker) => !watch.entered.has(marker) && position >= marker.start && position < marker.end);
  if (entered.length === 0) return { watch, entered };
  return { watch: { entered: new Set([...watch.entered, ...entered]) }, entered };
}

/** Positions (milliseconds) to the markers they enter, in order: `enterMarkers` as a stream. */
export function markersEntered(markers: readonly PlaybackMarker[]): OperatorFunction<number, PlaybackMarker> {
  return (positions$) =>
    positions$.pipe(
      scan((state: { watch: MarkerWatch; entered: PlaybackMarker[] }, position: number) => enterMarkers(state.watch, markers, position), { watch: initialMarkerWatch, entered: [] }),
      mergeMap((state) => from(state.entered)),
    );
}
