// sort=field[:desc][:nullsLast] on listings, several fields separated by commas; a type prefix (`show.titleSort`) sorts by an ancestor's value.
import { BadRequest } from './badRequest.js';
import { isItemType, subjectsOf } from './itemSubjects.js';
import { leavesOf, type DemoItem, type ItemType } from './model.js';
import type { PlayState } from './playState.js';

type SortValue = string | number | undefined;

/** The title without a leading article, as the real server's titleSort. */
export function titleSort(title: string): string {
  return title.replace(/^(The|A|An) /, '');
}

/** When a show, season, artist or album was last viewed: its most recently viewed leaf. */
function lastViewedAt(item: DemoItem, playState: PlayState): number | undefined {
  if (item.media) return playState.get(item.ratingKey).lastViewedAt;
  const latest = Math.max(0, ...leavesOf(item).map((leaf) => playState.get(leaf.ratingKey).lastViewedAt ?? 0));
  return latest > 0 ? latest : undefined;
}

const sortFields: Record<string, (item: DemoItem, playState: PlayState) => SortValue> = {
  title: (item) => item.title.toLowerCase(),
  titleSort: (item) => titleSort(item.title).toLowerCase(),
  year: (item) => item.year,
  addedAt: (item) => item.addedAt,
  updatedAt: (item) => item.updatedAt,
  originallyAvailableAt: (item) => item.originallyAvailableAt,
  rating: (item) => item.rating,
  duration: (item) => item.media?.duration,
  index: (item) => item.index,
  lastViewedAt,
  viewCount: (item, playState) => playState.get(item.ratingKey).viewCount,
  viewOffset: (item, playState) => playState.get(item.ratingKey).viewOffset,
};

/** Ascending; a missing value comes first (so last when descending). */
function compareValues(left: SortValue, right: SortValue): number {
  if (left === right) return 0;
  if (left === undefined) return -1;
  if (right === undefined) return 1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left).localeCompare(String(right));
}

interface SortKey {
  prefix: ItemType | undefined;
  value: (item: DemoItem, playState: PlayState) => SortValue;
  sign: number;
  nullsLast: boolean;
}

/** One `[type.]field[:asc|:desc][:nullsLast]`; anything else is a 400. */
function readSortKey(spec: string): SortKey {
  const [name = '', ...modifiers] = spec.trim().split(':');
  const dot = name.indexOf('.');
  const prefix = dot < 0 ? undefined : name.slice(0, dot);
  const field = dot < 0 ? name : name.slice(dot + 1);
  const value = Object.hasOwn(sortFields, field) ? sortFields[field] : undefined;
  const known = modifiers.every((modifier) => modifier === 'asc' || modifier === 'desc' || modifier === 'nullsLast');
  if (!value || !known || (prefix !== undefined && !isItemType(prefix))) throw new BadRequest(`cannot sort by "${spec}"`);
  return { prefix: prefix as ItemType | undefined, value, sign: modifiers.includes('desc') ? -1 : 1, nullsLast: modifiers.includes('nullsLast') };
}

/** Sorts by `sort` (e.g. `year:desc,titleSort`), ties broken by ratingKey in the first key's direction. */
export function sortItems(items: DemoItem[], sort: string, playState: PlayState): DemoItem[] {
  const keys = sort.split(',').map(readSortKey);
  const valueOf = (item: DemoItem, key: SortKey): SortValue => {
    const subject = subjectsOf(item, key.prefix)[0];
    return subject ? key.value(subject, playState) : undefined;
  };
  const decorated = items.map((item) => ({ item, values: keys.map((key) => valueOf(item, key)) }));
  decorated.sort((left, right) => {
    for (const [index, key] of keys.entries()) {
      const [leftValue, rightValue] = [left.values[index], right.values[index]];
      if (leftValue === rightValue) continue;
      if (key.nullsLast && (leftValue === undefined || rightValue === undefined)) return leftValue === undefined ? 1 : -1;
      return compareValues(leftValue, rightValue) * key.sign;
    }
    // Ties go the way of the first key: under `addedAt:desc` the later ratingKey (added later) first, as in the hubs.
    return (Number(left.item.ratingKey) - Number(right.item.ratingKey)) * (keys[0]?.sign ?? 1);
  });
  return decorated.map((entry) => entry.item);
}
