// What players report: /:/timeline, /:/scrobble, /:/unscrobble and /:/progress (GET, PUT or POST; query or form body).
import type { DemoContext, Route, RouteRequest } from './context.js';
import { writeMethods } from './context.js';
import type { JsonObject } from './json.js';
import { BadRequest } from './listing.js';
import type { DemoItem } from './model.js';
import type { TimelineState } from './playState.js';
import { sendData, sendHtmlError } from './reply.js';
import { playerOf } from './sessionRoutes.js';

const libraryIdentifier = 'com.plexapp.plugins.library';
const timelineStates = new Set<string>(['playing', 'paused', 'stopped', 'buffering']);

/** Plex's code and text when the server ends a playback session. */
export const termination = { code: 2006, text: 'This playback session was terminated by the server owner (demo terminate-after).' };

function ok(route: RouteRequest, extra: JsonObject = {}): void {
  sendData(route.request, route.response, { MediaContainer: { size: 0, ...extra } });
}

/** The item named by `ratingKey`, `key` (`/library/metadata/{id}`) or `uri` (`.../library/metadata/{id}`). */
function findItem(context: DemoContext, route: RouteRequest, names: readonly string[]): DemoItem | undefined {
  const reference = names.map((name) => route.params.get(name)).find((value) => value !== null && value !== '');
  if (!reference) throw new BadRequest(`${names.join(' or ')} is required`);
  const ratingKey = /(\d+)\/?$/.exec(reference)?.[1];
  const item = ratingKey === undefined ? undefined : context.library.item(ratingKey);
  if (!item) sendHtmlError(route.response, 404);
  return item;
}

function whole(route: RouteRequest, name: string): number {
  const text = route.params.get(name);
  if (text === null || !/^\d+(\.\d+)?$/.test(text)) throw new BadRequest(`${name} must be a number of milliseconds`);
  return Math.round(Number(text));
}

/** The timeline's `playQueueItemID` (the item plays from a play queue), when it is a whole number. */
function queueItemOf(route: RouteRequest): number | undefined {
  const text = route.params.get('playQueueItemID');
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}

function clientIdentifier(route: RouteRequest): string | undefined {
  const header = route.request.headers['x-plex-client-identifier'];
  return (Array.isArray(header) ? header[0] : header) ?? route.params.get('X-Plex-Client-Identifier') ?? undefined;
}

function timeline(context: DemoContext, route: RouteRequest): void {
  const state = route.params.get('state') ?? '';
  if (!timelineStates.has(state)) throw new BadRequest('state must be playing, paused, stopped or buffering');
  const time = whole(route, 'time');
  const client = clientIdentifier(route);
  if (!client) throw new BadRequest('X-Plex-Client-Identifier is required');
  const item = findItem(context, route, ['ratingKey', 'key']);
  if (!item) return;
  const session = route.request.headers['x-plex-session-identifier'];
  const reporter = `${client}\n${String(session ?? '')}`;
  const playedMs = context.playState.report(reporter, item.ratingKey, state as TimelineState);
  context.playState.timeline(item, state as TimelineState, time);
  context.sessions.report(reporter, typeof session === 'string' ? session : undefined, item, state as TimelineState, time, playerOf(route.request, route.params), queueItemOf(route));
  const limit = context.quirks.terminateAfter;
  const terminated = limit !== undefined && state !== 'stopped' && playedMs >= limit * 1000;
  ok(route, terminated ? { terminationCode: termination.code, terminationText: termination.text } : {});
}

function requireLibraryIdentifier(route: RouteRequest): void {
  if (route.params.get('identifier') !== libraryIdentifier) throw new BadRequest(`identifier must be ${libraryIdentifier}`);
}

function scrobble(watched: boolean) {
  return (context: DemoContext, route: RouteRequest): void => {
    requireLibraryIdentifier(route);
    const item = findItem(context, route, ['key', 'uri']);
    if (!item) return;
    if (watched) context.playState.scrobble(item);
    else context.playState.unscrobble(item);
    ok(route);
  };
}

function progress(context: DemoContext, route: RouteRequest): void {
  const item = findItem(context, route, ['key', 'ratingKey']);
  if (!item) return;
  const state = route.params.get('state') ?? 'stopped';
  context.playState.timeline(item, timelineStates.has(state) ? (state as TimelineState) : 'stopped', whole(route, 'time'));
  ok(route);
}

export const timelineRoutes: Route[] = [
  { pattern: /^\/:\/timeline\/?$/, methods: writeMethods, handler: timeline },
  { pattern: /^\/:\/scrobble\/?$/, methods: writeMethods, handler: scrobble(true) },
  { pattern: /^\/:\/unscrobble\/?$/, methods: writeMethods, handler: scrobble(false) },
  { pattern: /^\/:\/progress\/?$/, methods: writeMethods, handler: progress },
];
