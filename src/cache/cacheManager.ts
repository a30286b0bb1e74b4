// The media cache: its store, data files and stream proxy, every entry's snapshot, and the size limit.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Subject, asyncScheduler, map, startWith, throttleTime, type Observable, type Subscription } from 'rxjs';
import { isLeftoverTemporaryFile, isMovedAside } from '../base/durableFile.js';
import { closeInTurn } from '../base/disposable.js';
import { describeError } from '../base/errors.js';
import { RangeSet } from '../base/rangeSet.js';
import { CacheEntry, type CacheEntrySnapshot, type CachePartRequest, snapshotOf } from './lifecycle/index.js';
import { defaultCacheSettings, type CacheSettings } from './cacheSettings.js';
import { CacheStore, checkDataFiles, rebuildFromSidecars, recoverLostRecords, restoreMissingSidecars, sidecarName, type StoreEntry, storeFolderName, writeSidecar } from './store/index.js';
import { evictionOrder, recordedBytes } from './evictionPolicy.js';
import { availableBytes, FreeSpaceKeeper, RoomWatch, setSpareAside } from './disk/index.js';
import type { HttpUpstream } from './upstream/index.js';
import { requestFromStore } from './partRequest.js';
import { StreamProxy } from './proxy/index.js';

export interface CacheManagerOptions {
  /** The cache folder: the store, the lock and `data/` live in it. */
  folder: string;
  settings?: Partial<CacheSettings>;
  /** Makes the upstream for a part path (the token is added at request time) or a whole URL. */
  connect(upstreamPath: string): HttpUpstream;
  log?(message: string): void;
}

/** How often, at most, the list of entries is emitted for display. */
const listIntervalMs = 100;
const limitCheckIntervalMs = 1000;

export class CacheManager {
  /** Every entry, the open ones live, whenever one changes; at most about ten times a second. */
  readonly entries$: Observable<CacheEntrySnapshot[]>;
  readonly settings: CacheSettings;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly changed = new Subject<void>();
  private limitTimer: NodeJS.Timeout | undefined;
  /** Sidecar writes for entries that are not open (a pin changed), in order; `close` waits for them. */
  private sidecarWrites: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private readonly freeSpace: FreeSpaceKeeper;
  /** Looks for room made from outside while a download is paused for want of it. */
  private readonly roomWatch: RoomWatch;

  private constructor(
    private readonly options: CacheManagerOptions,
    readonly store: CacheStore,
    readonly proxy: StreamProxy,
    readonly dataFolder: string,
  ) {
    this.settings = { ...defaultCacheSettings, ...options.settings };
    this.freeSpace = new FreeSpaceKeeper({ folder: options.folder, reserve: this.settings.freeReserve, makeRoom: (bytes, asking) => this.makeRoom(bytes, asking) });
    this.roomWatch = new RoomWatch({
      folder: options.folder,
      neededBytes: this.settings.freeReserve + this.settings.chunkSize,
      resume: () => this.resumePaused(),
    });
    this.entries$ = this.changed.pipe(
      throttleTime(listIntervalMs, asyncScheduler, { leading: true, trailing: true }),
      startWith(undefined),
      map(() => this.snapshots()),
    );
  }

