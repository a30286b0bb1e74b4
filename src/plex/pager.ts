// Paging through Plex listings: X-Plex-Container-Start/Size in, a Page out, and a lazy walk over all pages.
import type { QueryValue } from './httpClient.js';
import type { MediaContainer } from './models.js';

export interface Page<T> {
  items: T[];
  offset: number;
  size: number;
  totalSize: number;
}

export interface ListOptions {
  start?: number;
  size?: number;
  /** A sort key such as `"titleSort"` or `"year:desc"`. */
  sort?: string;
  unwatched?: boolean;
  /** A MediaType number, e.g. 4 for episodes of a show section. */
  type?: number;
  title?: string;
  /** Other query parameters of the listing, as the section's filters name them: `{ genre: '17282', year: '1927' }`. */
  filters?: Record<string, string>;
}

export const defaultPageSize = 200;

/** The query parameters of a listing; paging goes as parameters so every Plex version honours it. */
export function listParams(options: ListOptions = {}): Record<string, QueryValue> {
  return {
    'X-Plex-Container-Start': options.start,
    'X-Plex-Container-Size': options.size,
    sort: options.sort,
    unwatched: options.unwatched ? 1 : undefined,
    type: options.type,
    title: options.title,
    ...options.filters,
  };
}

function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** A Page from a container, reading paging from its fields or, failing that, the response headers. */
export function toPage<T>(items: T[], container: MediaContainer, headers: Record<string, string>, requestedStart = 0): Page<T> {
  const headerNumber = (name: string): number | undefined => finiteNumber(headers[name]);
  // Some servers send these as strings; a string here would turn `offset + 1` into "01".
  const offset = finiteNumber(container.offset) ?? headerNumber('x-plex-container-start') ?? requestedStart;
  const totalSize = finiteNumber(container.totalSize) ?? headerNumber('x-plex-container-total-size') ?? offset + items.length;
  return { items, offset, size: items.length, totalSize };
}

/**
 * Every item of a paged listing, fetching the next page only when iteration reaches it.
 * `limit` caps how many items are yielded in all.
 */
export async function* pageThrough<T>(
  fetchPage: (start: number, size: number) => Promise<Page<T>>,
  options: { start?: number; pageSize?: number; limit?: number } = {},
): AsyncGenerator<T, void, undefined> {
  const pageSize = Math.max(1, options.pageSize ?? defaultPageSize);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let start = options.start ?? 0;
  let yielded = 0;
  while (yielded < limit) {
    const page = await fetchPage(start, Math.min(pageSize, limit - yielded));
    for (const item of page.items) {
      if (yielded >= limit) return;
      yield item;
      yielded += 1;
    }
    start += page.items.length;
    // An empty page ends the walk even if totalSize says otherwise, so a confused server cannot loop us.
    if (page.items.length === 0 || start >= page.totalSize) return;
  }
}
