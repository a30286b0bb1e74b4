// The filter menu (f): the library's own filters and sorts as its server lists them, and its collections; a choice lists the library again with the server's query.
import type { PlexClient } from '../../plex/client.js';
import type { PlexFilter, PlexSort } from '../../plex/models.js';
import type { Browser, Focus } from '../state/index.js';
import { openOverlay, type OverlayOwner } from './overlayPicker.js';
import type { ListSource, PickerItem, SectionQuery } from '../viewModels/index.js';

export type FilterClient = Pick<PlexClient, 'sectionFilters' | 'sectionSorts' | 'filterValues'>;

type SectionSource = Extract<ListSource, { kind: 'section' }>;

/** What holds the menu (the running TuiApp). */
export interface FilterMenuOwner extends OverlayOwner {
  readonly browser: Browser;
  focus: Focus;
  readonly options: { readonly client: FilterClient };
  showMessage(text: string): void;
}

/** What a server that lists no filters or sorts (an old one, or one that fails) is offered: the query `plexterm ls` has always sent. */
export const usualFilters: readonly PlexFilter[] = [{ filter: 'unwatched', filterType: 'boolean', title: 'Unplayed' }];
export const usualSorts: readonly PlexSort[] = [
  { key: 'titleSort', descKey: 'titleSort:desc', title: 'Title', defaultDirection: 'asc' },
  { key: 'year', descKey: 'year:desc', title: 'Year', defaultDirection: 'desc' },
  { key: 'addedAt', descKey: 'addedAt:desc', title: 'Date Added', defaultDirection: 'desc' },
];

export interface FilterChoices {
  filters: readonly PlexFilter[];
  sorts: readonly PlexSort[];
  /** Why the usual filters or sorts stand in for the server's, or null when it listed its own. */
  usualBecause: string | null;
}

/** The section's filters and sorts from its server; what it does not answer (or answers empty) is replaced by the usual ones. */
export async function loadFilterChoices(client: FilterClient, sectionKey: string): Promise<FilterChoices> {
  const [filters, sorts] = await Promise.allSettled([client.sectionFilters(sectionKey), client.sectionSorts(sectionKey)]);
  const reasons = [filters, sorts].flatMap((result) => (result.status === 'rejected' ? [describe(result.reason)] : []));
  const listed = (result: PromiseSettledResult<readonly PlexFilter[] | readonly PlexSort[]>) => result.status === 'fulfilled' && result.value.length > 0;
  return {
    filters: listed(filters) && filters.status === 'fulfilled' ? filters.value : usualFilters,
    sorts: listed(sorts) && sorts.status === 'fulfilled' ? sorts.value : usualSorts,
    usualBecause: listed(filters) && listed(sorts) ? null : (reasons[0] ?? 'the server lists none'),
  };
}

/** The direction a sort is offered in first, then the other; `id` is what `sort=` takes. */
function sortDirections(sort: PlexSort): { id: string; arrow: string }[] {
  const descending = { id: sort.descKey ?? `${sort.key}:desc`, arrow: '↓' };
  const ascending = { id: sort.key, arrow: '↑' };
  return sort.defaultDirection === 'desc' ? [descending, ascending] : [ascending, descending];
}

/** The menu's rows: everything, the collections, each filter (values chosen next, a yes/no one at once), each sort both ways. */
export function filterMenuItems(choices: FilterChoices): PickerItem[] {
  const items: PickerItem[] = [
    { id: 'all', label: 'All items', detail: 'no filter, the usual order' },
    { id: 'collections', label: 'Collections', detail: "the library's collections" },
  ];
  choices.filters.forEach((filter, index) => {
    items.push({ id: `filter:${index}`, label: filter.filterType === 'boolean' ? filter.title : `${filter.title}…`, detail: 'filter' });
  });
  choices.sorts.forEach((sort, index) => {
    for (const direction of sortDirections(sort)) items.push({ id: `sort:${index}:${direction.id}`, label: `by ${sort.title} ${direction.arrow}`, detail: 'sort' });
  });
  return items;
}

/** Opens the menu for the library the list shows; a choice lists it again with the server's query. */
export async function openFilterMenu(owner: FilterMenuOwner): Promise<void> {
  const root = owner.browser.root?.source;
  if (root?.kind !== 'section') {
    owner.showMessage('f filters a library: choose one on the left first');
    return;
  }
  const choices = await loadFilterChoices(owner.options.client, root.key);
  if (choices.usualBecause !== null) owner.showMessage(`${root.title}: the server lists no filters or sorts of its own (${choices.usualBecause}); offering the usual ones`);
  openOverlay(owner, 'quickPick', `Filter ${root.title}`, filterMenuItems(choices), (choice) => {
    if (choice !== undefined) void choose(owner, root, choices, choice);
  });
}

async function choose(owner: FilterMenuOwner, section: SectionSource, choices: FilterChoices, choice: string): Promise<void> {
  const query = section.query ?? { filters: {} };
  if (choice === 'all') return show(owner, withQuery(section, undefined));
  if (choice === 'collections') {
    // Collections are the library's, whatever filter the list had.
    return show(owner, withQuery(section, undefined), { kind: 'listing', key: `/library/sections/${encodeURIComponent(section.key)}/collections`, title: 'Collections' });
  }
  const [kind, index, ...rest] = choice.split(':');
  if (kind === 'sort') {
    const sort = rest.join(':');
    const picked = choices.sorts[Number(index)];
    return show(owner, withQuery(section, { ...query, sort, sortLabel: `by ${picked?.title ?? sort} ${sort === picked?.key ? '↑' : '↓'}` }));
  }
  const filter = choices.filters[Number(index)];
  if (!filter) return;
  if (filter.filterType === 'boolean') return show(owner, withQuery(section, { ...query, filters: { [filter.filter]: '1' }, filterLabel: filter.title }));
  const key = filter.key ?? `/library/sections/${encodeURIComponent(section.key)}/${encodeURIComponent(filter.filter)}`;
  let values: Awaited<ReturnType<FilterClient['filterValues']>>;
  try {
    values = await owner.options.client.filterValues(key);
  } catch (error) {
    owner.showMessage(`the values of ${filter.title} could not be listed: ${describe(error)}`);
    return;
  }
  if (values.length === 0) {
    owner.showMessage(`${section.title} has no ${filter.title} to filter by`);
    return;
  }
  const items = values.map((value, position) => ({ id: String(position), label: value.title, detail: '' }));
  openOverlay(owner, 'quickPick', `${section.title}: ${filter.title}`, items, (picked) => {
    const value = picked === undefined ? undefined : values[Number(picked)];
    if (value) show(owner, withQuery(section, { ...query, filters: { [filter.filter]: value.key }, filterLabel: `${filter.title}: ${value.title}` }));
  });
}

/** The section with `query` (none: as the sidebar opens it). */
function withQuery(section: SectionSource, query: SectionQuery | undefined): SectionSource {
  const plain: SectionSource = { kind: 'section', key: section.key, title: section.title, sectionType: section.sectionType };
  return query ? { ...plain, query } : plain;
}

/** A new trail from its first row: the library, and what was opened in it. */
function show(owner: FilterMenuOwner, root: ListSource, ...inside: ListSource[]): void {
  owner.browser.openRoot(root);
  for (const source of inside) owner.browser.push(source);
  owner.layout.list.setCount(0);
  owner.layout.list.cursor.select(0);
  owner.focus = 'list';
  owner.draw();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
