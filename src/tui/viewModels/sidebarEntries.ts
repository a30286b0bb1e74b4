// The sidebar's entries: Home (the server's hubs) and its three usual hubs, then every library, and what listing each opens.
import type { PlexSection } from '../../plex/models.js';

/** A section listed through its filters and sorts, as the filter menu chose them. */
export interface SectionQuery {
  /** Filter parameters as the server names them: `{ genre: '17282' }`, `{ unwatched: '1' }`. */
  filters: Record<string, string>;
  /** What the list's title says of the filters: "Genre: Horror". */
  filterLabel?: string;
  /** A sort as `/sorts` names it: `titleSort`, `year:desc`. */
  sort?: string;
  /** What the list's title says of the sort: "by Year ↓". */
  sortLabel?: string;
}

/** The query's parameters as the server takes them: `genre=17282&sort=year%3Adesc`. */
export function queryParameters(query: SectionQuery): string {
  return new URLSearchParams({ ...query.filters, ...(query.sort ? { sort: query.sort } : {}) }).toString();
}

/** What a section's title adds for its query: "Genre: Horror · by Year ↓". */
export function queryLabel(query: SectionQuery): string {
  return [query.filterLabel, query.sortLabel].filter((part) => part !== undefined && part !== '').join(' · ');
}

export type ListSource =
  | { kind: 'home'; title: string }
  | { kind: 'hub'; hub: 'continueWatching' | 'onDeck' | 'recentlyAdded'; title: string }
  | { kind: 'section'; key: string; title: string; sectionType: string; query?: SectionQuery }
  | { kind: 'listing'; key: string; title: string }
  | { kind: 'children'; ratingKey: string; title: string }
  | { kind: 'search'; query: string; title: string };

export interface SidebarEntry {
  /** What the sidebar shows: headings are not selectable. */
  label: string;
  heading: boolean;
  source: ListSource | null;
}

export const homeSources: readonly ListSource[] = [
  { kind: 'hub', hub: 'continueWatching', title: 'Continue Watching' },
  { kind: 'hub', hub: 'onDeck', title: 'On Deck' },
  { kind: 'hub', hub: 'recentlyAdded', title: 'Recently Added' },
];

export function sidebarEntries(sections: readonly PlexSection[]): SidebarEntry[] {
  // Home itself lists every hub the server offers (GET /hubs), grouped; the usual three follow as shortcuts.
  const entries: SidebarEntry[] = [{ label: 'Home', heading: false, source: { kind: 'home', title: 'Home' } }];
  for (const source of homeSources) entries.push({ label: `  ${source.title}`, heading: false, source });
  entries.push({ label: 'Libraries', heading: true, source: null });
  for (const section of sections) {
    entries.push({ label: `  ${section.title}`, heading: false, source: { kind: 'section', key: section.key, title: section.title, sectionType: section.type } });
  }
  return entries;
}

/** The next selectable entry from `index` in direction `step` (headings are skipped); `index` itself when none. */
export function nextSelectable(entries: readonly SidebarEntry[], index: number, step: 1 | -1): number {
  for (let next = index + step; next >= 0 && next < entries.length; next += step) {
    if (!entries[next]?.heading) return next;
  }
  return index;
}
