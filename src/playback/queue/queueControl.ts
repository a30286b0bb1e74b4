// A queue that plays, seen and steered from outside the run: where it is (for an "Up next" view and plugins), jumps to another entry, and edits.
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { UsageError } from '../../base/errors.js';
import type { PlexMetadata, PlexPlayQueue, PlexPlayQueueItem } from '../../plex/models.js';
import type { EditedQueue, QueueEditor, QueuePlacement } from './queueEdits.js';
import type { QueueEntry, QueuePlan } from './queueEvents.js';

/** The queue as it plays: its entries in play order, the one that plays, and a version that grows with every change. */
export interface QueueState {
  playQueueID: number;
  items: readonly PlexPlayQueueItem[];
  /** Index in `items` of the entry that plays (or is about to). */
  index: number;
  version: number;
}

/**
 * Given to `playQueue`: it is told the plan and each entry the run reaches, and it carries the jumps asked of it
 * (`next`, `previous`) to the run, which stops the entry that plays and starts the one asked for.
 *
 * Edits (`remove`, `move`, `add`) go to the server queue first (through the editor the run gives, `editWith`); the
 * queue the server answers becomes the state, and the run reads its entries (`current.items`) each time it goes on
 * to the next: a removed entry never plays, a moved one plays in its new place. The entry that plays cannot be
 * removed (as in Plex's own clients: skip it instead). Edits run one at a time, in the order asked.
 */
export class QueueControl {
  private readonly state = new BehaviorSubject<QueueState | null>(null);
  private readonly jumpRequests = new Subject<number>();
  private editor: QueueEditor | undefined;
  private disposed = false;
  /** Entries asked to be removed, until the server answers (one element per removal asked). */
  private readonly removing: number[] = [];
  /** The edit running now: the next waits for it, so answers land in the order they were asked. */
  private editing: Promise<unknown> = Promise.resolve();
  /** The queue's state; null before the server queue is made. */
  readonly state$: Observable<QueueState | null> = this.state.asObservable();
  /** How many entries to move by (1 next, -1 previous); the run reads it while an entry plays. */
  readonly jumps$: Observable<number> = this.jumpRequests.asObservable();

  get current(): QueueState | null {
    return this.state.value;
  }

  /** The run has a plan (the queue was made, or reloaded to start over). */
  planned(plan: QueuePlan): void {
    this.state.next({ playQueueID: plan.playQueueID, items: plan.items, index: plan.startIndex, version: (this.state.value?.version ?? 0) + 1 });
  }

  /** The run reached `entry` (found by its `playQueueItemID`: an edit may have moved it since the run read the queue). */
  entered(entry: QueueEntry): void {
    const state = this.state.value;
    if (state === null) return;
    const found = state.items.findIndex((item) => item.playQueueItemID === entry.item.playQueueItemID);
    const index = found >= 0 ? found : entry.index;
    if (state.index === index) return;
    this.state.next({ ...state, index, version: state.version + 1 });
  }

  /** The run's way to the server queue: edits are refused before it is given. */
  editWith(editor: QueueEditor): void {
    this.editor = editor;
  }

  /**
   * The entries as the run should go by them: the queue's, less those asked to be removed whose removal the server
   * has not answered yet (so that the run, moving on in that moment, does not start one). Back if the server refuses.
   */
  get upcomingItems(): readonly PlexPlayQueueItem[] | undefined {
    const items = this.state.value?.items;
    if (!items || this.removing.length === 0) return items;
    return items.filter((item) => !this.removing.includes(item.playQueueItemID));
  }

  /** Removes an entry from the queue; refused for the entry that plays and for one the queue does not hold. */
  remove(playQueueItemID: number): Promise<void> {
    const state = this.state.value;
    const asked = state !== null && state.items.some((item, index) => item.playQueueItemID === playQueueItemID && index !== state.index);
    if (asked) this.removing.push(playQueueItemID);
    const removed = this.edit(async (state, editor) => {
      const index = entryIndex(state, playQueueItemID);
      if (index === state.index) throw new UsageError(`"${state.items[index]?.title ?? ''}" plays now: skip to the next entry instead of removing it`);
      return { queue: await editor.remove(editedQueue(state), playQueueItemID), value: undefined };
    });
    return asked ? removed.finally(() => this.removing.splice(this.removing.indexOf(playQueueItemID), 1)) : removed;
  }