  /** Opens the cache folder (taking its lock), starts the stream proxy and removes orphaned data files. */
  static async open(options: CacheManagerOptions): Promise<CacheManager> {
    const settings = { ...defaultCacheSettings, ...options.settings };
    const dataFolder = join(options.folder, 'data');
    const store = await CacheStore.open(options.folder, { rebuild: () => rebuildFromSidecars(dataFolder) });
    let proxy: StreamProxy;
    try {
      proxy = await StreamProxy.start({
        port: settings.proxyPort,
        onError: (error, source) => options.log?.(`stream proxy: ${source.fileName}: ${describeError(error)}`),
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    const manager = new CacheManager(options, store, proxy, dataFolder);
    await mkdir(manager.dataFolder, { recursive: true, mode: 0o700 });
    await setSpareAside(join(options.folder, storeFolderName));
    if (store.recovered) {
      for (const damaged of store.recovered.damagedFiles) manager.log(`cache: ${damaged.path} was damaged (${damaged.reason}); moved to ${damaged.movedTo ?? 'nowhere'}`);
      manager.log(`cache: rebuilt ${store.recovered.rebuiltEntries} entr${store.recovered.rebuiltEntries === 1 ? 'y' : 'ies'} from the data files`);
    }
    await manager.sweepOrphans();
    for (const changed of await checkDataFiles(store, dataFolder)) {
      manager.log(`cache: ${changed.title}: its data file holds less than was recorded (missing or cut short); ${RangeSet.fromIntervals(changed.ranges).totalBytes} bytes are kept, the rest is fetched again when needed`);
    }
    return manager;
  }

  /** The entry for a part, opened: new, stored, failed and evicted entries start a probe; others are returned as they are. */
  open(request: CachePartRequest): CacheEntry {
    this.assertOpen();
    let entry = this.entries.get(request.key);
    if (!entry) {
      entry = new CacheEntry(request, {
        store: this.store,
        proxy: this.proxy,
        dataFolder: this.dataFolder,
        settings: this.settings,
        connect: (path) => this.options.connect(path),
        log: (message) => this.log(message),
        grew: () => this.scheduleLimitCheck(),
        claimSpace: (key, bytes) => this.freeSpace.claim(bytes, key),
        settleSpace: (bytes) => this.freeSpace.settle(bytes),
      });
      this.entries.set(request.key, entry);
      this.subscriptions.set(
        request.key,
        entry.state$.subscribe(() => {
          this.changed.next();
          this.roomWatch.update([...this.entries.values()].some(isPausedForRoom));
        }),
      );
    }
    entry.open(request);
    return entry;
  }

  /**
   * Opens every pinned entry whose bytes are not all on disk and that is not open yet, so its download
   * carries on in the background (a pin outlives the process that made it). `accept` picks which
   * records may be fetched from here (another server's parts cannot). Returns the entries opened.
   */
  resumePinned(accept: (stored: StoreEntry) => boolean = () => true): CacheEntry[] {
    this.assertOpen();
    const unfinished = this.store.entries().filter((stored) => stored.pinned && !this.entries.has(stored.key) && !snapshotOf(stored.key, stored, stored.title).complete);
    return unfinished.filter(accept).map((stored) => this.open(requestFromStore(stored)));
  }

  entry(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** Every entry: the open ones as they are now, the others as the store records them (`stored`). */
  snapshots(): CacheEntrySnapshot[] {
    const result = new Map<string, CacheEntrySnapshot>();
    for (const stored of this.store.entries()) result.set(stored.key, snapshotOf(stored.key, stored, stored.title));
    for (const [key, entry] of this.entries) result.set(key, entry.snapshot);
    return [...result.values()].sort((a, b) => b.lastAccess - a.lastAccess);
  }

  /** Marks an entry "keep offline" (or not). Returns false when the cache does not know the key. */
  setPinned(key: string, pinned: boolean): boolean {
    const entry = this.entries.get(key);
    if (entry) {
      entry.setPinned(pinned);
    } else if (this.store.has(key)) {
      const stored = this.store.update(key, { pinned });
      // The sidecar keeps the pin too: a store rebuilt from sidecars must not make the entry evictable.
      this.sidecarWrites = this.sidecarWrites.then(() => writeSidecar(this.dataFolder, stored)).catch((error: unknown) => this.log(`cache: ${stored.title}: could not write its sidecar: ${describeError(error)}`));
    } else {
      return false;
    }
    this.changed.next();
    return true;
  }

  /** Removes an entry's bytes and record. Returns false when the key is unknown. */
  async evict(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry) {
      await entry.evict();
    } else {
      const stored = this.store.get(key);
      if (!stored) return false;
      // The sidecar goes first: a data file left with a sidecar but no record is taken for a lost record and brought back.
      await rm(join(this.dataFolder, sidecarName(stored.dataFile)), { force: true });
      await rm(join(this.dataFolder, stored.dataFile), { force: true });
      this.store.delete(key);
    }
    await this.store.writeNow();
    this.changed.next();
    // Room was made: downloads that paused for want of it go on.
    this.resumePaused();
    return true;
  }

  /** Downloads that paused for want of space go on (each pauses again if the room is not enough). */
  private resumePaused(): void {
    for (const entry of this.entries.values()) entry.resumeCaching();
  }

  /** Bytes the cache holds on disk, by its records. */
  usedBytes(): number {
    return this.store.entries().reduce((sum, stored) => sum + RangeSet.fromIntervals(stored.ranges).totalBytes, 0);
  }

  /**
   * Evicts least recently accessed entries until the cache holds at most `maxSize` bytes and the disk
   * keeps its free reserve; never a pinned entry or one being read. Resolves with the evicted keys.
   */
  async prune(maxSize = this.settings.maxSize): Promise<string[]> {
    return this.evictDownTo(maxSize, await this.freeShortfall());
  }

  private async evictDownTo(maxSize: number, bytesToFree: number): Promise<string[]> {
    const chosen = evictionOrder(this.store.entries(), { maxBytes: maxSize, bytesToFree, keep: (stored) => this.entries.get(stored.key)?.isBeingRead === true });
    for (const stored of chosen) {
      await this.evict(stored.key);
      this.log(`cache: evicted ${stored.title} to stay within the cache limits`);
    }
    return chosen.map((stored) => stored.key);
  }

  /** How far the disk is below the free reserve now (0 when it is not), for `cache ls` and the TUI. */
  async reserveShortfall(): Promise<number> {
    return Math.max(0, await this.freeShortfall());
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.limitTimer);
      this.roomWatch.stop();
      for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
      const entries = [...this.entries.values()];
      this.entries.clear();
      // The proxy and the store close even when an entry's last record or sidecar cannot be written (a full disk).
      await closeInTurn([
        async () => {
          const failed = (await Promise.allSettled(entries.map((entry) => entry.dispose()))).find((outcome) => outcome.status === 'rejected');
          if (failed) throw failed.reason;
        },
        () => this.sidecarWrites,
        () => this.changed.complete(),
        () => this.proxy.close(),
        () => this.store.close(),
      ]);
    })();
    return this.closing;
  }

