// Cross-library views: search hubs, on deck / continue watching, and recently added.
import type { DemoContext } from './context.js';
import type { JsonObject } from './json.js';
import { BadRequest } from './listing.js';
import { renderMetadata } from './metadata.js';
import { leavesOf, type DemoItem, type ItemType } from './model.js';
import { tagId } from './tags.js';

const searchHubs: { type: ItemType; title: string }[] = [
  { type: 'movie', title: 'Movies' },
  { type: 'show', title: 'Shows' },
  { type: 'season', title: 'Seasons' },
  { type: 'episode', title: 'Episodes' },
  { type: 'artist', title: 'Artists' },
  { type: 'album', title: 'Albums' },
  { type: 'track', title: 'Tracks' },
];

/** A search hub; `key` (also its `hubKey`) fetches the items shown, as on the real server. */
function hub(fields: { title: string; type: string; hubIdentifier: string; size: number; more: boolean; key: string }, entries: JsonObject): JsonObject {
  return { ...fields, context: `hub.${fields.hubIdentifier}`, hubKey: fields.key, style: 'shelf', ...(fields.size > 0 ? entries : {}) };
}

/** `/library/metadata/1,2,3` for the items shown, '' for none. */
export function itemsKey(items: DemoItem[]): string {
  return items.length > 0 ? `/library/metadata/${items.map((item) => item.ratingKey).join(',')}` : '';
}

/** `/hubs/search?query=`: one hub per type, Metadata for items and Directory entries for matching genres. */
export function searchHubList(context: DemoContext, query: string, limit: number): JsonObject[] {
  const needle = query.toLowerCase();
  const hubs: JsonObject[] = [];
  for (const { type, title } of searchHubs) {
    const found: DemoItem[] = [];
    for (const section of context.library.sections) {
      for (const item of section.contents.items(type)) {
        if (found.length > limit) break;
        if (item.title.toLowerCase().includes(needle)) found.push(item);
      }
    }
    const shown = found.slice(0, limit);
    hubs.push(hub({ title, type, hubIdentifier: type, size: shown.length, more: found.length > limit, key: itemsKey(shown) }, { Metadata: shown.map((item) => renderMetadata(item, context.playState)) }));
  }
  const genres = new Map<string, JsonObject>();
  for (const item of context.library.staticItems()) {
    for (const genre of item.genres) {
      const key = `${item.section.id}:${genre}`;
      if (!genre.toLowerCase().includes(needle) || genres.has(key)) continue;
      const id = tagId('genre', genre);
      genres.set(key, {
        id, tag: genre, tagType: 1, filter: `genre=${id}`, type: 'tag',
        key: `/library/sections/${item.section.id}/all?genre=${id}`,
        librarySectionID: item.section.id, librarySectionTitle: item.section.title, librarySectionType: item.section.type === 'movie' ? 1 : item.section.type === 'show' ? 2 : 8,
      });
    }
  }
  const directories = [...genres.values()];
  hubs.push(hub({ title: 'Genres', type: 'genre', hubIdentifier: 'genre', size: Math.min(limit, directories.length), more: directories.length > limit, key: '' }, { Directory: directories.slice(0, limit) }));
  return hubs;
}

export function searchLimit(params: URLSearchParams): number {
  const text = params.get('limit');
  if (text === null) return 3;
  if (!/^\d+$/.test(text)) throw new BadRequest('limit must be a whole number');
  return Number(text);
}

/** Video items in progress, then the next episode of shows being watched, most recently viewed first. */
export function onDeckItems(context: DemoContext): DemoItem[] {
  const { playState } = context;
  const deck: DemoItem[] = [];
  for (const item of context.library.staticItems()) {
    if (item.type === 'movie' || item.type === 'episode') {
      if ((playState.get(item.ratingKey).viewOffset ?? 0) > 0) deck.push(item);
    } else if (item.type === 'show') {
      const episodes = leavesOf(item);
      if (episodes.some((episode) => (playState.get(episode.ratingKey).viewOffset ?? 0) > 0)) continue;
      const lastWatched = episodes.map((episode) => playState.get(episode.ratingKey).viewCount > 0).lastIndexOf(true);
      const next = lastWatched >= 0 ? episodes[lastWatched + 1] : undefined;
      if (next && playState.get(next.ratingKey).viewCount === 0) deck.push(next);
    }
  }
  const lastViewed = (item: DemoItem): number => {
    const own = playState.get(item.ratingKey).lastViewedAt;
    if (own !== undefined) return own;
    const show = item.parent?.parent;
    return show ? Math.max(0, ...leavesOf(show).map((episode) => playState.get(episode.ratingKey).lastViewedAt ?? 0)) : 0;
  };
  return deck.sort((left, right) => lastViewed(right) - lastViewed(left));
}

/** Movies, seasons and albums of the hand-made sections, newest first. */
export function recentlyAddedItems(context: DemoContext): DemoItem[] {
  const kinds = new Set<ItemType>(['movie', 'season', 'album']);
  return [...context.library.staticItems()].filter((item) => kinds.has(item.type)).sort((left, right) => right.addedAt - left.addedAt || Number(right.ratingKey) - Number(left.ratingKey));
}
