// The single-item form of Metadata (metadata, play queues, sessions): Stream elements with the user's choices, Marker elements on request.
import type { DemoContext, RouteRequest } from './context.js';
import type { JsonObject } from './json.js';
import { renderMarkers } from './markers.js';
import type { MetadataDetail } from './metadata.js';
import { renderStreams } from './streams.js';

/** The demo's one account, as the server names its owner (local user id 1). */
export const ownerUser = { id: '1', title: 'plexterm-demo', thumb: 'https://plex.tv/users/a4f43c1ebfde43a5/avatar' };

/** The user a request acts for: every token the demo accepts is its owner's. */
export function requestUser(): string {
  return ownerUser.id;
}

export function metadataDetail(context: DemoContext, user: string, includeMarkers: boolean): MetadataDetail {
  return {
    streams: (media) => renderStreams(media, context.streamChoices.get(user, media.part.id)),
    markers: (item) => (includeMarkers ? renderMarkers(item) : undefined),
  };
}

/** The detail a request asks for: `includeMarkers=1` adds markers. */
export function requestDetail(context: DemoContext, route: RouteRequest): MetadataDetail {
  return metadataDetail(context, requestUser(), route.params.get('includeMarkers') === '1');
}

/** Container fields every list the demo answers carries (`size`, `totalSize`, `offset`), for lists that are never paged. */
export function wholeList(size: number): JsonObject {
  return { size, totalSize: size, offset: 0 };
}
