// Lists of items as MediaContainers: section filters (type, title, unwatched), sort=field[:desc], and paging.
import type { IncomingMessage } from 'node:http';
import type { JsonObject } from './json.js';
import { renderMetadata } from './metadata.js';
import { mediaTypeNumber, type DemoItem, type DemoSection, type ItemType } from './model.js';
import type { PlayState } from './playState.js';

/** A request the demo refuses with 400, as the real server does for bad parameters. */
export class BadRequest extends Error {}

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

type SortValue = string | number | undefined;

const sortFields: Record<string, (item: DemoItem, playState: PlayState) => SortValue> = {
  title: (item) => item.title.toLowerCase(),
  titleSort: (item) => item.title.replace(/^(The|A|An) /, '').toLowerCase(),
  year: (item) => item.year,
  addedAt: (item) => item.addedAt,
  updatedAt: (item) => item.updatedAt,
  originallyAvailableAt: (item) => item.originallyAvailableAt,
  rating: (item) => item.rating,
  duration: (item) => item.media?.duration,
  index: (item) => item.index,
  lastViewedAt: (item, playState) => playState.get(item.ratingKey).lastViewedAt,
  viewCount: (item, playState) => playState.get(item.ratingKey).viewCount,
  viewOffset: (item, playState) => playState.get(item.ratingKey).viewOffset,
};

function compareValues(left: SortValue, right: SortValue): number {
  if (left === right) return 0;
  if (left === undefined) return -1;
  if (right === undefined) return 1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left).localeCompare(String(right));
}

/** Sorts by `sort=field[:desc]` (several fields separated by commas), ties broken by ratingKey. */
export function sortItems(items: DemoItem[], sort: string, playState: PlayState): DemoItem[] {
  const keys = sort.split(',').map((spec) => {
    const [field = '', direction = 'asc'] = spec.trim().split(':');
    const value = sortFields[field];
    if (!value || (direction !== 'asc' && direction !== 'desc')) throw new BadRequest(`cannot sort by "${spec}"`);
    return { value, sign: direction === 'desc' ? -1 : 1 };
  });
  const decorated = items.map((item) => ({ item, values: keys.map((key) => key.value(item, playState)) }));
  decorated.sort((left, right) => {
    for (const [index, key] of keys.entries()) {
      const order = compareValues(left.values[index], right.values[index]);
      if (order !== 0) return order * key.sign;
    }
    return Number(left.item.ratingKey) - Number(right.item.ratingKey);
  });
  return decorated.map((entry) => entry.item);
}

/** Whether no leaf at or below `item` has been watched to the end. */
export function isUnwatched(item: DemoItem, playState: PlayState): boolean {
  if (item.media) return playState.get(item.ratingKey).viewCount === 0;
  return item.children.some((child) => isUnwatched(child, playState));
}

/** `/library/sections/{id}/all` with `type=`, `title=`, `unwatched=1` and `sort=`. */
export function sectionList(section: DemoSection, query: URLSearchParams, playState: PlayState): ItemList {
  const typeText = query.get('type');
  let type: ItemType | undefined;
  if (typeText !== null && typeText !== '') {
    type = typesByNumber.get(Number(typeText));
    if (!type || !/^\d+$/.test(typeText)) throw new BadRequest(`unknown type "${typeText}"`);
  }
  const title = query.get('title')?.toLowerCase();
  const unwatched = query.get('unwatched') === '1';
  const sort = query.get('sort');
  const { contents } = section;
  if (!title && !unwatched && !sort) {
    return { total: contents.count(type), slice: (start, end) => sliceContents(section, type, start, end) };
  }
  let items = [...contents.items(type)];
  if (title) items = items.filter((item) => item.title.toLowerCase().includes(title));
  if (unwatched) items = items.filter((item) => isUnwatched(item, playState));
  if (sort) items = sortItems(items, sort, playState);
  return arrayList(items);
}

function sliceContents(section: DemoSection, type: ItemType | undefined, start: number, end: number): DemoItem[] {
  const items: DemoItem[] = [];
  for (let index = start; index < end; index += 1) {
    const item = section.contents.itemAt(index, type);
    if (item) items.push(item);
  }
  return items;
}
