// Home's rows: each hub of GET /hubs as a heading row (Enter lists all of its items), followed by the items it shows.
import type { PlexHub, PlexMetadata } from '../../plex/models.js';

/** The type of a hub's heading row: opened like a show, it lists the hub's `key`. */
export const hubRowType = 'hub';

export function isHubRow(item: PlexMetadata): boolean {
  return item.type === hubRowType;
}

/**
 * The rows of Home: a heading per hub, then its items. A heading's `key` is the hub's listing,
 * `childCount` how many items the hub holds (`more` when the server has more than it sent), and
 * its summary names the first few, for the details pane.
 */
export function hubRows(hubs: readonly PlexHub[]): PlexMetadata[] {
  return hubs.flatMap((hub, index) => {
    const items = hub.Metadata ?? [];
    const heading: PlexMetadata = {
      ratingKey: `hub:${hub.hubIdentifier ?? index}`,
      key: hub.key ?? '',
      type: hubRowType,
      title: hub.title,
      childCount: typeof hub.size === 'number' ? hub.size : items.length,
      more: hub.more === true,
      summary: items.length === 0 ? 'Nothing here yet.' : items.map((item) => item.title).join(' · '),
    };
    return [heading, ...items];
  });
}

/** A heading row's title: "Continue Watching (3)", "Recently Added Movies (12+)" when the hub holds more. */
export function hubRowTitle(item: PlexMetadata): string {
  return `▸ ${item.title} (${item.childCount ?? 0}${item.more === true ? '+' : ''})`;
}
