// The cache entry's states, the named events that move it, and the one table of allowed transitions that the reducer reads.
// ARCHITECTURE.md ("The cache entry's state machine") draws it.

/**
 * - `new`: known to this process, nothing of it on disk, not open.
 * - `stored`: its record and bytes are on disk, and it is not open (from an earlier run, or closed).
 * - `probing`: an open is on its way: the size request (`GET Range: bytes=0-N`, never HEAD; its answer also brings the first bytes) is in flight.
 * - `sized`: the size is known and durably written; the start of the file is downloading.
 * - `ready`: the local stream URL serves every byte range; players start only now.
 * - `failed`: the last open failed (the snapshot's `error` says why); nothing is in flight.
 * - `evicted`: its bytes and record were removed; nothing is in flight.
 * Every state can be left: opening again goes to `probing` from each state that is not open,
 * and evicting or closing is allowed from every state.
 */
export type CacheState = 'new' | 'stored' | 'probing' | 'sized' | 'ready' | 'failed' | 'evicted';

export const cacheStates: readonly CacheState[] = ['new', 'stored', 'probing', 'sized', 'ready', 'failed', 'evicted'];

export interface CacheEntryError {
  /** Stable code, e.g. `unauthorized`, `not-found`, `network`, `disk-full`, `timeout`. */
  code: string;
  /** One line a person can act on; never holds a token. */
  message: string;
  retryable: boolean;
}

/** What the TUI, the CLI and plugins see of an entry, replayed to every new subscriber. */
export interface CacheEntrySnapshot {
  key: string;
  title: string;
  state: CacheState;
  totalSize: number | null;
  downloadedBytes: number;
  complete: boolean;
  pinned: boolean;
  rangeSupport: boolean | null;
  bytesPerSecond: number;
  streamUrl: string | null;
  error: CacheEntryError | null;
  lastAccess: number;
}

/** What happens to an entry. Only these move its state, and only through `reduceEntryState`. */
export type CacheEntryEvent =
  /** Someone asked for the entry (play, `cache open`, a pin). */
  | { type: 'opened' }
  /** The open's first step: the size request went out. */
  | { type: 'probeStarted' }
  /** The size is known and on disk. */
  | { type: 'sized'; totalSize: number; rangeSupport: boolean }
  /** The start buffer is on disk and the stream URL serves it. */
  | { type: 'startBufferFilled'; streamUrl: string }
  | { type: 'failed'; error: CacheEntryError }
  /** Its bytes and record were removed. */
  | { type: 'evicted' }
  /** Its downloads stopped, its URL and data file were let go of; `recorded`: the store still holds its record. */
  | { type: 'closed'; recorded: boolean };

export type CacheEntryEventType = CacheEntryEvent['type'];

export const cacheEntryEventTypes: readonly CacheEntryEventType[] = ['opened', 'probeStarted', 'sized', 'startBufferFilled', 'failed', 'evicted', 'closed'];

/** `closed` is the one event whose target reads the event: what stays on disk decides between `stored` and `new`. */
export interface ClosedTarget {
  recorded: CacheState;
  unrecorded: CacheState;
}

const toRest: ClosedTarget = { recorded: 'stored', unrecorded: 'new' };

/**
 * Every allowed transition, by state and event; the reducer and its tests both read this table.
 *
 * An event a state does not list leaves the state unchanged; that is a decision, not an oversight.
 * Such events are races the entry cannot avoid, never bugs worth throwing for: `opened` on an entry
 * already on its way (probing, sized, ready) is a second viewer of the same open, and a lifecycle
 * step that finishes as the entry is evicted or closed must not bring it back.
 */
export const transitionTable: Readonly<Record<CacheState, Readonly<Partial<Record<CacheEntryEventType, CacheState | ClosedTarget>>>>> = {
  new: { opened: 'probing', evicted: 'evicted', closed: toRest },
  stored: { opened: 'probing', evicted: 'evicted', closed: toRest },
  probing: { probeStarted: 'probing', sized: 'sized', failed: 'failed', evicted: 'evicted', closed: toRest },
  sized: { startBufferFilled: 'ready', failed: 'failed', evicted: 'evicted', closed: toRest },
  ready: { failed: 'failed', evicted: 'evicted', closed: toRest },
  failed: { opened: 'probing', evicted: 'evicted', closed: toRest },
  evicted: { opened: 'probing', evicted: 'evicted', closed: toRest },
};

/** The state after `event`, or null when `state` does not allow it. */
export function transition(state: CacheState, event: CacheEntryEvent): CacheState | null {
  const target = transitionTable[state][event.type];
  if (target === undefined) return null;
  if (typeof target === 'string') return target;
  return event.type === 'closed' && event.recorded ? target.recorded : target.unrecorded;
}

/** The entry's lifecycle as one pure reducer: an event its state does not allow leaves it unchanged. */
export function reduceEntryState(state: CacheState, event: CacheEntryEvent): CacheState {
  return transition(state, event) ?? state;
}

/** Whether `state` allows an event of this type (for `opened`: whether an open starts anything). */
export function allows(state: CacheState, type: CacheEntryEventType): boolean {
  return transitionTable[state][type] !== undefined;
}

/** The state of an entry that is not open: `stored` when the store holds its record, else `new`. */
export function restingState(recorded: boolean): CacheState {
  return reduceEntryState('new', { type: 'closed', recorded });
}
