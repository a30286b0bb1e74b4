// GET /status/sessions: each live session as its item's Metadata with User, Player and Session; direct play, so no TranscodeSession.
import type { IncomingMessage } from 'node:http';
import type { DemoContext, Route, RouteRequest } from './context.js';
import { readMethods } from './context.js';
import { metadataDetail, ownerUser, wholeList } from './detail.js';
import type { JsonObject, JsonValue } from './json.js';
import { renderMetadata } from './metadata.js';
import { sendData } from './reply.js';
import type { LiveSession, PlayerInfo } from './sessions.js';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The player's X-Plex-* header, or the query parameter of the same name. */
function plexHeader(request: IncomingMessage, params: URLSearchParams, name: string): string | undefined {
  const header = request.headers[name.toLowerCase()];
  return (Array.isArray(header) ? header[0] : header) ?? params.get(name) ?? undefined;
}

/** The player behind a request, from its X-Plex-* headers. */
export function playerOf(request: IncomingMessage, params: URLSearchParams): PlayerInfo {
  const value = (name: string, fallback = ''): string => plexHeader(request, params, `X-Plex-${name}`) ?? fallback;
  const product = value('Product', 'Plex client');
  return {
    address: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    machineIdentifier: value('Client-Identifier'),
    title: value('Device-Name', product),
    product,
    platform: value('Platform'),
    platformVersion: value('Platform-Version'),
    device: value('Device'),
    model: value('Model'),
    vendor: value('Device-Vendor'),
    version: value('Version'),
  };
}

/** The played Media and Part marked selected, the part as direct play. */
function directPlay(media: JsonValue | undefined): JsonValue | undefined {
  if (!Array.isArray(media)) return media;
  return media.map((entry) => {
    if (!isObject(entry)) return entry;
    const parts = Array.isArray(entry.Part) ? entry.Part.map((part) => (isObject(part) ? { ...part, decision: 'directplay', selected: true } : part)) : entry.Part;
    return { ...entry, selected: true, Part: parts };
  });
}

function renderSession(context: DemoContext, session: LiveSession): JsonObject {
  const metadata = renderMetadata(session.item, context.playState, metadataDetail(context, ownerUser.id, false));
  const { player } = session;
  return {
    ...metadata,
    viewOffset: session.viewOffset,
    sessionKey: session.sessionKey,
    ...(session.playQueueItemID === undefined ? {} : { playQueueItemID: session.playQueueItemID }),
    Media: directPlay(metadata.Media),
    User: { ...ownerUser },
    Player: { ...player, local: true, relayed: false, secure: false, remotePublicAddress: player.address, profile: player.product, state: session.state, userID: Number(ownerUser.id) },
    Session: { id: session.id, bandwidth: session.item.media?.bitrate ?? 0, location: 'lan' },
  };
}

function sessions(context: DemoContext, route: RouteRequest): void {
  const live = context.sessions.list();
  sendData(route.request, route.response, { MediaContainer: { ...wholeList(live.length), ...(live.length > 0 ? { Metadata: live.map((session) => renderSession(context, session)) } : {}) } }, 200, {
    'X-Plex-Container-Start': '0', 'X-Plex-Container-Total-Size': String(live.length),
  });
}

export const sessionRoutes: Route[] = [{ pattern: /^\/status\/sessions\/?$/, methods: readMethods, handler: sessions }];
