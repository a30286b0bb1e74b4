// The values a section's filter can take (/library/sections/{id}/genre, /year, /decade, /contentRating, /collection, /studio), each with the fastKey that lists its items.
import type { JsonObject } from './json.js';
import { compact } from './json.js';
import { mediaTypeNumber, type DemoItem, type DemoSection, type ItemType } from './model.js';
import { tagId } from './tags.js';

interface Choice {
  key: string;
  title: string;
}

function choicesOf(filter: string, item: DemoItem): Choice[] {
  switch (filter) {
    case 'genre':
      return item.genres.map((genre) => ({ key: String(tagId('genre', genre)), title: genre }));
    case 'year':
      return item.year === undefined ? [] : [{ key: String(item.year), title: String(item.year) }];
    case 'decade': {
      if (item.year === undefined) return [];
      const decade = Math.floor(item.year / 10) * 10;
      return [{ key: String(decade), title: `${decade}s` }];
    }
    case 'contentRating':
      return item.contentRating === undefined ? [] : [{ key: item.contentRating, title: item.contentRating }];
    case 'studio':
      return item.studio === undefined ? [] : [{ key: item.studio, title: item.studio }];
    case 'collection':
      return (item.collections ?? []).map((collection) => ({ key: collection.ratingKey, title: collection.title }));
    default:
      return [];
  }
}

/** Years and decades newest first, as the real server lists them; names in alphabetical order. */
function orderChoices(filter: string, choices: Choice[]): Choice[] {
  if (filter === 'year' || filter === 'decade') return choices.sort((left, right) => Number(right.key) - Number(left.key));
  return choices.sort((left, right) => left.title.localeCompare(right.title));
}

/** Every distinct value of `filter` among the section's items of `type` (its top level when undefined), as Directory entries. */
export function filterChoices(section: DemoSection, filter: string, type: ItemType | undefined): JsonObject[] {
  const byKey = new Map<string, Choice>();
  for (const item of section.contents.items(type)) for (const choice of choicesOf(filter, item)) if (!byKey.has(choice.key)) byKey.set(choice.key, choice);
  const typeQuery = type === undefined ? '' : `type=${mediaTypeNumber[type]}&`;
  const tagged = filter !== 'year' && filter !== 'decade';
  return orderChoices(filter, [...byKey.values()]).map((choice) => compact({
    fastKey: `/library/sections/${section.id}/all?${typeQuery}${filter}=${encodeURIComponent(choice.key)}`, key: choice.key, title: choice.title, type: tagged ? filter : undefined,
  }));
}

export const choiceTitles: Record<string, string> = {
  genre: 'By Genre', year: 'By Year', decade: 'By Decade', contentRating: 'By Content Rating', collection: 'By Collection', studio: 'By Studio',
};
