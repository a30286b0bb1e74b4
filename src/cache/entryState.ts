// The cache entry's states and the only transitions between them (DESIGN.md, "The cache state machine").

export type CacheState = 'new' | 'probing' | 'sized' | 'ready' | 'failed' | 'evicted';

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

const transitions: Readonly<Record<CacheState, readonly CacheState[]>> = {
  new: ['probing', 'failed'],
  probing: ['sized', 'failed'],
  sized: ['ready', 'failed'],
  ready: ['evicted', 'failed'],
  failed: ['probing'],
  evicted: ['probing'],
};

export function canTransition(from: CacheState, to: CacheState): boolean {
  return transitions[from].includes(to);
}

/** Throws on a transition the design does not allow: such a call is a bug, not bad input. */
export function assertTransition(from: CacheState, to: CacheState): void {
  if (!canTransition(from, to)) throw new Error(`cache entry cannot go from ${from} to ${to}`);
}

