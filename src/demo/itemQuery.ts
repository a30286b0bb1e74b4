// The real server's media query on listings: `field=value` filters with a type prefix (`show.genre`), an operator
// (`year>>=`, `genre!=`, `title==`), commas for "any of", every parameter combined with "and"; unknown parameters are ignored.
import { BadRequest } from './badRequest.js';
import { isItemType, subjectsOf } from './itemSubjects.js';
import type { DemoItem, ItemType } from './model.js';
import type { PlayState } from './playState.js';
import { tagId } from './tags.js';

/** The field types the real server names in Meta's FieldType list. */
export type FieldKind = 'tag' | 'integer' | 'string' | 'boolean';

/** A tag as a filter value may name it: by id (when it has one) or by name. */
export interface TagValue {
  id?: string;
  name: string;
}

type FieldValue = string | number | boolean | TagValue;

interface QueryField {
  kind: FieldKind;
  values(item: DemoItem, playState: PlayState): FieldValue[];
}

/** Whether no leaf at or below `item` has been watched to the end. */
function isUnwatched(item: DemoItem, playState: PlayState): boolean {
  if (item.media) return playState.get(item.ratingKey).viewCount === 0;
  return item.children.some((child) => isUnwatched(child, playState));
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/** The fields the demo filters by; Meta's Field and Filter lists name only these. */
export const queryFields: Record<string, QueryField> = {
  title: { kind: 'string', values: (item) => [item.title] },
  studio: { kind: 'string', values: (item) => present(item.studio) },
  year: { kind: 'integer', values: (item) => present(item.year) },
  decade: { kind: 'integer', values: (item) => present(item.year === undefined ? undefined : Math.floor(item.year / 10) * 10) },
  genre: { kind: 'tag', values: (item) => item.genres.map((name) => ({ id: String(tagId('genre', name)), name })) },
  contentRating: { kind: 'tag', values: (item) => present(item.contentRating).map((name) => ({ name })) },
  collection: { kind: 'tag', values: (item) => (item.collections ?? []).map((collection) => ({ id: collection.ratingKey, name: collection.title })) },
  unwatched: { kind: 'boolean', values: (item, playState) => [isUnwatched(item, playState)] },
};

type Operator = '' | '!' | '>>' | '<<' | '>' | '<';

export interface Condition {
  prefix: ItemType | undefined;
  field: QueryField;
  operator: Operator;
  values: string[];
}

const parameterPattern = /^(?:([a-zA-Z]+)\.)?([a-zA-Z]+)(!|>>|<<|>|<)?$/;

/** The filter conditions among `params`; parameters that name no known field (paging, flags, headers) are left alone. */
export function readConditions(params: URLSearchParams): Condition[] {
  const conditions: Condition[] = [];
  for (const [name, value] of params) {
    const match = parameterPattern.exec(name);
    const [, prefixName, fieldName = '', operatorText = ''] = match ?? [];
    const field = Object.hasOwn(queryFields, fieldName) ? queryFields[fieldName] : undefined;
    if (!match || !field || (prefixName !== undefined && !isItemType(prefixName))) continue;
    conditions.push({ prefix: prefixName as ItemType | undefined, field, operator: operatorText as Operator, values: value.split(',') });
  }
  return conditions;
}

function booleanValue(text: string): boolean {
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new BadRequest(`"${text}" is not 1 or 0`);
}

function numberValue(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new BadRequest(`"${text}" is not a number`);
  return value;
}

/** Whether one of the item's values satisfies `operator` with one filter value (the "not" is applied by the caller). */
function satisfies(kind: FieldKind, operator: Operator, actual: FieldValue, wanted: string): boolean {
  if (kind === 'boolean') return actual === booleanValue(wanted);
  if (kind === 'integer') {
    const number = numberValue(wanted);
    if (typeof actual !== 'number') return false;
    if (operator === '>>' || operator === '>') return actual > number;
    if (operator === '<<' || operator === '<') return actual < number;
    return actual === number;
  }
  if (kind === 'tag') {
    if (typeof actual !== 'object') return false;
    return wanted === actual.id || wanted.toLowerCase() === actual.name.toLowerCase();
  }
  const text = String(actual).toLowerCase();
  // `title==x` reaches us as title = "=x": the exact match of a string field.
  if (wanted.startsWith('=')) return text === wanted.slice(1).toLowerCase();
  const needle = wanted.toLowerCase();
  if (operator === '<') return text.startsWith(needle);
  if (operator === '>') return text.endsWith(needle);
  return text.includes(needle);
}

function meets(item: DemoItem, condition: Condition, playState: PlayState): boolean {
  const actual = subjectsOf(item, condition.prefix).flatMap((subject) => condition.field.values(subject, playState));
  const negated = condition.operator === '!';
  const operator = negated ? '' : condition.operator;
  const any = condition.values.some((wanted) => actual.some((value) => satisfies(condition.field.kind, operator, value, wanted)));
  return negated ? !any : any;
}

/** The items that meet every condition, in their order. */
export function filterItems(items: Iterable<DemoItem>, conditions: readonly Condition[], playState: PlayState): DemoItem[] {
  const kept: DemoItem[] = [];
  for (const item of items) if (conditions.every((condition) => meets(item, condition, playState))) kept.push(item);
  return kept;
}
