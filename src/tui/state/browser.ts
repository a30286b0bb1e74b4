// What the item list shows and how it got there: the listing opened from the sidebar, the shows and seasons entered, and search results.
import type { PlexClient } from '../../plex/client.js';
import type { Page } from '../../plex/pager.js';
import type { PlexMetadata, PlexSection } from '../../plex/models.js';
import { rememberedLoader, searchKept, type ListingStore } from '../../offline/index.js';
import { isServerUnreachable } from '../../plex/plexErrors.js';
import { hubRows, isHubRow, PagedItems, queryLabel, queryParameters, sidebarEntries, type ListSource, type PageLoader, type SidebarEntry } from '../viewModels/index.js';

export type BrowserClient = Pick<PlexClient, 'sectionItems' | 'children' | 'search' | 'onDeck' | 'continueWatching' | 'recentlyAdded' | 'hubs' | 'items'>;

export interface Listing {
  source: ListSource;
  items: PagedItems<PlexMetadata>;
  /** Where the cursor was, to come back to it. */
  selected: number;
}

/** Rows fetched per request; a screen shows far fewer, the rest make scrolling smooth. */
export const listPageSize = 100;

/**
 * What a row keeps of an item: enough for its text, markers and cache key, and the parent keys a
 * plugin command run on it needs (an episode's season and show). The details pane fetches the full
 * item where the cursor rests, so a 100,000-row listing does not hold every summary and stream.
 */
export function slimItem(item: PlexMetadata): PlexMetadata {
  // A hub's heading row is small already, and its count and summary are all it has to show.
  if (isHubRow(item)) return item;
  const { ratingKey, key, type, title, year, duration, viewCount, viewOffset, leafCount, viewedLeafCount, index, parentIndex, grandparentTitle, updatedAt } = item;
  const { parentRatingKey, parentKey, parentTitle, grandparentRatingKey, grandparentKey, librarySectionID } = item;
  const slim: PlexMetadata = { ratingKey, key, type, title };
  const optional = {
    year, duration, viewCount, viewOffset, leafCount, viewedLeafCount, index, parentIndex, grandparentTitle, updatedAt,
    parentRatingKey, parentKey, parentTitle, grandparentRatingKey, grandparentKey, librarySectionID,
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) Object.assign(slim, { [name]: value });
  const media = item.Media?.[0];
  const part = media?.Part?.[0];
  if (media && part) slim.Media = [{ id: media.id, ...(media.container ? { container: media.container } : {}), Part: [{ id: part.id, key: part.key }] }];
  return slim;
}

export function loaderFor(client: BrowserClient, source: ListSource): PageLoader<PlexMetadata> {
  const whole = (load: () => Promise<PlexMetadata[]>): PageLoader<PlexMetadata> => async () => {
    const items = (await load()).map(slimItem);
    return { items, totalSize: items.length };
  };
  const paged = (load: (start: number, size: number) => Promise<Page<PlexMetadata>>): PageLoader<PlexMetadata> => async (start, size) => {
    const page = await load(start, size);
    return { items: page.items.map(slimItem), totalSize: page.totalSize };
  };
  switch (source.kind) {
    case 'home':
      return whole(async () => hubRows(await client.hubs()));
    case 'section':
      return paged((start, size) => client.sectionItems(source.key, { start, size, ...(source.query ? { filters: source.query.filters, sort: source.query.sort } : {}) }));
    case 'listing':
      return paged((start, size) => client.items(source.key, { start, size }));
    case 'hub':
      return whole(() => client[source.hub]());
    case 'children':
      return whole(() => client.children(source.ratingKey));
    case 'search':
      return whole(() => client.search(source.query));
  }
}

/** Items that open into a listing of their own instead of playing. */
export function isContainer(item: PlexMetadata): boolean {
  return ['show', 'season', 'artist', 'album', 'collection', 'playlist', 'hub'].includes(item.type);
}

/** What entering a container lists: a hub its key, a collection `/library/collections/K/children`, the rest their children. */
export function containerSource(item: PlexMetadata): ListSource {
  if (isHubRow(item)) return { kind: 'listing', key: item.key, title: item.title };
  if (item.type === 'collection') return { kind: 'listing', key: `/library/collections/${encodeURIComponent(item.ratingKey)}/children`, title: item.title };
  return { kind: 'children', ratingKey: item.ratingKey, title: item.title };
}

