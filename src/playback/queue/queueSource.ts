// From what the person asked to play to a server play queue: its type, its source, where it starts.
import { UsageError } from '../../base/errors.js';
import type { NewPlayQueue, PlexClient } from '../../plex/client.js';
import type { PlexMetadata, PlexPlayQueue } from '../../plex/models.js';
import type { QueuePlan } from './queueEvents.js';

export type QueueClient = Pick<PlexClient, 'metadata' | 'serverInfo' | 'onDeck' | 'createPlayQueue' | 'playQueue'>;

export interface QueueRequest {
  ratingKey: string;
  shuffle?: boolean;
  /** Just this item: an episode does not go on into the rest of its show. */
  noContinue?: boolean;
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
 * Makes the server play queue for `request` and the plan to play it. `firstKnown` is told the item the queue will
 * start with as soon as that is known before the queue is made (a movie, episode, clip or track, not shuffled), so
 * its cache entry can open beside the queue's request.
 */
export async function createQueuePlan(client: QueueClient, request: QueueRequest, firstKnown?: (item: PlexMetadata, machineIdentifier: string) => void): Promise<QueuePlan> {
  const [item, info] = await Promise.all([client.metadata(request.ratingKey), client.serverInfo()]);
  const type = queueType(item);
  if (type === null) throw new UsageError(`"${item.title}" is a ${item.type}: plexterm plays movies, shows, music and what holds them`);
  if (firstKnown && leafTypes.has(item.type) && request.shuffle !== true) firstKnown(item, info.machineIdentifier);
  const queue: NewPlayQueue = {
    machineIdentifier: info.machineIdentifier,
    path: sourcePath(item),
    type,
    shuffle: request.shuffle === true,
    continuous: item.type === 'episode' && request.noContinue !== true,
  };
  const start = item.type === 'show' ? await onDeckKey(client, item) : undefined;
  if (start !== undefined) queue.key = start;
  return { ...planOf(await client.createPlayQueue(queue)), machineIdentifier: info.machineIdentifier };
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
