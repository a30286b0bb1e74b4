// The home screen's hubs (GET /hubs), a section's (GET /hubs/sections/{id}) and the lists their keys name.
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { wholeList } from './detail.js';
import { itemsKey, onDeckItems, recentlyAddedItems } from './hubs.js';
import type { JsonObject } from './json.js';
import { arrayList, BadRequest, pagedContainer, readPaging } from './listing.js';
import { renderMetadata } from './metadata.js';
import { mediaTypeNumber, type DemoItem, type DemoSection, type ItemType } from './model.js';
import { sendData, sendHtmlError } from './reply.js';

const libraryIdentifier = 'com.plexapp.plugins.library';
/** How many items a hub shows without `count=`. */
const defaultCount = 12;

interface HubSource {
  hubIdentifier: string;
  title: string;
  /** The items' type, or `mixed`. */
  type: string;
  /** Where every item of the hub is listed. */
  key: string;
  style?: string;
  items: DemoItem[];
}

function hubCount(route: RouteRequest): number {
  const text = route.params.get('count');
  if (text === null || text === '') return defaultCount;
  if (!/^\d+$/.test(text)) throw new BadRequest('count must be a whole number');
  return Number(text);
}

function renderHub(context: DemoContext, source: HubSource, count: number): JsonObject {
  const shown = source.items.slice(0, count);
  return {
    hubKey: itemsKey(shown), key: source.key, title: source.title, type: source.type, hubIdentifier: source.hubIdentifier,
    context: `hub.${source.hubIdentifier}`, size: shown.length, more: source.items.length > shown.length, style: source.style ?? 'shelf',
    ...(shown.length > 0 ? { Metadata: shown.map((item) => renderMetadata(item, context.playState)) } : {}),
  };
}

/** What "recently added" shows for a type: movies, seasons (shows) or albums (artists). */
const recentKinds: Partial<Record<ItemType, ItemType>> = { movie: 'movie', show: 'season', artist: 'album' };

function recentOf(context: DemoContext, type: ItemType, section?: DemoSection): DemoItem[] {
  const kind = recentKinds[type];
  return recentlyAddedItems(context).filter((item) => item.type === kind && (!section || item.section.id === section.id));
}

function homeHubs(context: DemoContext): HubSource[] {
  // The real server's Continue Watching is its On Deck (in progress, then next episodes) under a new name; both hubs show it.
  const deck = onDeckItems(context);
  return [
    { hubIdentifier: 'home.continue', title: 'Continue Watching', type: 'mixed', key: '/hubs/continueWatching/items', style: 'hero', items: deck },
    { hubIdentifier: 'home.ondeck', title: 'On Deck', type: 'mixed', key: '/library/onDeck', items: deck },
    { hubIdentifier: 'home.movies.recent', title: 'Recently Added Movies', type: 'movie', key: '/hubs/home/recentlyAdded?type=1', items: recentOf(context, 'movie') },
    { hubIdentifier: 'home.television.recent', title: 'Recently Added TV', type: 'season', key: '/hubs/home/recentlyAdded?type=2', items: recentOf(context, 'show') },
    { hubIdentifier: 'home.music.recent', title: 'Recently Added Music', type: 'album', key: '/hubs/home/recentlyAdded?type=8', items: recentOf(context, 'artist') },
  ];
}

const sectionHubNames: Record<DemoSection['type'], { prefix: string; recent: string; deck: string; deckTitle: string }> = {
  movie: { prefix: 'movie', recent: 'Recently Added Movies', deck: 'inprogress', deckTitle: 'Continue Watching' },
  show: { prefix: 'tv', recent: 'Recently Added TV', deck: 'ondeck', deckTitle: 'On Deck' },
  artist: { prefix: 'music', recent: 'Recently Added Music', deck: 'recent.played', deckTitle: 'Recently Played' },
};

function sectionHubs(context: DemoContext, section: DemoSection): HubSource[] {
  const names = sectionHubNames[section.type];
  const deck = onDeckItems(context).filter((item) => item.section.id === section.id);
  return [
    { hubIdentifier: `${names.prefix}.${names.deck}.${section.id}`, title: names.deckTitle, type: section.type === 'show' ? 'episode' : section.type === 'movie' ? 'movie' : 'track', key: `/library/sections/${section.id}/onDeck`, items: deck },
    { hubIdentifier: `${names.prefix}.recentlyadded.${section.id}`, title: names.recent, type: recentKinds[section.type] ?? section.type, key: `/library/sections/${section.id}/recentlyAdded`, items: recentOf(context, section.type, section) },
  ];
}

function sendHubs(context: DemoContext, route: RouteRequest, sources: HubSource[], extra: JsonObject = {}): void {
  const count = hubCount(route);
  const only = route.params.get('identifier')?.split(',');
  const hubs = sources.filter((source) => !only || only.includes(source.hubIdentifier)).map((source) => renderHub(context, source, count));
  sendData(route.request, route.response, { MediaContainer: { ...wholeList(hubs.length), allowSync: true, identifier: libraryIdentifier, ...extra, Hub: hubs } });
}

function home(context: DemoContext, route: RouteRequest): void {
  sendHubs(context, route, homeHubs(context));
}

function section(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const found = context.library.section(match[1] ?? '');
  // The real server answers 400 for a section it does not have.
  if (!found) return sendHtmlError(route.response, 400);
  sendHubs(context, route, sectionHubs(context, found), { librarySectionID: found.id, librarySectionTitle: found.title, librarySectionUUID: found.uuid });
}

function sendItems(context: DemoContext, route: RouteRequest, items: DemoItem[], extra: JsonObject = {}): void {
  const page = pagedContainer(arrayList(items), readPaging(route.request, route.params), context.playState, { allowSync: false, identifier: libraryIdentifier, mediaTagPrefix: '/system/bundle/media/flags/', ...extra });
  sendData(route.request, route.response, page.body, 200, page.headers);
}

const typesByNumber = new Map<string, ItemType>(Object.entries(mediaTypeNumber).map(([type, number]) => [String(number), type as ItemType]));

function homeRecent(context: DemoContext, route: RouteRequest): void {
  const type = typesByNumber.get(route.params.get('type') ?? '1');
  if (!type || !recentKinds[type]) throw new BadRequest('type must be 1 (movies), 2 (shows) or 8 (artists)');
  sendItems(context, route, recentOf(context, type));
}

function sectionList(pick: (context: DemoContext, section: DemoSection) => DemoItem[]) {
  return (context: DemoContext, route: RouteRequest, match: RegExpExecArray): void => {
    const found = context.library.section(match[1] ?? '');
    if (!found) return sendHtmlError(route.response, 404);
    sendItems(context, route, pick(context, found), { librarySectionID: found.id, librarySectionTitle: found.title, librarySectionUUID: found.uuid });
  };
}

export const hubRoutes: Route[] = [
  { pattern: /^\/hubs\/?$/, methods: readMethods, handler: home },
  { pattern: /^\/hubs\/sections\/(\d+)\/?$/, methods: readMethods, handler: section },
  { pattern: /^\/hubs\/home\/recentlyAdded\/?$/, methods: readMethods, handler: homeRecent },
  { pattern: /^\/library\/sections\/(\d+)\/onDeck\/?$/, methods: readMethods, handler: sectionList((context, found) => onDeckItems(context).filter((item) => item.section.id === found.id)) },
  { pattern: /^\/library\/sections\/(\d+)\/recentlyAdded\/?$/, methods: readMethods, handler: sectionList((context, found) => recentOf(context, found.type, found)) },
];
