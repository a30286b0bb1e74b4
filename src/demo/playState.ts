// What clients reported: view offsets, view counts and playback sessions, as timeline and scrobble change them.
import type { InitialHistory } from './library.js';
import { leavesOf, type DemoItem } from './model.js';

export interface ItemState {
  viewOffset?: number;
  viewCount: number;
  lastViewedAt?: number;
}

export type TimelineState = 'playing' | 'paused' | 'stopped' | 'buffering';

interface Session {
  ratingKey: string;
  state: TimelineState;
  playedMs: number;
  lastReportAt: number;
}

export class PlayState {
  private readonly states = new Map<string, ItemState>();
  private readonly sessions = new Map<string, Session>();

  constructor(initial: ReadonlyMap<string, InitialHistory>, private readonly now: () => number = Date.now) {
    for (const [ratingKey, history] of initial) {
      this.states.set(ratingKey, { viewCount: history.viewCount ?? 0, viewOffset: history.viewOffset, lastViewedAt: history.lastViewedAt });
    }
  }

  get(ratingKey: string): ItemState {
    return this.states.get(ratingKey) ?? { viewCount: 0 };
  }

  /** Every item whose state was ever set, for /__demo/state. */
  entries(): IterableIterator<[string, ItemState]> {
    return this.states.entries();
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private update(ratingKey: string, change: (state: ItemState) => ItemState): void {
    this.states.set(ratingKey, change(this.get(ratingKey)));
  }

  /** A timeline report: the offset is kept (buffering only keeps the session alive). */
  timeline(item: DemoItem, state: TimelineState, timeMs: number): void {
    if (state === 'buffering') return;
    this.update(item.ratingKey, (current) => ({ ...current, viewOffset: timeMs, lastViewedAt: this.seconds() }));
  }

  /** Marks `item` (or every leaf below a show, season, artist or album) as played once more. */
  scrobble(item: DemoItem): void {
    for (const leaf of leavesOf(item)) {
      this.update(leaf.ratingKey, (current) => ({ viewCount: current.viewCount + 1, lastViewedAt: this.seconds() }));
    }
  }

  unscrobble(item: DemoItem): void {
    for (const leaf of leavesOf(item)) this.states.set(leaf.ratingKey, { viewCount: 0 });
  }

  /** Records a session's report; answers how many milliseconds the session has spent playing. */
  report(sessionKey: string, ratingKey: string, state: TimelineState): number {
    const now = this.now();
    const session = this.sessions.get(sessionKey);
    if (!session || session.ratingKey !== ratingKey) {
      this.sessions.set(sessionKey, { ratingKey, state, playedMs: 0, lastReportAt: now });
      return 0;
    }
    if (session.state === 'playing') session.playedMs += now - session.lastReportAt;
    session.state = state;
    session.lastReportAt = now;
    const played = session.playedMs;
    if (state === 'stopped') this.sessions.delete(sessionKey);
    return played;
  }
}
