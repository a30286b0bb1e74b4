// Edits of a server play queue while it plays: remove and move entries, add an item (play next, add to queue); each answers the queue as the server has it then.
import { PlextermError, UsageError, describeError, isPlextermError } from '../../base/errors.js';
import type { PlexClient } from '../../plex/client.js';
import type { PlexMetadata, PlexPlayQueue, PlexPlayQueueItem } from '../../plex/models.js';
import { queueType, sourcePath } from './queueSource.js';

export type QueueEditClient = Pick<PlexClient, 'metadata' | 'serverInfo' | 'addToPlayQueue' | 'removeFromPlayQueue' | 'movePlayQueueItem'>;

/** Where an addition goes: right after the entry that plays (`next`), or after everything queued (`end`). */
export type QueuePlacement = 'next' | 'end';

/** The queue an edit starts from: its id, its entries and the one that plays. */
export interface EditedQueue {
  playQueueID: number;
  items: readonly PlexPlayQueueItem[];
  /** The `playQueueItemID` of the entry that plays. */
  playing: number | undefined;
}

/** The server calls behind QueueControl's edits; the control checks what it asks (no queue, the entry that plays) before them. */
export class QueueEditor {
  constructor(
    private readonly client: QueueEditClient,
    private readonly machineIdentifier?: string,
  ) {}

  remove(queue: EditedQueue, playQueueItemID: number): Promise<PlexPlayQueue> {
    return refused('remove it', this.client.removeFromPlayQueue(queue.playQueueID, playQueueItemID));
  }

  move(queue: EditedQueue, playQueueItemID: number, after: number | null): Promise<PlexPlayQueue> {
    return refused('move it', this.client.movePlayQueueItem(queue.playQueueID, playQueueItemID, after));
  }

  /**
   * Adds `ratingKey` (an episode, a movie, a season's or album's items...) to the queue. Plex places an addition by
   * its selected entry, which follows timelines and so can lag behind a skip: what the server placed elsewhere is
   * moved where it was asked for (right after the entry that plays, or after the last entry).
   */
  async add(queue: EditedQueue, ratingKey: string, placement: QueuePlacement): Promise<{ queue: PlexPlayQueue; item: PlexMetadata }> {
    const item = await this.item(ratingKey);
    const kind = queueType(item);
    if (kind === null) throw new UsageError(`"${item.title}" is a ${item.type}: only what plays can join the queue`);
    const queueKind = queue.items.some((entry) => queueType(entry) === 'audio') ? 'audio' : 'video';
    if (kind !== queueKind) throw new UsageError(`"${item.title}" is ${kind === 'audio' ? 'music' : 'video'}: it cannot join a ${queueKind === 'audio' ? 'music' : 'video'} queue`);
    const machineIdentifier = this.machineIdentifier ?? (await this.client.serverInfo()).machineIdentifier;
    const known = new Set(queue.items.map((entry) => entry.playQueueItemID));
    let answer = await refused(`add "${item.title}"`, this.client.addToPlayQueue(queue.playQueueID, { machineIdentifier, path: sourcePath(item), next: placement === 'next' }));
    const added = answer.items.filter((entry) => !known.has(entry.playQueueItemID)).map((entry) => entry.playQueueItemID);
    if (added.length === 0) throw new PlextermError(`the server added nothing of "${item.title}" to the queue`, { code: 'queue' });
    const ids = (): number[] => answer.items.map((entry) => entry.playQueueItemID);
    const playingAt = queue.playing === undefined ? -1 : ids().indexOf(queue.playing);
    const firstAt = ids().indexOf(added[0] as number);
    const inPlace = placement === 'next'
      ? firstAt === playingAt + 1 && added.every((id, offset) => ids()[firstAt + offset] === id)
      : firstAt > playingAt;
    if (inPlace) return { queue: answer, item };
    let after = placement === 'next' ? (queue.playing ?? null) : (ids().filter((id) => !added.includes(id)).at(-1) ?? null);
    for (const id of added) {
      answer = await refused(`place "${item.title}"`, this.client.movePlayQueueItem(queue.playQueueID, id, after));
      after = id;
    }
    return { queue: answer, item };
  }

  /** The item to add, or one line saying there is none. */
  private async item(ratingKey: string): Promise<PlexMetadata> {
    try {
      return await this.client.metadata(ratingKey);
    } catch (error) {
      if (isPlextermError(error) && error.code === 'not-found') throw new UsageError(`no item ${ratingKey} on the server`);
      throw error;
    }
  }
}

/** A server that refuses an edit says so in one line, naming the edit. */
async function refused<T>(what: string, answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new PlextermError(`the server did not ${what}: ${describeError(error)}`, { code: isPlextermError(error) ? error.code : 'queue', cause: error });
  }
}
