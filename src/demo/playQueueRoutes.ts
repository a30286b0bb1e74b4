// /playQueues: create from a server:// uri, read, add, move, delete, clear, shuffle and unshuffle; every answer is the whole queue.
import type { DemoContext, Route, RouteRequest } from './context.js';
import { changeMethods, deleteMethods } from './context.js';
import { requestDetail, wholeList } from './detail.js';
import { BadRequest } from './listing.js';
import { renderMetadata } from './metadata.js';
import { leavesOf, type DemoItem } from './model.js';
import { QueueNotFound, type PlayQueue, type QueueType } from './playQueues.js';
import { sendData, sendHtmlError } from './reply.js';

const libraryIdentifier = 'com.plexapp.plugins.library';

/** The playable items a `server://{machine}/com.plexapp.plugins.library/library/metadata/{ids}[/children]` uri names, in play order. */
function itemsOfUri(context: DemoContext, uri: string): DemoItem[] {
  const match = /^server:\/\/([^/]+)\/com\.plexapp\.plugins\.library\/library\/metadata\/([\d,]+)(\/children|\/allLeaves)?\/?$/.exec(uri);
  if (!match) throw new BadRequest(`uri must be server://<machineIdentifier>/${libraryIdentifier}/library/metadata/<ratingKey>`);
  if (match[1] !== context.machineIdentifier) throw new BadRequest(`uri names server ${match[1] ?? ''}, not this one`);
  const items = (match[2] ?? '').split(',').filter((key) => key !== '').map((key) => {
    const item = context.library.item(key);
    if (!item) throw new QueueNotFound(`no item ${key}`);
    return item;
  });
  // A show or season plays its episodes, an album its tracks, an artist every album's tracks, in order.
  return items.flatMap(leavesOf);
}

function flag(route: RouteRequest, name: string): boolean {
  return route.params.get(name) === '1';
}

/** An episode with `continuous=1` goes on into the show's following episodes. */
function continued(items: DemoItem[]): DemoItem[] {
  const only = items.length === 1 ? items[0] : undefined;
  const show = only?.type === 'episode' ? only.parent?.parent : undefined;
  if (!only || !show) return items;
  const episodes = leavesOf(show);
  return episodes.slice(episodes.indexOf(only));
}

function sendQueue(context: DemoContext, route: RouteRequest, queue: PlayQueue): void {
  const detail = requestDetail(context, route);
  const selected = queue.items.findIndex((entry) => entry.id === queue.selectedId);
  const selectedItem = queue.items[selected];
  const size = queue.items.length;
  sendData(route.request, route.response, {
    MediaContainer: {
      ...wholeList(size),
      identifier: libraryIdentifier, mediaTagPrefix: '/system/bundle/media/flags/', mediaTagVersion: context.startedAt,
      playQueueID: queue.id,
      playQueueLastAddedItemID: queue.lastAddedId === undefined ? undefined : String(queue.lastAddedId),
      playQueueSelectedItemID: selectedItem?.id,
      playQueueSelectedItemOffset: selectedItem ? selected : undefined,
      playQueueSelectedMetadataItemID: selectedItem ? Number(selectedItem.item.ratingKey) : undefined,
      playQueueShuffled: queue.shuffled,
      playQueueSourceURI: queue.sourceUri,
      playQueueTotalCount: size,
      playQueueVersion: queue.version,
      Metadata: queue.items.map((entry) => ({ ...renderMetadata(entry.item, context.playState, detail), playQueueItemID: entry.id })),
    },
  });
}

/** Runs `change` on the queue the path names and answers the queue; unknown queues and items answer 404. */
function onQueue(change: (context: DemoContext, route: RouteRequest, queue: PlayQueue, match: RegExpExecArray) => void) {
  return (context: DemoContext, route: RouteRequest, match: RegExpExecArray): void => {
    try {
      const queue = context.playQueues.get(match[1] ?? '');
      change(context, route, queue, match);
      sendQueue(context, route, queue);
    } catch (error) {
      if (error instanceof QueueNotFound) return sendHtmlError(route.response, 404);
      throw error;
    }
  };
}

function create(context: DemoContext, route: RouteRequest): void {
  const type = route.params.get('type');
  if (type !== 'video' && type !== 'audio') throw new BadRequest('type must be video or audio (the demo has no photos)');
  const uri = route.params.get('uri');
  if (!uri) throw new BadRequest('uri is required (the demo has no playlists)');
  let items: DemoItem[];
  try {
    items = itemsOfUri(context, uri);
  } catch (error) {
    if (error instanceof QueueNotFound) return sendHtmlError(route.response, 404);
    throw error;
  }
  if (flag(route, 'continuous')) items = continued(items);
  const key = route.params.get('key');
  const selectedIndex = key ? Math.max(0, items.findIndex((item) => `/library/metadata/${item.ratingKey}` === key || item.ratingKey === key)) : 0;
  // repeat=1 fills a window around the selected item with wrapped-around items; the demo always answers the whole queue, so it has nothing to fill.
  const queue = context.playQueues.create({ type: type as QueueType, sourceUri: uri, items, selectedIndex, shuffle: flag(route, 'shuffle') });
  sendQueue(context, route, queue);
}

function readOrAdd(context: DemoContext, route: RouteRequest, queue: PlayQueue): void {
  if (route.request.method !== 'PUT') return;
  const uri = route.params.get('uri');
  if (!uri) throw new BadRequest('uri is required (the demo has no playlists)');
  context.playQueues.add(queue, itemsOfUri(context, uri), flag(route, 'next'));
}

function move(context: DemoContext, route: RouteRequest, queue: PlayQueue, match: RegExpExecArray): void {
  const after = route.params.get('after');
  context.playQueues.move(queue, match[2] ?? '', after === null || after === '' ? undefined : after);
}

export const playQueueRoutes: Route[] = [
  { pattern: /^\/playQueues\/?$/, methods: ['POST'], handler: create },
  { pattern: /^\/playQueues\/(\d+)\/?$/, methods: ['GET', 'HEAD', 'PUT'], handler: onQueue(readOrAdd) },
  { pattern: /^\/playQueues\/(\d+)\/items\/?$/, methods: deleteMethods, handler: onQueue((context, _route, queue) => context.playQueues.clear(queue)) },
  { pattern: /^\/playQueues\/(\d+)\/items\/(\d+)\/?$/, methods: deleteMethods, handler: onQueue((context, _route, queue, match) => context.playQueues.remove(queue, match[2] ?? '')) },
  { pattern: /^\/playQueues\/(\d+)\/items\/(\d+)\/move\/?$/, methods: changeMethods, handler: onQueue(move) },
  { pattern: /^\/playQueues\/(\d+)\/shuffle\/?$/, methods: changeMethods, handler: onQueue((context, _route, queue) => context.playQueues.reorder(queue, true)) },
  { pattern: /^\/playQueues\/(\d+)\/unshuffle\/?$/, methods: changeMethods, handler: onQueue((context, _route, queue) => context.playQueues.reorder(queue, false)) },
];
