// The library's browse endpoints around the section listing: the library root, /library/all across sections, and a
// section's details, filters, sorts, filter values, first characters, views (unwatched, newest...) and collections.
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { choiceTitles, filterChoices } from './filterChoices.js';
import { onDeckItems } from './hubs.js';
import type { JsonObject } from './json.js';
import { sendPage } from './libraryRoutes.js';
import { arrayList, queriedItems, readType } from './listing.js';
import type { DemoItem, DemoSection } from './model.js';
import { sendData, sendHtmlError } from './reply.js';
import { libraryIdentifier, mediaTagPrefix, sectionContainer } from './sectionContainer.js';
import { choiceFilters, filterDirectory, sectionMeta, sectionTypeList, sortDirectory } from './sectionTypes.js';
import { titleSort } from './itemSort.js';

type SectionHandler = (context: DemoContext, route: RouteRequest, section: DemoSection, match: RegExpExecArray) => void;

/** Runs `handler` for the section the path names, or answers 404. */
function forSection(handler: SectionHandler) {
  return (context: DemoContext, route: RouteRequest, match: RegExpExecArray): void => {
    const section = context.library.section(match[1] ?? '');
    if (!section) return sendHtmlError(route.response, 404);
    handler(context, route, section, match);
  };
}

function libraryRoot(context: DemoContext, route: RouteRequest): void {
  const directories = [['sections', 'Library Sections'], ['recentlyAdded', 'Recently Added Content'], ['onDeck', 'On Deck']];
  sendData(route.request, route.response, {
    MediaContainer: {
      size: directories.length, allowSync: false, art: '/:/resources/library-art.png', content: '', identifier: libraryIdentifier,
      mediaTagPrefix, mediaTagVersion: context.startedAt, title1: 'Plex Library', title2: '',
      Directory: directories.map(([key, title]) => ({ key, title })),
    },
  });
}

/** `/library/all`: the media query over every hand-made section (the generated Big Library stays out, as in every cross-library view). */
function libraryAll(context: DemoContext, route: RouteRequest): void {
  const type = readType(route.params);
  const items = (): DemoItem[] => context.library.sections.filter((section) => !section.generated).flatMap((section) => [...section.contents.items(type)]);
  const list = queriedItems(items, route.params, context.playState) ?? items();
  sendPage(context, route, arrayList(list), { allowSync: true, identifier: libraryIdentifier, mediaTagPrefix, mediaTagVersion: context.startedAt, mixedParents: true, title1: 'All' });
}

/** A secondary list of a section (filter values, first letters, the section's own menu). */
function sendSecondary(context: DemoContext, route: RouteRequest, section: DemoSection, title2: string, entries: JsonObject, size: number): void {
  const { allowSync: _allowSync, librarySectionTitle: _title, librarySectionUUID: _uuid, ...common } = sectionContainer(section, context);
  sendData(route.request, route.response, {
    MediaContainer: { size, allowSync: false, content: 'secondary', nocache: true, ...common, title2, viewGroup: 'secondary', viewMode: 65592, ...entries },
  });
}

const primaryViews: [string, string][] = [['unwatched', 'Unplayed'], ['newest', 'Recently Released'], ['recentlyAdded', 'Recently Added'], ['recentlyViewed', 'Recently Viewed'], ['onDeck', 'On Deck']];

function sectionDetails(context: DemoContext, route: RouteRequest, section: DemoSection): void {
  const top = filterDirectory(section, undefined) ?? [];
  const secondary = top.map((entry) => String(entry.filter)).filter((filter) => choiceFilters.has(filter));
  const directory: JsonObject[] = [
    { key: 'all', title: `All ${section.title}` },
    ...primaryViews.map(([key, title]) => ({ key, title })),
    ...secondary.map((filter) => ({ key: filter, title: choiceTitles[filter] ?? filter, secondary: true })),
    { key: 'firstCharacter', title: 'By First Letter', secondary: true },
  ];
  const details = route.params.get('includeDetails') === '1' ? { Type: sectionTypeList(section) } : {};
  sendSecondary(context, route, section, '', { Directory: directory, ...details }, directory.length);
}

function sectionFilters(context: DemoContext, route: RouteRequest, section: DemoSection): void {
  const entries = filterDirectory(section, readType(route.params));
  if (!entries) return sendHtmlError(route.response, 404);
  sendSecondary(context, route, section, 'Filters', { Directory: entries }, entries.length);
}

