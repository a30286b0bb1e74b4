// Play queues: what a player will play next, in order, with a selected item; every change bumps the version.
import type { DemoItem } from './model.js';
import { seededRandom } from './random.js';

export type QueueType = 'audio' | 'video';

export interface QueueItem {
  /** The queue's own id for this entry (`playQueueItemID`): one item can be queued twice. */
  id: number;
  item: DemoItem;
}

export interface PlayQueue {
  id: number;
  type: QueueType;
  sourceUri: string;
  /** In play order. */
  items: QueueItem[];
  /** The order before shuffling, which unshuffle restores. */
  natural: QueueItem[];
  selectedId: number | undefined;
  lastAddedId: number | undefined;
  version: number;
  shuffled: boolean;
}

export interface NewQueue {
  type: QueueType;
  sourceUri: string;
  items: DemoItem[];
  /** Index in `items` of the item to start at. */
  selectedIndex: number;
  shuffle: boolean;
}

/** A queue or one of its entries that does not exist: the route answers 404. */
export class QueueNotFound extends Error {}

export class PlayQueues {
  private readonly queues = new Map<number, PlayQueue>();
  private nextQueueId = 1;
  private nextItemId = 1;

  private entries(items: DemoItem[]): QueueItem[] {
    return items.map((item) => ({ id: this.nextItemId++, item }));
  }

  create(request: NewQueue): PlayQueue {
    const items = this.entries(request.items);
    const queue: PlayQueue = {
      id: this.nextQueueId++, type: request.type, sourceUri: request.sourceUri, items, natural: [...items],
      selectedId: items[request.selectedIndex]?.id, lastAddedId: undefined, version: 1, shuffled: false,
    };
    this.queues.set(queue.id, queue);
    if (request.shuffle) this.reorder(queue, true, false);
    return queue;
  }

  get(id: string): PlayQueue {
    const queue = /^\d+$/.test(id) ? this.queues.get(Number(id)) : undefined;
    if (!queue) throw new QueueNotFound(`no play queue ${id}`);
    return queue;
  }

  list(): PlayQueue[] {
    return [...this.queues.values()];
  }

  private entry(queue: PlayQueue, itemId: string): QueueItem {
    const found = queue.items.find((entry) => String(entry.id) === itemId);
    if (!found) throw new QueueNotFound(`play queue ${queue.id} has no item ${itemId}`);
    return found;
  }

  /** Adds at the end, or right after the selected item with `next`. */
  add(queue: PlayQueue, items: DemoItem[], next: boolean): void {
    const added = this.entries(items);
    const selected = queue.items.findIndex((entry) => entry.id === queue.selectedId);
    const at = next && selected >= 0 ? selected + 1 : queue.items.length;
    queue.items.splice(at, 0, ...added);
    queue.natural.push(...added);
    queue.selectedId ??= added[0]?.id;
    queue.lastAddedId = added.at(-1)?.id ?? queue.lastAddedId;
    queue.version += 1;
  }

  /** Moves `itemId` right after `afterId`, or to the front without it. */
  move(queue: PlayQueue, itemId: string, afterId: string | undefined): void {
    const moving = this.entry(queue, itemId);
    const anchor = afterId === undefined ? undefined : this.entry(queue, afterId);
    queue.items = queue.items.filter((entry) => entry !== moving);
    queue.items.splice(anchor ? queue.items.indexOf(anchor) + 1 : 0, 0, moving);
    if (!queue.shuffled) queue.natural = [...queue.items];
    queue.version += 1;
  }

  /** Removes one entry; when it was selected, the one after it (or before, at the end) is. */
  remove(queue: PlayQueue, itemId: string): void {
    const removing = this.entry(queue, itemId);
    const position = queue.items.indexOf(removing);
    queue.items = queue.items.filter((entry) => entry !== removing);
    queue.natural = queue.natural.filter((entry) => entry !== removing);
    if (queue.selectedId === removing.id) queue.selectedId = (queue.items[position] ?? queue.items[position - 1])?.id;
    queue.version += 1;
  }

  clear(queue: PlayQueue): void {
    queue.items = [];
    queue.natural = [];
    queue.selectedId = undefined;
    queue.version += 1;
  }

  /** Shuffles (the selected item first, the rest in a seeded order) or restores the natural order. */
  reorder(queue: PlayQueue, shuffle: boolean, bump = true): void {
    if (shuffle) {
      const random = seededRandom(queue.id * 7919 + queue.version);
      const selected = queue.items.filter((entry) => entry.id === queue.selectedId);
      const rest = queue.natural.filter((entry) => entry.id !== queue.selectedId);
      for (let index = rest.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [rest[index], rest[other]] = [rest[other] as QueueItem, rest[index] as QueueItem];
      }
      queue.items = [...selected, ...rest];
    } else {
      queue.items = [...queue.natural];
    }
    queue.shuffled = shuffle;
    if (bump) queue.version += 1;
  }
}
