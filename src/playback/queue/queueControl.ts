// A queue that plays, seen and steered from outside the run: where it is (for an "Up next" view and plugins) and jumps to another entry.
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { PlexPlayQueueItem } from '../../plex/models.js';
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
 */
export class QueueControl {
  private readonly state = new BehaviorSubject<QueueState | null>(null);
  private readonly jumpRequests = new Subject<number>();
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

  /** The run reached `entry`. */
  entered(entry: QueueEntry): void {
    const state = this.state.value;
    if (state === null || state.index === entry.index) return;
    this.state.next({ ...state, index: entry.index, version: state.version + 1 });
  }

  /** The next entry; false when the one that plays is the last (nothing is asked of the run). */
  next(): boolean {
    return this.jump(1);
  }

  /** The previous entry; the first entry starts again; false before the queue is made. */
  previous(): boolean {
    return this.jump(-1);
  }

  dispose(): void {
    this.jumpRequests.complete();
    this.state.complete();
  }

  private jump(by: number): boolean {
    const state = this.state.value;
    if (state === null || state.index + by >= state.items.length) return false;
    this.jumpRequests.next(by);
    return true;
  }
}
