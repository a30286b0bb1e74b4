// One cache entry from open to close: its state machine (a pure reducer and its table), the snapshots that are the
// scan of its events, the steps of an open (probe, size, start buffer, ready), and the `CacheEntry` that runs them.
export { CacheEntry } from './cacheEntry.js';
export type { CachePartRequest } from './cachePartRequest.js';
export { snapshotOf } from './entryRecord.js';
export { cacheStates, type CacheEntrySnapshot, type CacheState } from './entryState.js';
