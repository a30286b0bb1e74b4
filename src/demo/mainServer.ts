// The Plex server's request handling: latency, slow-start, flaky 5xx, the token check, routing and errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { browseRoutes } from './browseRoutes.js';
import type { DemoContext, Route, RouteRequest } from './context.js';
import { hubRoutes } from './hubRoutes.js';
import { libraryRoutes } from './libraryRoutes.js';
import { BadRequest } from './listing.js';
import { playQueueRoutes } from './playQueueRoutes.js';
import type { Random } from './random.js';
import { readFormBody, sendData, sendHtmlError } from './reply.js';
import type { RequestLog } from './requestLog.js';
import { sessionRoutes } from './sessionRoutes.js';
import { streamRoutes } from './streamRoutes.js';
import { timelineRoutes } from './timelineRoutes.js';

export interface MainServerSettings {
  token: string;
  latencyMs: number;
  random: Random;
  /** Present only with `inspect`. */
  requestLog?: RequestLog;
}

const routes: Route[] = [...libraryRoutes, ...browseRoutes, ...timelineRoutes, ...hubRoutes, ...sessionRoutes, ...playQueueRoutes, ...streamRoutes];

/** What the real server answers while it runs its startup tasks. */
const startingUp = { Response: { code: 503, title: 'Maintenance', status: 'Plex Media Server is currently running startup maintenance tasks.' } };

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hasToken(request: IncomingMessage, url: URL, token: string): boolean {
  return (header(request, 'x-plex-token') ?? url.searchParams.get('X-Plex-Token')) === token;
}

function demoState(context: DemoContext, route: RouteRequest, log: RequestLog): void {
  const items: Record<string, { viewOffset: number | null; viewCount: number; lastViewedAt: number | null }> = {};
  for (const item of context.library.staticItems()) items[item.ratingKey] = { viewOffset: null, viewCount: 0, lastViewedAt: null };
  for (const [ratingKey, state] of context.playState.entries()) {
    items[ratingKey] = { viewOffset: state.viewOffset ?? null, viewCount: state.viewCount, lastViewedAt: state.lastViewedAt ?? null };
  }
  const sessions = context.sessions.list().map((session) => ({
    sessionKey: session.sessionKey, ratingKey: session.item.ratingKey, title: session.item.title, state: session.state, viewOffset: session.viewOffset,
    player: session.player.title, client: session.player.machineIdentifier,
  }));
  const playQueues = context.playQueues.list().map((queue) => ({
    id: queue.id, type: queue.type, version: queue.version, shuffled: queue.shuffled, selectedItemID: queue.selectedId ?? null,
    items: queue.items.map((entry) => ({ playQueueItemID: entry.id, ratingKey: entry.item.ratingKey, title: entry.item.title })),
  }));
  const body = JSON.stringify({ requests: log.list(), items, sessions, playQueues });
  route.response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  route.response.end(body);
}

/** Test hook (inspect only): the part's file is replaced behind the server's back; each call gives it a new ETag, and every other one its old bytes back. */
function rewritePart(context: DemoContext, route: RouteRequest, partId: number): void {
  if (!context.library.part(partId)) {
    sendHtmlError(route.response, 404);
    return;
  }
  const rewrites = (context.partRewrites.get(partId) ?? 0) + 1;
  context.partRewrites.set(partId, rewrites);
  const body = JSON.stringify({ partId, rewrites });
  route.response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  route.response.end(body);
}

/** The part's file is gone from the disk: the server still lists it, and answers 404 for its bytes. */
function removePart(context: DemoContext, route: RouteRequest, partId: number): void {
  if (!context.library.part(partId)) {
    sendHtmlError(route.response, 404);
    return;
  }
  context.removedParts.add(partId);
  const body = JSON.stringify({ partId, removed: true });
  route.response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  route.response.end(body);
}

async function route(context: DemoContext, settings: MainServerSettings, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  await context.timers.sleep(settings.latencyMs);
  if (response.destroyed) return;
  const { quirks } = context;
  if (quirks.slowStart !== undefined && Date.now() - context.startedAtMs < quirks.slowStart * 1000) {
    sendData(request, response, startingUp, 503);
    return;
  }
  if (quirks.flaky !== undefined && quirks.flaky > 0 && settings.random() < quirks.flaky) {
    sendHtmlError(response, settings.random() < 0.5 ? 503 : 500);
    return;
  }
  const isIdentity = /^\/identity\/?$/.test(url.pathname);
  if (!isIdentity && !hasToken(request, url, settings.token)) {
    sendHtmlError(response, 401);
    return;
  }
  const params = new URLSearchParams(url.searchParams);
  if (method === 'PUT' || method === 'POST') {
    for (const [name, value] of await readFormBody(request)) if (!params.has(name)) params.set(name, value);
  }
  const routeRequest: RouteRequest = { request, response, url, params };
  if (url.pathname === '/__demo/state' && settings.requestLog && method === 'GET') {
    demoState(context, routeRequest, settings.requestLog);
    return;
  }
  const rewrite = /^\/__demo\/parts\/(\d+)\/(rewrite|remove)$/.exec(url.pathname);
  if (rewrite && settings.requestLog && method === 'POST') {
    if (rewrite[2] === 'remove') removePart(context, routeRequest, Number(rewrite[1]));
    else rewritePart(context, routeRequest, Number(rewrite[1]));
    return;
  }
  for (const candidate of routes) {
    const match = candidate.pattern.exec(url.pathname);
    if (!match) continue;
    if (!candidate.methods.includes(method)) {
      sendHtmlError(response, 405, { Allow: candidate.methods.join(', ') });
      return;
    }
    await candidate.handler(context, routeRequest, match);
    return;
  }
  sendHtmlError(response, 404);
}

/** The request listener of the main server; it never throws: bad input gets 400, surprises 500. */
export function mainHandler(context: DemoContext, settings: MainServerSettings): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    settings.requestLog?.track(request, response);
    route(context, settings, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendHtmlError(response, error instanceof BadRequest ? 400 : 500);
    });
  };
}
