// The audio and subtitle choices a queue carries from an episode to the next ones of the same show, by language, as Plex clients do.
import type { PlexMetadata } from '../../plex/models.js';
import type { TrackWishes } from '../trackChoice.js';

/** An episode's show (a track's artist); undefined for what stands alone (a movie). */
function showOf(item: PlexMetadata): string | undefined {
  return item.grandparentRatingKey ?? undefined;
}

/**
 * What each entry of a queue is played with: what the person asked for the whole queue (`--audio`, `--subs`),
 * overridden, per kind, by what was picked for an earlier episode of the same show.
 */
export class TrackMemory {
  private readonly byShow = new Map<string, TrackWishes>();

  constructor(private readonly asked: TrackWishes = {}) {}

  wishesFor(item: PlexMetadata): TrackWishes {
    const show = showOf(item);
    return { ...this.asked, ...(show === undefined ? {} : this.byShow.get(show)) };
  }

  /** What was picked for `item`, by language: its show's next episodes start with it. */
  remember(item: PlexMetadata, picked: TrackWishes): void {
    const show = showOf(item);
    if (show === undefined || (picked.audio === undefined && picked.subtitle === undefined)) return;
    this.byShow.set(show, { ...this.byShow.get(show), ...picked });
  }
}
