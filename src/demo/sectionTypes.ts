// What a section says it can filter and sort by, as the real server does in Meta (Type with Filter, Sort and Field;
// FieldType with Operator) and in /filters and /sorts: exactly the fields the demo's media query handles.
import { queryFields, type FieldKind } from './itemQuery.js';
import type { JsonObject } from './json.js';
import { compact } from './json.js';
import { mediaTypeNumber, type DemoSection, type ItemType, type SectionType } from './model.js';

interface TypeSpec {
  type: ItemType;
  title: string;
  filters: string[];
  sorts: string[];
}

const filterTitles: Record<string, string> = {
  genre: 'Genre', year: 'Year', decade: 'Decade', contentRating: 'Content Rating', collection: 'Collection', studio: 'Studio', unwatched: 'Unplayed', title: 'Title',
};

/** Each sort's title and the direction it starts in. */
const sortTitles: Record<string, [string, 'asc' | 'desc']> = {
  titleSort: ['Title', 'asc'], year: ['Year', 'desc'], originallyAvailableAt: ['Release Date', 'desc'], rating: ['Critic Rating', 'desc'],
  addedAt: ['Date Added', 'desc'], lastViewedAt: ['Date Viewed', 'desc'], viewCount: ['Plays', 'desc'], duration: ['Duration', 'desc'], index: ['Number', 'asc'],
};

const viewedSorts = ['addedAt', 'lastViewedAt'];

const typesBySection: Record<SectionType, TypeSpec[]> = {
  movie: [
    { type: 'movie', title: 'Movies', filters: ['genre', 'year', 'decade', 'contentRating', 'collection', 'studio', 'unwatched'], sorts: ['titleSort', 'year', 'originallyAvailableAt', 'rating', ...viewedSorts, 'viewCount', 'duration'] },
  ],
  show: [
    { type: 'show', title: 'TV Shows', filters: ['genre', 'year', 'contentRating', 'studio', 'unwatched'], sorts: ['titleSort', 'year', ...viewedSorts] },
    { type: 'season', title: 'Seasons', filters: ['year', 'unwatched'], sorts: ['index', 'titleSort', ...viewedSorts] },
    { type: 'episode', title: 'Episodes', filters: ['year', 'decade', 'unwatched'], sorts: ['titleSort', 'originallyAvailableAt', 'index', ...viewedSorts, 'duration'] },
  ],
  artist: [
    { type: 'artist', title: 'Artists', filters: ['genre', 'unwatched'], sorts: ['titleSort', ...viewedSorts] },
    { type: 'album', title: 'Albums', filters: ['genre', 'year', 'decade', 'unwatched'], sorts: ['titleSort', 'year', 'originallyAvailableAt', ...viewedSorts] },
    { type: 'track', title: 'Tracks', filters: ['unwatched'], sorts: ['titleSort', 'index', ...viewedSorts, 'viewCount', 'duration'] },
  ],
};

const collectionType: TypeSpec = { type: 'collection', title: 'Collections', filters: [], sorts: ['titleSort', 'addedAt'] };

/** The filters whose values /library/sections/{id}/{filter} lists as choices. */
export const choiceFilters = new Set(['genre', 'year', 'decade', 'contentRating', 'collection', 'studio']);

const operators: Record<FieldKind, [string, string][]> = {
  tag: [['=', 'is'], ['!=', 'is not']],
  integer: [['=', 'is'], ['!=', 'is not'], ['>>=', 'is greater than'], ['<<=', 'is less than']],
  string: [['=', 'contains'], ['!=', 'does not contain'], ['==', 'is'], ['!==', 'is not'], ['<=', 'begins with'], ['>=', 'ends with']],
  boolean: [['=', 'is true'], ['!=', 'is false']],
};

/** The item types a section holds, its top level first; collections only where the section has some. */
function typeSpecs(section: DemoSection): TypeSpec[] {
  return typesBySection[section.type].map((spec) => (section.contents.count('collection') > 0 || !spec.filters.includes('collection') ? spec : { ...spec, filters: spec.filters.filter((name) => name !== 'collection') }));
}

/** The spec of `type` in `section` (its top level when undefined); undefined when the section holds no such type. */
function typeSpec(section: DemoSection, type: ItemType | undefined): TypeSpec | undefined {
  if (type === 'collection') return collectionType;
  const specs = typeSpecs(section);
  return type === undefined ? specs[0] : specs.find((spec) => spec.type === type);
}

