// The server's read endpoints: identity, root, sections, metadata, children, hubs, lists and part streams.
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { requestDetail } from './detail.js';
import { onDeckItems, recentlyAddedItems, searchHubList, searchLimit } from './hubs.js';
import type { JsonObject } from './json.js';
import { arrayList, BadRequest, pagedContainer, readPaging, readType, sectionList, type ItemList } from './listing.js';
import { renderMetadata } from './metadata.js';
import { leavesOf, type DemoItem, type DemoSection } from './model.js';
import type { PartSource } from './model.js';
import { servePart } from './partStream.js';
import { sendData, sendHtmlError } from './reply.js';
import { sectionContainer } from './sectionContainer.js';
import { sectionMeta } from './sectionTypes.js';

function identity(context: DemoContext, route: RouteRequest): void {
  sendData(route.request, route.response, { MediaContainer: { size: 0, apiVersion: '1.1.1', claimed: true, machineIdentifier: context.machineIdentifier, version: context.version } });
}

function serverInfo(context: DemoContext, route: RouteRequest): void {
  const directories = ['activities', 'butler', 'channels', 'clients', 'diagnostics', 'hubs', 'library', 'livetv', 'media', 'metadata', 'music', 'neighborhood', 'playQueues', 'player', 'playlists', 'resources', 'search', 'server', 'servers', 'statistics', 'system', 'transcode', 'updater', 'user'];
  sendData(route.request, route.response, {
    MediaContainer: {
      size: directories.length,
      allowCameraUpload: false, allowChannelAccess: true, allowMediaDeletion: true, allowSharing: true, allowSync: false, allowTuners: false,
      backgroundProcessing: true, certificate: false, companionProxy: true, countryCode: 'usa', diagnostics: '', eventStream: true,
      friendlyName: context.name, hubSearch: true, itemClusters: true, livetv: 7, machineIdentifier: context.machineIdentifier,
      mediaProviders: true, multiuser: true, musicAnalysis: 2, myPlex: true, myPlexMappingState: 'mapped', myPlexSigninState: 'ok',
      myPlexSubscription: true, myPlexUsername: 'demo@plexterm.invalid', offlineTranscode: 1, ownerFeatures: '', platform: process.platform === 'darwin' ? 'MacOSX' : 'Linux',
      platformVersion: process.version, pluginHost: true, pushNotifications: false, readOnlyLibraries: false, streamingBrainABRVersion: 3,
      streamingBrainVersion: 2, sync: true, transcoderActiveVideoSessions: 0, transcoderAudio: true, transcoderLyrics: true, transcoderPhoto: true,
      transcoderSubtitles: true, transcoderVideo: true, updatedAt: context.startedAt, updater: true, version: context.version, voiceSearch: true,
      Directory: directories.map((key) => ({ count: 1, key, title: key })),
    },
  });
}

function sectionDirectory(section: DemoSection, context: DemoContext): JsonObject {
  const updatedAt = context.startedAt;
  return {
    allowSync: true, art: `/:/resources/${section.type}-fanart.jpg`, composite: `/library/sections/${section.id}/composite/${updatedAt}`,
    filters: true, refreshing: false, thumb: `/:/resources/${section.type}.png`, key: String(section.id), type: section.type, title: section.title,
    agent: section.agent, scanner: section.scanner, language: section.language, uuid: section.uuid, updatedAt, createdAt: section.createdAt,
    scannedAt: updatedAt, content: true, directory: true, contentChangedAt: updatedAt, Location: [{ id: section.id, path: section.location }],
  };
}

function sections(context: DemoContext, route: RouteRequest): void {
  const directory = context.library.sections.map((section) => sectionDirectory(section, context));
  sendData(route.request, route.response, { MediaContainer: { size: directory.length, allowSync: false, title1: 'Plex Library', Directory: directory } });
}

export function sendPage(context: DemoContext, route: RouteRequest, list: ItemList, extra: JsonObject = {}): void {
  const page = pagedContainer(list, readPaging(route.request, route.params), context.playState, extra);
  sendData(route.request, route.response, page.body, 200, page.headers);
}

function sectionAll(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const section = context.library.section(match[1] ?? '');
  if (!section) return sendHtmlError(route.response, 404);
  const list = sectionList(section, route.params, context.playState);
  const viewGroup = route.params.get('type') ? undefined : section.type;
  // includeMeta=1: what the section can be filtered and sorted by, even on an empty page (X-Plex-Container-Size=0).
  const meta = route.params.get('includeMeta') === '1' ? { Meta: sectionMeta(section, readType(route.params), route.params.get('sort')) } : {};
  sendPage(context, route, list, { ...sectionContainer(section, context), title2: 'All', ...(viewGroup ? { viewGroup } : {}), ...meta });
}

function itemsOrNotFound(context: DemoContext, route: RouteRequest, ids: string): DemoItem[] | undefined {
  const items = ids.split(',').map((id) => context.library.item(id.trim()));
  if (items.length === 0 || items.some((item) => item === undefined)) {
    sendHtmlError(route.response, 404);
    return undefined;
  }
  return items.filter((item): item is DemoItem => item !== undefined);
}

function libraryInfo(item: DemoItem): JsonObject {
  return { identifier: 'com.plexapp.plugins.library', librarySectionID: item.section.id, librarySectionTitle: item.section.title, librarySectionUUID: item.section.uuid, mediaTagPrefix: '/system/bundle/media/flags/' };
}

