// From what the person asked to play to a server play queue: its type, its source, where it starts.
import { UsageError } from '../../base/errors.js';
import type { NewPlayQueue, PlexClient } from '../../plex/client.js';
import type { PlexMetadata, PlexPlayQueue } from '../../plex/models.js';
import type { QueuePlan } from './queueEvents.js';
import type { QueueHints } from './queueHints.js';

export type QueueClient = Pick<PlexClient, 'metadata' | 'serverInfo' | 'onDeck' | 'createPlayQueue' | 'playQueue'>;

export interface QueueRequest {
  ratingKey: string;
  shuffle?: boolean;
  /** Just this item: an episode does not go on into the rest of its show. */
  noContinue?: boolean;
  /** What is known of the item already (an earlier play, a listing), so that its queue is asked for beside its metadata (queueHints.ts). */
  hints?: QueueHints;
}

const videoTypes = new Set(['movie', 'show', 'season', 'episode', 'clip']);
const audioTypes = new Set(['artist', 'album', 'track']);

/** The queue type of an item, or null for what cannot be queued (a photo, a section...). */
export function queueType(item: PlexMetadata): 'video' | 'audio' | null {
  // A collection or playlist plays what it holds: its subtype (collections) or playlistType (playlists) says what that is.
  const kind = item.type === 'collection' ? item.subtype : item.type === 'playlist' ? item.playlistType : item.type;
  if (typeof kind !== 'string') return item.type === 'collection' ? 'video' : null;
  if (videoTypes.has(kind) || kind === 'video') return 'video';
  if (audioTypes.has(kind) || kind === 'audio') return 'audio';
  return null;
}

/** The library path the queue is made from: a playlist's items, every other item's metadata (the server expands a show, an album...). */
export function sourcePath(item: PlexMetadata): string {
  const ratingKey = encodeURIComponent(item.ratingKey);
  return item.type === 'playlist' ? `/playlists/${ratingKey}/items` : `/library/metadata/${ratingKey}`;
}

/** A show starts at its on-deck episode (the one in progress, or the next unwatched), as Plex clients start it. */
async function onDeckKey(client: QueueClient, show: PlexMetadata): Promise<string | undefined> {
  const deck = await client.onDeck();
  return deck.find((item) => item.type === 'episode' && item.grandparentRatingKey === show.ratingKey)?.key;
}

/** What plays by itself: a queue made from one starts with it (unless shuffled). */
const leafTypes = new Set(['movie', 'episode', 'clip', 'track']);

/**
 * What a queue hint may stand for: an item whose queue request its type and ratingKey make whole. Not a show (it starts
 * at its on-deck episode), a playlist or a collection (what they hold is named by a field besides the type).
 */
const hintableTypes = new Set([...leafTypes, 'season', 'album', 'artist']);

/** The request for the server's queue of `item`, as the person asked for it; `key`, for a show, is added after. */
function newQueueOf(item: PlexMetadata, machineIdentifier: string, request: QueueRequest): NewPlayQueue {
  const type = queueType(item);
  if (type === null) throw new UsageError(`"${item.title}" is a ${item.type}: plexterm plays movies, shows, music and what holds them`);
  return {
    machineIdentifier,
    path: sourcePath(item),
    type,
    shuffle: request.shuffle === true,
    continuous: item.type === 'episode' && request.noContinue !== true,
  };
}

function sameQueueRequest(a: NewPlayQueue, b: NewPlayQueue): boolean {
  return a.machineIdentifier === b.machineIdentifier && a.path === b.path && a.type === b.type && a.key === b.key && a.shuffle === b.shuffle && a.continuous === b.continuous;
}

/**
 * Makes the server play queue for `request` and the plan to play it. `firstKnown` is told the item the queue will
 * start with as soon as that is known before the queue is made (a movie, episode, clip or track, not shuffled), so
 * its cache entry can open beside the queue's request.
 *
 * With `request.hints`, an item an earlier play found to be a movie, episode, clip, track, season, album or artist has its queue asked for at once,
 * beside its metadata and the server's identity, from what that play learnt: the queue it makes is the plan's only if
 * the answers call for that very request (same server, same type); else it is left (the server forgets an unused
 * queue) and the right one is asked for, as without a hint.
 */
export async function createQueuePlan(client: QueueClient, request: QueueRequest, firstKnown?: (item: PlexMetadata, machineIdentifier: string) => void): Promise<QueuePlan> {
  const hints = request.hints;
  const hint = hints?.hintFor(request.ratingKey);
  const guessed = hint && hintableTypes.has(hint.type) ? newQueueOf({ ratingKey: request.ratingKey, key: `/library/metadata/${request.ratingKey}`, type: hint.type, title: '' }, hint.machineIdentifier, request) : undefined;
  const guessedQueue = guessed ? client.createPlayQueue(guessed) : undefined;
  // Its failure is this play's only if its request is the one the answers call for (below).
  guessedQueue?.catch(() => undefined);
  const [item, info] = await Promise.all([client.metadata(request.ratingKey), client.serverInfo()]);
  const queue = newQueueOf(item, info.machineIdentifier, request);
  if (hintableTypes.has(item.type)) void hints?.learnt(request.ratingKey, { machineIdentifier: info.machineIdentifier, type: item.type });
  if (firstKnown && leafTypes.has(item.type) && request.shuffle !== true) firstKnown(item, info.machineIdentifier);
  const start = item.type === 'show' ? await onDeckKey(client, item) : undefined;
  if (start !== undefined) queue.key = start;
  const made = guessed && guessedQueue && sameQueueRequest(guessed, queue) ? guessedQueue : client.createPlayQueue(queue);
  return { ...planOf(await made), machineIdentifier: info.machineIdentifier };
}

/** The queue as the server has it now (for `--repeat`), from its first entry. */
export async function reloadQueuePlan(client: QueueClient, playQueueID: number): Promise<QueuePlan> {
  const queue = await client.playQueue(playQueueID);
  return { ...planOf(queue), startIndex: 0 };
}

function planOf(queue: PlexPlayQueue): QueuePlan {
  const selected = queue.items.findIndex((item) => item.playQueueItemID === queue.playQueueSelectedItemID);
  return { playQueueID: queue.playQueueID, items: queue.items, startIndex: Math.max(0, selected) };
}
