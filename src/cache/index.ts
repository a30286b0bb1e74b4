// The local media cache, as the layers above use it: the `CacheManager` (open, pin, evict, verify and watch entries,
// the stream proxy's URLs), its settings, a read-only view of a folder another plexterm owns, the request that opens a
// part, the entry snapshots and states, and the HTTP upstream the manager connects through.
// Each feature folder has an index of its own (ARCHITECTURE.md lists them). A few light values are imported from their
// files instead (cacheSettings.ts, disk/freeSpace.ts, partRequest.ts, store/recordedBytes.ts): the commands that use
// them start before the cache is needed, and this index loads all of it.
export { CacheManager } from './cacheManager.js';
export { cacheSettingsFrom, type CacheSettings } from './cacheSettings.js';
export { readCacheSnapshots, watchCacheSnapshots } from './cacheView.js';
export { CacheEntry, cacheStates, type CacheEntrySnapshot, type CachePartRequest, type CacheState } from './lifecycle/index.js';
export type { StoreEntry } from './store/index.js';
export { HttpUpstream, type HttpUpstreamOptions } from './upstream/index.js';
