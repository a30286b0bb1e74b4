// What is playing now (GET /status/sessions), from the timelines players send: an entry ends on "stopped" or after 60 s of quiet.
import type { DemoItem } from './model.js';
import type { TimelineState } from './playState.js';
import type { Timers } from './timers.js';

/** The player as its X-Plex-* headers (or query parameters) describe it. */
export interface PlayerInfo {
  address: string;
  machineIdentifier: string;
  title: string;
  product: string;
  platform: string;
  platformVersion: string;
  device: string;
  model: string;
  vendor: string;
  version: string;
}

export interface LiveSession {
  /** The server's number for the session, as Plex's `sessionKey`. */
  sessionKey: string;
  /** The player's X-Plex-Session-Identifier, or one the demo made up. */
  id: string;
  item: DemoItem;
  state: Exclude<TimelineState, 'stopped'>;
  viewOffset: number;
  /** The play queue entry that plays, as the player's timeline names it (a queue's next item is a session of its own). */
  playQueueItemID?: number;
  player: PlayerInfo;
  /** Milliseconds since the epoch, on the server's clock. */
  lastReportAt: number;
}

/** How long a session may go without a timeline before it ends, as on the real server. */
const quietLimitMs = 60_000;

interface Entry {
  session: LiveSession;
  cancelExpiry: () => void;
}

export class PlaybackSessions {
  private readonly entries = new Map<string, Entry>();
  private nextKey = 1;

  constructor(private readonly timers: Timers) {}

  /** A timeline from `reporter` (client and session identifiers): starts, updates or ends its session. */
  report(reporter: string, sessionId: string | undefined, item: DemoItem, state: TimelineState, viewOffset: number, player: PlayerInfo, playQueueItemID?: number): void {
    const earlier = this.entries.get(reporter);
    earlier?.cancelExpiry();
    if (state === 'stopped') {
      this.entries.delete(reporter);
      return;
    }
    const same = earlier && earlier.session.item.ratingKey === item.ratingKey && earlier.session.playQueueItemID === playQueueItemID ? earlier.session : undefined;
    const sessionKey = same?.sessionKey ?? String(this.nextKey++);
    const session: LiveSession = {
      sessionKey, id: sessionId ?? same?.id ?? `demo-session-${sessionKey}`, item, state, viewOffset, player, lastReportAt: this.timers.now(),
      ...(playQueueItemID === undefined ? {} : { playQueueItemID }),
    };
    const cancelExpiry = this.timers.after(quietLimitMs, () => {
      if (this.entries.get(reporter)?.session === session) this.entries.delete(reporter);
    });
    this.entries.set(reporter, { session, cancelExpiry });
  }

  /** Every live session, oldest first. */
  list(): LiveSession[] {
    return [...this.entries.values()].map((entry) => entry.session).sort((left, right) => Number(left.sessionKey) - Number(right.sessionKey));
  }
}