/** Where listings are kept for offline browsing, and who hears that the server is gone. */
export interface BrowserMemory {
  store: ListingStore;
  /** Names the server in the kept listings' names. */
  server: string;
  /** The server answered (null) or could not be reached (why). */
  reachable(error: unknown | null): void;
}

/** Search results from the server, or, when it cannot be reached, from what was kept for offline browsing. */
function searchKeptWhenUnreachable(loader: PageLoader<PlexMetadata>, memory: BrowserMemory, query: string): PageLoader<PlexMetadata> {
  return async (start, size) => {
    try {
      const page = await loader(start, size);
      memory.reachable(null);
      return page;
    } catch (error) {
      if (!isServerUnreachable(error)) throw error;
      memory.reachable(error);
      const items = (await searchKept(memory.store, memory.server, query)).map(slimItem);
      return { items, totalSize: items.length };
    }
  };
}

/** The name a listing is kept under; null for search results, which are not kept. */
export function listingName(server: string, source: ListSource): string | null {
  switch (source.kind) {
    case 'home':
      return `${server}|home`;
    case 'section':
      return source.query ? `${server}|section|${source.key}|${queryParameters(source.query)}` : `${server}|section|${source.key}`;
    case 'listing':
      return `${server}|listing|${source.key}`;
    case 'hub':
      return `${server}|hub|${source.hub}`;
    case 'children':
      return `${server}|children|${source.ratingKey}`;
    case 'search':
      return null;
  }
}

export class Browser {
  entries: SidebarEntry[] = sidebarEntries([]);
  private readonly stack: Listing[] = [];

  constructor(
    private readonly client: BrowserClient,
    private readonly changed: () => void,
    private readonly memory?: BrowserMemory,
  ) {}

  private loader(source: ListSource): PageLoader<PlexMetadata> {
    const loader = loaderFor(this.client, source);
    if (!this.memory) return loader;
    if (source.kind === 'search') return searchKeptWhenUnreachable(loader, this.memory, source.query);
    const name = listingName(this.memory.server, source);
    if (name === null) return loader;
    return rememberedLoader(loader, this.memory.store, name, this.memory.reachable);
  }

  setSections(sections: readonly PlexSection[]): void {
    this.entries = sidebarEntries(sections);
  }

  get current(): Listing | undefined {
    return this.stack[this.stack.length - 1];
  }

  get depth(): number {
    return this.stack.length;
  }

  /** The list's title line: "Movies", "Movies · Genre: Horror", "Movies › Show › Season 1", "Search: dragon". */
  get title(): string {
    const titleOf = (source: ListSource) => (source.kind === 'section' && source.query ? `${source.title} · ${queryLabel(source.query)}` : source.title);
    return this.stack.map((listing) => titleOf(listing.source)).join(' › ') || 'Items';
  }

  /** Where the trail began (the library or hub chosen on the left). */
  get root(): Listing | undefined {
    return this.stack[0];
  }

  /** From the sidebar: starts a new trail. */
  openRoot(source: ListSource): Listing {
    for (const listing of this.stack.splice(0)) listing.items.dispose();
    return this.push(source);
  }

  /** Into a show, a season, an album; or search results over what was shown. */
  push(source: ListSource): Listing {
    const listing: Listing = { source, items: new PagedItems(this.loader(source), listPageSize, this.changed), selected: 0 };
    this.stack.push(listing);
    return listing;
  }

  /** Search results replace earlier search results rather than piling up. */
  showSearch(query: string): Listing {
    if (this.current?.source.kind === 'search') this.stack.pop()?.items.dispose();
    return this.push({ kind: 'search', query, title: `Search: ${query}` });
  }

  /** Back one level; false when already at the top of the trail. */
  back(): boolean {
    if (this.stack.length <= 1) return false;
    this.stack.pop()?.items.dispose();
    return true;
  }

  dispose(): void {
    for (const listing of this.stack.splice(0)) listing.items.dispose();
  }
}
