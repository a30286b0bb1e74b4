// "Up next": when the entry that plays reaches its credits (or 30 s before its end without them), the queue says what follows.
import { concatMap, from, type OperatorFunction } from 'rxjs';
import type { PlexPlayQueueItem } from '../../plex/models.js';
import type { PlaybackEvent } from '../playbackEvents.js';
import type { QueueEntry, QueueEvent } from './queueEvents.js';

/** Without a credits marker, how long before the end the next entry is announced. */
export const upNextLeadMs = 30_000;

/**
 * An entry's playback events as queue events, with one `upNext` about `next` added when the position
 * enters the credits marker, or comes within `upNextLeadMs` of the end when the item has none. Nothing
 * is added when there is no next entry (the last one, `--no-continue`, `autoplay: false`). `next` is asked when the
 * moment comes: the queue may have been edited since the entry started.
 */
export function withUpNext(entry: QueueEntry, next: () => PlexPlayQueueItem | undefined): OperatorFunction<PlaybackEvent, QueueEvent> {
  let announced = false;
  /** Whether the item has a credits marker: unknown (null) until it is resolved, and then nothing is announced by position. */
  let hasCredits: boolean | null = null;
  let position = 0;
  let duration = 0;
  const announce = (): QueueEvent[] => {
    const upcoming = announced ? undefined : next();
    if (upcoming === undefined) return [];
    announced = true;
    const inSeconds = duration > 0 ? Math.max(0, Math.round((duration - position) / 1000)) : 0;
    return [{ type: 'upNext', entry, next: { ratingKey: upcoming.ratingKey, title: upcoming.title }, inSeconds }];
  };
  return concatMap((event) => {
    const item: QueueEvent = { type: 'item', entry, event };
    switch (event.type) {
      case 'resolved':
        hasCredits = event.item.markers.some((marker) => marker.type === 'credits');
        duration = event.item.duration;
        return [item];
      case 'playing':
      case 'paused':
      case 'position':
        position = event.position;
        duration = event.duration;
        return from(duration > 0 && hasCredits === false && duration - position <= upNextLeadMs ? [item, ...announce()] : [item]);
      case 'markerEntered':
        if (event.marker.type !== 'credits') return [item];
        position = Math.max(position, event.marker.start);
        return [item, ...announce()];
      default:
        return [item];
    }
  });
}