/** A filter's value type as Filter elements say it: tags are chosen from a list of strings. */
function filterType(filter: string): string {
  const kind = queryFields[filter]?.kind ?? 'string';
  return kind === 'tag' ? 'string' : kind;
}

function filterEntries(section: DemoSection, spec: TypeSpec): JsonObject[] {
  return spec.filters.map((filter) => ({
    filter, filterType: filterType(filter),
    key: `/library/sections/${section.id}/${filter}?type=${mediaTypeNumber[spec.type]}`, title: filterTitles[filter] ?? filter, type: 'filter',
  }));
}

/** The sort the request asked for (its first field, without a type prefix), to mark it active. */
function activeSort(sort: string | null): { key: string; direction: string } | undefined {
  const [name = '', ...modifiers] = (sort ?? '').split(',')[0]?.split(':') ?? [];
  if (name === '') return undefined;
  return { key: name.slice(name.indexOf('.') + 1), direction: modifiers.includes('desc') ? 'desc' : 'asc' };
}

function sortEntries(section: DemoSection, spec: TypeSpec, sort: string | null): JsonObject[] {
  const active = activeSort(sort);
  return spec.sorts.map((key) => {
    const [title, direction] = sortTitles[key] ?? [key, 'asc'];
    const isActive = active?.key === key;
    return compact({
      active: isActive ? true : undefined, activeDirection: isActive ? active.direction : undefined, defaultDirection: direction, descKey: `${key}:desc`,
      firstCharacterKey: key === 'titleSort' ? `/library/sections/${section.id}/firstCharacter` : undefined, key, title,
    });
  });
}

function fieldEntries(spec: TypeSpec): JsonObject[] {
  const prefix = spec.type === 'movie' ? '' : `${spec.type}.`;
  return ['title', ...spec.filters].map((name) => ({ key: `${prefix}${name}`, title: filterTitles[name] ?? name, type: queryFields[name]?.kind ?? 'string' }));
}

function typeEntry(section: DemoSection, spec: TypeSpec, active: boolean, sort: string | null, withFields: boolean): JsonObject {
  const key = spec.type === 'collection' ? `/library/sections/${section.id}/collections` : `/library/sections/${section.id}/all?type=${mediaTypeNumber[spec.type]}`;
  const filters = filterEntries(section, spec);
  return compact({
    key, type: spec.type, title: spec.title, active,
    Filter: filters.length > 0 ? filters : undefined, Sort: sortEntries(section, spec, sort), Field: withFields ? fieldEntries(spec) : undefined,
  });
}

/** Meta of `/all?includeMeta=1` (every type of the section, `type` active) or of `/collections?includeMeta=1` (the collection type). */
export function sectionMeta(section: DemoSection, type: ItemType | undefined, sort: string | null): JsonObject {
  const active = typeSpec(section, type);
  const specs = type === 'collection' ? [collectionType] : typeSpecs(section);
  const kinds = new Set<FieldKind>(['string']);
  for (const spec of specs) for (const filter of spec.filters) kinds.add(queryFields[filter]?.kind ?? 'string');
  return {
    Type: specs.map((spec) => typeEntry(section, spec, spec === active, sort, true)),
    FieldType: [...kinds].map((kind) => ({ type: kind, Operator: (operators[kind] ?? []).map(([key, title]) => ({ key, title })) })),
  };
}

/** The Type list of `/library/sections/{id}?includeDetails=1`: types with their filters and sorts, no fields. */
export function sectionTypeList(section: DemoSection): JsonObject[] {
  return typeSpecs(section).map((spec, index) => typeEntry(section, spec, index === 0, null, false));
}

/** `/library/sections/{id}/filters` and `/sorts`: the Filter or Sort entries of one type, as Directory elements. */
export function filterDirectory(section: DemoSection, type: ItemType | undefined): JsonObject[] | undefined {
  const spec = typeSpec(section, type);
  return spec && filterEntries(section, spec);
}

export function sortDirectory(section: DemoSection, type: ItemType | undefined, sort: string | null): JsonObject[] | undefined {
  const spec = typeSpec(section, type);
  return spec && sortEntries(section, spec, sort);
}
