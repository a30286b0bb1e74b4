// A collection and its members: /library/collections/{id}, and /children (what clients read) or /items (what the OpenAPI description names).
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { sendPage } from './libraryRoutes.js';
import { arrayList, queriedItems } from './listing.js';
import { renderMetadata } from './metadata.js';
import type { DemoItem } from './model.js';
import { sendData, sendHtmlError } from './reply.js';
import { libraryIdentifier, mediaTagPrefix } from './sectionContainer.js';

function collectionOrNotFound(context: DemoContext, route: RouteRequest, match: RegExpExecArray): DemoItem | undefined {
  const item = context.library.item(match[1] ?? '');
  if (item?.type === 'collection') return item;
  sendHtmlError(route.response, 404);
  return undefined;
}

function containerFields(collection: DemoItem, context: DemoContext): { [key: string]: string | number | boolean } {
  return {
    allowSync: true, identifier: libraryIdentifier, librarySectionID: collection.section.id, librarySectionTitle: collection.section.title,
    librarySectionUUID: collection.section.uuid, mediaTagPrefix, mediaTagVersion: context.startedAt,
  };
}

function collection(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const found = collectionOrNotFound(context, route, match);
  if (!found) return;
  sendData(route.request, route.response, { MediaContainer: { size: 1, ...containerFields(found, context), Metadata: [renderMetadata(found, context.playState)] } });
}

/** The members in the collection's own order, or filtered and sorted by the media query. */
function members(context: DemoContext, route: RouteRequest, match: RegExpExecArray): void {
  const found = collectionOrNotFound(context, route, match);
  if (!found) return;
  const list = queriedItems(() => found.children, route.params, context.playState) ?? found.children;
  sendPage(context, route, arrayList(list), {
    ...containerFields(found, context), key: found.ratingKey, ratingKey: found.ratingKey, title1: found.section.title, title2: found.title,
    thumb: `/library/metadata/${found.ratingKey}/thumb/${found.updatedAt}`, viewGroup: found.children[0]?.type ?? 'movie',
  });
}

export const collectionRoutes: Route[] = [
  { pattern: /^\/library\/collections\/(\d+)\/?$/, methods: readMethods, handler: collection },
  { pattern: /^\/library\/collections\/(\d+)\/(?:children|items)\/?$/, methods: readMethods, handler: members },
];