  private async freeShortfall(): Promise<number> {
    try {
      return this.settings.freeReserve - (await availableBytes(this.options.folder));
    } catch {
      return 0;
    }
  }

  /** Whether an entry is open in this process (on its way, ready, or read): such an entry is never evicted to make room. */
  private isOpen(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && (entry.isBeingRead || entry.snapshot.state === 'probing' || entry.snapshot.state === 'sized' || entry.snapshot.state === 'ready');
  }

  /** At the free reserve: evicts least recently used entries that are not pinned, not open and not `asking`; resolves with the bytes freed. */
  private async makeRoom(bytes: number, asking: string): Promise<number> {
    if (this.closing) return 0;
    const chosen = evictionOrder(this.store.entries(), { maxBytes: Number.POSITIVE_INFINITY, bytesToFree: bytes, keep: (stored) => stored.key === asking || this.isOpen(stored.key) });
    let freed = 0;
    for (const stored of chosen) {
      await this.evict(stored.key);
      freed += recordedBytes(stored);
      this.log(`cache: evicted ${stored.title} to keep the disk's free reserve`);
    }
    return freed;
  }

  private scheduleLimitCheck(): void {
    if (this.limitTimer || this.closing) return;
    this.limitTimer = setTimeout(() => {
      this.limitTimer = undefined;
      // Only the size limit: the free reserve is kept as bytes are written, never at the cost of an open entry.
      this.evictDownTo(this.settings.maxSize, 0).catch((error: unknown) => this.log(`cache: could not keep within the limits: ${describeError(error)}`));
    }, limitCheckIntervalMs);
  }

  /** Data files no store entry names are left from a crash or a lost store: remove them. */
  private async sweepOrphans(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dataFolder);
    } catch {
      return;
    }
    const lost = await recoverLostRecords(this.store, this.dataFolder, names, this.store.recovered !== null);
    for (const stored of lost.recovered) this.log(`cache: ${stored.title}: its record was lost with a store file; brought back from its sidecar with ${RangeSet.fromIntervals(stored.ranges).totalBytes} bytes`);
    for (const path of lost.movedAside) this.log(`cache: ${path}: no record names it and no sidecar says what it is; moved aside, not deleted`);
    for (const stored of await restoreMissingSidecars(this.store, this.dataFolder, names)) this.log(`cache: ${stored.title}: its sidecar was missing; written again from its record`);
    if (lost.movedAside.length > 0) names = await readdir(this.dataFolder);
    const known = new Set(this.store.entries().flatMap((stored) => [stored.dataFile, sidecarName(stored.dataFile)]));
    const orphans = names.filter((name) => (!known.has(name) && !isMovedAside(name)) || isLeftoverTemporaryFile(name));
    await Promise.all(orphans.map((name) => rm(join(this.dataFolder, name), { force: true })));
    if (orphans.length > 0) this.log(`cache: removed ${orphans.length} orphaned data file(s)`);
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the cache is closed');
  }
}

/** An entry that plays while its download waits for room on the disk. */
function isPausedForRoom(entry: CacheEntry): boolean {
  return entry.snapshot.state === 'ready' && entry.snapshot.error?.code === 'disk-full';
}
