// The sidebar's entries: Home's three hubs, then every library, and what listing each opens.
import type { PlexSection } from '../../plex/models.js';

export type ListSource =
  | { kind: 'hub'; hub: 'continueWatching' | 'onDeck' | 'recentlyAdded'; title: string }
  | { kind: 'section'; key: string; title: string; sectionType: string }
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
  const entries: SidebarEntry[] = [{ label: 'Home', heading: true, source: null }];
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