function metadata(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const items = itemsOrNotFound(context, route, match[1] ?? '');
  if (!items) return;
  const first = items[0];
  sendData(route.request, route.response, {
    MediaContainer: { size: items.length, allowSync: true, ...(first ? libraryInfo(first) : {}), Metadata: items.map((item) => renderMetadata(item, context.playState, requestDetail(context, route))) },
  });
}

function parentInfo(item: DemoItem): JsonObject {
  return {
    key: String(item.ratingKey), parentIndex: item.index, parentTitle: item.title, parentYear: item.year,
    title1: item.parent?.title ?? item.section.title, title2: item.title, viewGroup: item.children[0]?.type ?? item.type,
    viewMode: 65592, thumb: `/library/metadata/${item.ratingKey}/thumb/${item.updatedAt}`,
  };
}

function descendants(leaves: boolean) {
  return (context: DemoContext, route: RouteRequest, match: RegExpExecArray): void => {
    const items = itemsOrNotFound(context, route, match[1] ?? '');
    const item = items?.[0];
    if (!item) return;
    const list = leaves ? leavesOf(item) : item.children;
    sendPage(context, route, arrayList(list), { allowSync: true, ...libraryInfo(item), ...parentInfo(item) });
  };
}

function search(context: DemoContext, route: RouteRequest): void {
  const query = route.params.get('query');
  if (!query) throw new BadRequest('query is required');
  const hubs = searchHubList(context, query, searchLimit(route.params));
  sendData(route.request, route.response, { MediaContainer: { size: hubs.length, Hub: hubs } });
}

function onDeck(context: DemoContext, route: RouteRequest): void {
  sendPage(context, route, arrayList(onDeckItems(context)), { allowSync: false, identifier: 'com.plexapp.plugins.library', mediaTagPrefix: '/system/bundle/media/flags/', mixedParents: true });
}

function continueWatchingHub(context: DemoContext, route: RouteRequest): void {
  const items = onDeckItems(context);
  const count = Number(route.params.get('count') ?? '') || items.length;
  const shown = items.slice(0, count);
  const hub: JsonObject = {
    hubKey: `/library/metadata/${shown.map((item) => item.ratingKey).join(',')}`, key: '/hubs/continueWatching/items', title: 'Continue Watching',
    type: 'mixed', hubIdentifier: 'home.continue', context: 'hub.home.continue', size: shown.length, more: items.length > shown.length, style: 'hero', promoted: true,
    ...(shown.length > 0 ? { Metadata: shown.map((item) => renderMetadata(item, context.playState)) } : {}),
  };
  sendData(route.request, route.response, { MediaContainer: { size: 1, allowSync: false, identifier: 'com.plexapp.plugins.library', Hub: [hub] } });
}

function continueWatchingItems(context: DemoContext, route: RouteRequest): void {
  sendPage(context, route, arrayList(onDeckItems(context)), { allowSync: false, identifier: 'com.plexapp.plugins.library', mixedParents: true });
}

function recentlyAdded(context: DemoContext, route: RouteRequest): void {
  sendPage(context, route, arrayList(recentlyAddedItems(context)), { allowSync: false, identifier: 'com.plexapp.plugins.library', mediaTagPrefix: '/system/bundle/media/flags/', mixedParents: true });
}

function part(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const found = context.library.part(Number(match[1]));
  if (!found || String(found.changestamp) !== match[2] || context.removedParts.has(found.id)) return sendHtmlError(route.response, 404);
  const rewrites = context.partRewrites.get(found.id) ?? 0;
  servePart(route.request, route.response, rewrites % 2 === 1 ? rewrittenPart(found) : found, {
    quirks: context.quirks, rateBytesPerSecond: context.rateBytesPerSecond, uplink: context.uplink, timers: context.timers, download: route.params.get('download') === '1', rewrites,
  });
}

/** The part with other bytes of the same size (each one inverted), as a file replaced behind the server's back. */
function rewrittenPart(part: PartSource): PartSource {
  return {
    ...part,
    bytes: (offset, length) => {
      const bytes = Buffer.from(part.bytes(offset, length));
      for (let index = 0; index < bytes.length; index += 1) bytes[index] = (bytes[index] ?? 0) ^ 0xff;
      return bytes;
    },
  };
}

export const libraryRoutes: Route[] = [
  { pattern: /^\/identity\/?$/, methods: readMethods, handler: identity },
  { pattern: /^\/$/, methods: readMethods, handler: serverInfo },
  { pattern: /^\/library\/sections(?:\/all)?\/?$/, methods: readMethods, handler: sections },
  { pattern: /^\/library\/sections\/(\d+)\/all\/?$/, methods: readMethods, handler: sectionAll },
  { pattern: /^\/library\/metadata\/([\d,\s]+)\/?$/, methods: readMethods, handler: metadata },
  { pattern: /^\/library\/metadata\/(\d+)\/children\/?$/, methods: readMethods, handler: descendants(false) },
  { pattern: /^\/library\/metadata\/(\d+)\/allLeaves\/?$/, methods: readMethods, handler: descendants(true) },
  { pattern: /^\/hubs\/search\/?$/, methods: readMethods, handler: search },
  { pattern: /^\/library\/onDeck\/?$/, methods: readMethods, handler: onDeck },
  { pattern: /^\/hubs\/continueWatching\/?$/, methods: readMethods, handler: continueWatchingHub },
  { pattern: /^\/hubs\/continueWatching\/items\/?$/, methods: readMethods, handler: continueWatchingItems },
  { pattern: /^\/library\/recentlyAdded\/?$/, methods: readMethods, handler: recentlyAdded },
  { pattern: /^\/library\/parts\/(\d+)\/(\d+)\/[^/]+$/, methods: readMethods, handler: part },
];