function sectionSorts(context: DemoContext, route: RouteRequest, section: DemoSection): void {
  const entries = sortDirectory(section, readType(route.params), route.params.get('sort'));
  if (!entries) return sendHtmlError(route.response, 404);
  sendSecondary(context, route, section, 'Sorts', { Directory: entries }, entries.length);
}

function sectionChoices(context: DemoContext, route: RouteRequest, section: DemoSection, match: RegExpExecArray): void {
  const filter = match[2] ?? '';
  const entries = filterChoices(section, filter, readType(route.params));
  sendSecondary(context, route, section, choiceTitles[filter] ?? filter, { Directory: entries }, entries.length);
}

/** `/firstCharacter`: how many titles start with each letter (by titleSort; anything but a letter is #). */
function firstCharacter(context: DemoContext, route: RouteRequest, section: DemoSection): void {
  const counts = new Map<string, number>();
  for (const item of section.contents.items(readType(route.params))) {
    const first = titleSort(item.title).charAt(0).toUpperCase();
    const key = /^[A-Z]$/.test(first) ? first : '#';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts].sort(([left], [right]) => left.localeCompare(right)).map(([key, size]) => ({ size, key, title: key }));
  sendSecondary(context, route, section, 'By First Letter', { Directory: entries }, entries.length);
}

/** The section's primary views, each a media query with a preset: what Plex Web still offers as shortcuts. */
function sectionView(context: DemoContext, route: RouteRequest, section: DemoSection, match: RegExpExecArray): void {
  const view = match[2] ?? '';
  // A music section's recently added are its albums, as the real server (and its hub) lists them.
  const type = readType(route.params) ?? (view === 'recentlyAdded' && section.type === 'artist' ? 'album' : undefined);
  const query = new URLSearchParams(route.params);
  const presets: Record<string, [string, string]> = { unwatched: ['unwatched', '1'], newest: ['sort', 'originallyAvailableAt:desc'], recentlyAdded: ['sort', 'addedAt:desc'], recentlyViewed: ['sort', 'lastViewedAt:desc'] };
  let items: DemoItem[];
  if (view === 'onDeck') {
    items = onDeckItems(context).filter((item) => item.section.id === section.id);
  } else {
    const [name, value] = presets[view] ?? ['', ''];
    if (!query.has(name)) query.set(name, value);
    items = queriedItems(() => section.contents.items(type), query, context.playState) ?? [];
    if (view === 'recentlyViewed') items = items.filter((item) => context.playState.get(item.ratingKey).lastViewedAt !== undefined);
  }
  const title2 = primaryViews.find(([key]) => key === view)?.[1] ?? view;
  sendPage(context, route, arrayList(items), { ...sectionContainer(section, context), title2, ...(type ? {} : { viewGroup: section.type }) });
}

function sectionCollections(context: DemoContext, route: RouteRequest, section: DemoSection): void {
  const items = (): Iterable<DemoItem> => section.contents.items('collection');
  const list = queriedItems(items, route.params, context.playState) ?? [...items()];
  const meta = route.params.get('includeMeta') === '1' ? { Meta: sectionMeta(section, 'collection', route.params.get('sort')) } : {};
  sendPage(context, route, arrayList(list), { ...sectionContainer(section, context), title2: 'Collections', viewGroup: 'secondary', ...meta });
}

const choiceNames = [...choiceFilters].join('|');

export const sectionRoutes: Route[] = [
  { pattern: /^\/library\/?$/, methods: readMethods, handler: libraryRoot },
  { pattern: /^\/library\/all\/?$/, methods: readMethods, handler: libraryAll },
  { pattern: /^\/library\/sections\/(\d+)\/?$/, methods: readMethods, handler: forSection(sectionDetails) },
  { pattern: /^\/library\/sections\/(\d+)\/filters\/?$/, methods: readMethods, handler: forSection(sectionFilters) },
  { pattern: /^\/library\/sections\/(\d+)\/sorts\/?$/, methods: readMethods, handler: forSection(sectionSorts) },
  { pattern: new RegExp(`^/library/sections/(\\d+)/(${choiceNames})/?$`), methods: readMethods, handler: forSection(sectionChoices) },
  { pattern: /^\/library\/sections\/(\d+)\/firstCharacter\/?$/, methods: readMethods, handler: forSection(firstCharacter) },
  { pattern: /^\/library\/sections\/(\d+)\/(unwatched|newest|recentlyAdded|recentlyViewed|onDeck)\/?$/, methods: readMethods, handler: forSection(sectionView) },
  { pattern: /^\/library\/sections\/(\d+)\/collections\/?$/, methods: readMethods, handler: forSection(sectionCollections) },
];
