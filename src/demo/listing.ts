// Lists of items as MediaContainers: a section's items by type, the media query's filters and sort, and paging.
import type { IncomingMessage } from 'node:http';
import { BadRequest } from './badRequest.js';
import { filterItems, readConditions } from './itemQuery.js';
import { sortItems } from './itemSort.js';
import type { JsonObject } from './json.js';
import { renderMetadata } from './metadata.js';
import { mediaTypeNumber, type DemoItem, type DemoSection, type ItemType } from './model.js';
import type { PlayState } from './playState.js';

export { BadRequest };

/** Items that can be paged without building the ones outside the page. */
export interface ItemList {
  total: number;
  slice(start: number, end: number): DemoItem[];
}

export function arrayList(items: DemoItem[]): ItemList {
  return { total: items.length, slice: (start, end) => items.slice(start, end) };
}

export interface Paging {
  start: number;
  size: number | undefined;
}

function pagingNumber(request: IncomingMessage, query: URLSearchParams, name: string): number | undefined {
  const header = request.headers[name.toLowerCase()];
  const text = query.get(name) ?? (Array.isArray(header) ? header[0] : header);
  if (text === undefined || text === null) return undefined;
  if (!/^\s*\d+\s*$/.test(text)) throw new BadRequest(`${name} must be a whole number >= 0`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new BadRequest(`${name} is too large`);
  return value;
}

/** X-Plex-Container-Start / X-Plex-Container-Size, from the query or the headers; no size = every item. */
export function readPaging(request: IncomingMessage, query: URLSearchParams): Paging {
  return {
    start: pagingNumber(request, query, 'X-Plex-Container-Start') ?? 0,
    size: pagingNumber(request, query, 'X-Plex-Container-Size'),
  };
}

export interface PagedContainer {
  body: { MediaContainer: JsonObject };
  headers: Record<string, string>;
}

/** One page of `list` as `{MediaContainer: {size, totalSize, offset, ...extra, Metadata}}`, with the paging headers. */
export function pagedContainer(list: ItemList, paging: Paging, playState: PlayState, extra: JsonObject = {}): PagedContainer {
  const start = Math.min(paging.start, list.total);
  const end = paging.size === undefined ? list.total : Math.min(list.total, start + paging.size);
  const metadata = list.slice(start, end).map((item) => renderMetadata(item, playState));
  return {
    body: { MediaContainer: { size: metadata.length, totalSize: list.total, offset: start, ...extra, Metadata: metadata } },
    headers: { 'X-Plex-Container-Start': String(start), 'X-Plex-Container-Total-Size': String(list.total) },
  };
}

const typesByNumber = new Map<number, ItemType>(Object.entries(mediaTypeNumber).map(([type, number]) => [number, type as ItemType]));

/** The `type=` parameter as an item type; undefined when absent. */
export function readType(query: URLSearchParams): ItemType | undefined {
  const typeText = query.get('type');
  if (typeText === null || typeText === '') return undefined;
  const type = typesByNumber.get(Number(typeText));
  if (!type || !/^\d+$/.test(typeText)) throw new BadRequest(`unknown type "${typeText}"`);
  return type;
}

/** `items` filtered by the query's field conditions and sorted by its `sort=`, or undefined when it asks for neither. */
export function queriedItems(items: () => Iterable<DemoItem>, query: URLSearchParams, playState: PlayState): DemoItem[] | undefined {
  const conditions = readConditions(query);
  const sort = query.get('sort');
  if (conditions.length === 0 && !sort) return undefined;
  const kept = filterItems(items(), conditions, playState);
  return sort ? sortItems(kept, sort, playState) : kept;
}

/** `/library/sections/{id}/all` with `type=`, the media query's filters and `sort=`. */
export function sectionList(section: DemoSection, query: URLSearchParams, playState: PlayState): ItemList {
  const type = readType(query);
  const { contents } = section;
  const queried = queriedItems(() => contents.items(type), query, playState);
  if (queried) return arrayList(queried);
  return { total: contents.count(type), slice: (start, end) => sliceContents(section, type, start, end) };
}

function sliceContents(section: DemoSection, type: ItemType | undefined, start: number, end: number): DemoItem[] {
  const items: DemoItem[] = [];
  for (let index = start; index < end; index += 1) {
    const item = section.contents.itemAt(index, type);
    if (item) items.push(item);
  }
  return items;
}