  /** Moves an entry right after `after` (another entry's playQueueItemID), or first with null. */
  move(playQueueItemID: number, after: number | null): Promise<void> {
    return this.edit(async (state, editor) => {
      entryIndex(state, playQueueItemID);
      if (after !== null) entryIndex(state, after);
      if (after === playQueueItemID) throw new UsageError('an entry cannot move after itself');
      return { queue: await editor.move(editedQueue(state), playQueueItemID, after), value: undefined };
    });
  }

  /** Adds an item (what a season or album holds, for those): right after the entry that plays (`next`), or at the end; resolves with the item. */
  add(ratingKey: string, placement: QueuePlacement): Promise<PlexMetadata> {
    return this.edit(async (state, editor) => {
      const { queue, item } = await editor.add(editedQueue(state), ratingKey, placement);
      return { queue, value: item };
    });
  }

  /** The next entry; false when the one that plays is the last (nothing is asked of the run). */
  next(): boolean {
    return this.jump(1);
  }

  /** The previous entry; the first entry starts again; false before the queue is made. */
  previous(): boolean {
    return this.jump(-1);
  }

  /**
   * Plays an entry now (Up next's Enter): the run stops the one that plays and goes on from the entry asked for.
   * False for the entry that plays; a UsageError for one the queue does not hold.
   */
  jumpTo(playQueueItemID: number): boolean {
    const state = this.state.value;
    if (state === null) return false;
    const title = state.items[entryIndex(state, playQueueItemID)]?.title ?? '';
    // Counted in the entries the run goes by (upcomingItems), which leave out removals not answered yet.
    const upcoming = this.upcomingItems ?? state.items;
    const playing = state.items[state.index]?.playQueueItemID;
    const from = upcoming.findIndex((item) => item.playQueueItemID === playing);
    const to = upcoming.findIndex((item) => item.playQueueItemID === playQueueItemID);
    if (to < 0) throw new UsageError(`"${title}" is being removed from the queue`);
    if (to === from || from < 0) return false;
    this.jumpRequests.next(to - from);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.jumpRequests.complete();
    this.state.complete();
  }

  /** Runs `change` once the edits before it are done, then takes the queue the server answered as the state. */
  private edit<T>(change: (state: QueueState, editor: QueueEditor) => Promise<{ queue: PlexPlayQueue; value: T }>): Promise<T> {
    const run = this.editing.then(async () => {
      const state = this.state.value;
      if (state === null || this.disposed) throw new UsageError('no queue is playing');
      if (!this.editor) throw new UsageError('this queue cannot be edited');
      const { queue, value } = await change(state, this.editor);
      this.follow(queue);
      return value;
    });
    this.editing = run.catch(() => undefined);
    return run;
  }

  /** The server's queue after an edit: its entries, the one that plays found again by its playQueueItemID. */
  private follow(queue: PlexPlayQueue): void {
    const state = this.state.value;
    if (state === null || this.disposed || queue.playQueueID !== state.playQueueID) return;
    const playing = state.items[state.index]?.playQueueItemID;
    const index = queue.items.findIndex((item) => item.playQueueItemID === playing);
    this.state.next({ ...state, items: queue.items, index: index >= 0 ? index : Math.min(state.index, Math.max(0, queue.items.length - 1)), version: state.version + 1 });
  }

  private jump(by: number): boolean {
    const state = this.state.value;
    if (state === null || state.index + by >= state.items.length) return false;
    this.jumpRequests.next(by);
    return true;
  }
}

/** The index of an entry, or one line saying the queue has none such. */
function entryIndex(state: QueueState, playQueueItemID: number): number {
  const index = state.items.findIndex((item) => item.playQueueItemID === playQueueItemID);
  if (index < 0) throw new UsageError(`the queue has no entry ${playQueueItemID}`);
  return index;
}

function editedQueue(state: QueueState): EditedQueue {
  return { playQueueID: state.playQueueID, items: state.items, playing: state.items[state.index]?.playQueueItemID };
}
