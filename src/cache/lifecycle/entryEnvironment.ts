// What the manager lends each entry: the store, the proxy, the data folder and settings, and its ears for growth and space.
import type { PlextermError } from '../../base/errors.js';
import type { CacheSettings } from '../cacheSettings.js';
import type { StreamProxy } from '../proxy/index.js';
import type { CacheStore } from '../store/index.js';
import type { HttpUpstream } from '../upstream/index.js';

export interface EntryEnvironment {
  store: CacheStore;
  proxy: StreamProxy;
  dataFolder: string;
  settings: CacheSettings;
  connect(upstreamPath: string): HttpUpstream;
  log(message: string): void;
  /** Called when new bytes were recorded, so the manager can keep the cache within its limits. */
  grew(): void;
  /** Asked before the entry writes `bytes`: null when they fit above the free-space reserve, else the error that pauses caching. */
  claimSpace(key: string, bytes: number): Promise<PlextermError | null>;
  /** The write of bytes granted by `claimSpace` ended, written or not. */
  settleSpace(bytes: number): void;
}

