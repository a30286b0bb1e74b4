// Search while the server cannot be reached: titles matched over the listings and items kept for offline browsing.
import type { PlexMetadata } from '../plex/models.js';
import type { ListingStore } from './listingStore.js';

/** At most this many results: a search is for finding a few things, not for listing a library. */
export const offlineSearchLimit = 200;

/** Lowercase with accents removed, so "amelie" finds "Amélie". */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

function isItem(row: unknown): row is PlexMetadata {
  const item = row as Partial<PlexMetadata> | null;
  return typeof item === 'object' && item !== null && typeof item.ratingKey === 'string' && typeof item.title === 'string' && typeof item.type === 'string';
}

/**
 * Items kept for `server` whose title, show title or album title holds every word of `query` (in any
 * case, accents ignored), each item once, by title.
 */
export async function searchKept(store: ListingStore, server: string, query: string): Promise<PlexMetadata[]> {
  const words = folded(query).split(/\s+/).filter(Boolean);
  const found = new Map<string, PlexMetadata>();
  if (words.length === 0) return [];
  for await (const rows of store.rowsOf(`${server}|`)) {
    for (const row of rows) {
      if (!isItem(row) || found.has(row.ratingKey)) continue;
      const text = folded([row.title, row.grandparentTitle, row.parentTitle].filter((part) => typeof part === 'string').join(' '));
      if (words.every((word) => text.includes(word))) found.set(row.ratingKey, row);
      if (found.size >= offlineSearchLimit) return byTitle(found.values());
    }
  }
  return byTitle(found.values());
}

function byTitle(items: Iterable<PlexMetadata>): PlexMetadata[] {
  return [...items].sort((a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }));
}
