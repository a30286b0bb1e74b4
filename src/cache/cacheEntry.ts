// One cached media part: runs its lifecycle, owns its downloader and data file, and publishes its snapshot.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BehaviorSubject, asyncScheduler, throttleTime, type Observable, type Subscription } from 'rxjs';
import { describeError, isPlextermError } from '../base/errors.js';
import { fromAbortable } from '../base/fromAbortable.js';
import { RangeSet } from '../base/rangeSet.js';
import type { CacheSettings } from './cacheSettings.js';
import { DataFile, dataFileNameFor } from './dataFile.js';
import { EntryDownloader } from './downloader.js';
import { entryLifecycle, type LifecycleEvent, type SizedFile } from './entryLifecycle.js';
import { sidecarName, writeSidecar } from './entrySidecar.js';
import { assertTransition, type CacheEntrySnapshot, type CacheState } from './entryState.js';
import type { HttpUpstream } from './httpUpstream.js';
import { isNetworkUnreachable, probeSize } from './sizeProbe.js';
import { discoverSizeByDownloading } from './sizeDiscovery.js';
import type { CacheStore } from './store.js';
import type { StoreEntry } from './storeEntry.js';
import type { StreamProxy, StreamRegistration, StreamSource } from './streamProxy.js';

/** What the cache needs to know to open a part. */
export interface CachePartRequest {
  /** `${machineIdentifier}/${partId}/${changestamp}`, or `url/<hash>` for a plain URL. */
  key: string;
  title: string;
  /** The part's path on the server (or a whole URL), never with the token. */
  upstreamPath: string;
  fileName: string;
  container: string | null;
  /** The part's size from Plex metadata, used when the server does not say. */
  metadataSize: number | null;
}

/** What the manager lends each entry. */
export interface EntryEnvironment {
  store: CacheStore;
  proxy: StreamProxy;
  dataFolder: string;
  settings: CacheSettings;
  connect(upstreamPath: string): HttpUpstream;
  log(message: string): void;
  /** Called when new bytes were recorded, so the manager can keep the cache within its limits. */
  grew(entry: CacheEntry): void;
}

const progressIntervalMs = 250;

export class CacheEntry {
  readonly key: string;
  private readonly subject: BehaviorSubject<CacheEntrySnapshot>;
  readonly state$: Observable<CacheEntrySnapshot>;
  private request: CachePartRequest;
  private upstream: HttpUpstream | undefined;
  private dataFile: DataFile | undefined;
  private downloader: EntryDownloader | undefined;
  private registration: StreamRegistration | undefined;
  private lifecycle: Subscription | undefined;
  private progress: Subscription | undefined;
  private readonly source: StreamSource;
  private starting = false;
  private sidecarWrite: Promise<void> = Promise.resolve();
  /** The bytes a size discovery wrote, recorded with the size. */
  private discovered: RangeSet | undefined;

  constructor(
    request: CachePartRequest,
    private readonly environment: EntryEnvironment,
  ) {
    this.key = request.key;
    this.request = request;
    const stored = environment.store.get(request.key);
    this.subject = new BehaviorSubject<CacheEntrySnapshot>(snapshotOf(request.key, stored, request.title, 'new'));
    this.state$ = this.subject.asObservable();
    const entry = this;
    this.source = {
      fileName: request.fileName,
      container: request.container,
      get totalSize() {
        return entry.snapshot.totalSize ?? 0;
      },
      read: (start, end, signal) => this.read(start, end, signal),
      onAccess: () => this.touch(),
    };
  }

  get snapshot(): CacheEntrySnapshot {
    return this.subject.value;
  }

  /** Opens the entry: a new, failed or evicted entry starts a probe; one already on its way is left alone. */
  open(request: CachePartRequest = this.request): void {
    const state = this.snapshot.state;
    if (this.starting || (state !== 'new' && state !== 'failed' && state !== 'evicted')) return;
    this.request = request;
    // Start on the next microtask, so whoever subscribes right after `open` sees every state from `new` on.
    this.starting = true;
    queueMicrotask(() => {
      this.starting = false;
      if (!this.subject.closed) this.startLifecycle(request);
    });
  }

  private startLifecycle(request: CachePartRequest): void {
    this.lifecycle?.unsubscribe();
    // Every open connects anew: a failed open may have failed for a token or address changed since.
    this.upstream?.dispose();
    this.upstream = this.environment.connect(request.upstreamPath);
    this.lifecycle = entryLifecycle({
      probe: () => fromAbortable((signal) => probeSize(this.requireUpstream(), { metadataSize: request.metadataSize, signal })),
      offlineFallback: (error) => this.offlineFile(error),
      discoverSize: () => fromAbortable((signal) => this.discoverSize(signal)),
      persist: (file) => fromAbortable(() => this.persist(file)),
      startBuffer: (file) => fromAbortable((signal) => this.fillStartBuffer(file, signal)),
    }).subscribe((event) => this.apply(event));
  }

  /** Whether a player is streaming from this entry right now (such an entry is never evicted). */
  get isBeingRead(): boolean {
    return this.registration !== undefined && this.environment.proxy.activeReaders(this.registration.token) > 0;
  }

  /** "Keep offline": pinned entries download fully and are never evicted. */
  setPinned(pinned: boolean): void {
    if (this.environment.store.has(this.key)) this.environment.store.update(this.key, { pinned });
    this.patch({ pinned });
    void this.writeSidecar();
    if (pinned) this.fillInBackground();
  }

  /** Resolves once every byte is recorded (for `cache pin`); rejects when the download fails for good. */
  async waitUntilComplete(): Promise<void> {
    if (!this.downloader) throw new Error(`cache entry ${this.key} is not downloading`);
    await this.downloader.fillAll();
  }

  /** Removes the entry's bytes: a ready entry becomes evicted; its URL stops working. */
  async evict(): Promise<void> {
    this.lifecycle?.unsubscribe();
    await this.stopDownloading();
    this.registration?.dispose();
    this.registration = undefined;
    await this.sidecarWrite;
    await this.dataFile?.drop();
    this.dataFile = undefined;
    await rm(join(this.environment.dataFolder, sidecarName(dataFileNameFor(this.key))), { force: true });
    this.environment.store.delete(this.key);
    const evicted = this.snapshot.state === 'ready';
    this.patch({ downloadedBytes: 0, complete: false, bytesPerSecond: 0, streamUrl: null, ...(evicted ? { state: 'evicted' as const } : {}) });
  }

  async close(): Promise<void> {
    this.lifecycle?.unsubscribe();
    this.registration?.dispose();
    this.registration = undefined;
    await this.stopDownloading();
    await this.sidecarWrite;
    await this.dataFile?.close();
    this.dataFile = undefined;
    this.upstream?.dispose();
    this.upstream = undefined;
    this.subject.complete();
  }

  /** The proxy's reads: through the downloader, or straight from upstream once the disk is full. */
  private async *read(start: number, end: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    let position = start;
    const downloader = this.downloader;
    if (downloader) {
      try {
        for await (const piece of downloader.read(start, end, signal)) {
          position += piece.byteLength;
          yield piece;
        }
        return;
      } catch (error) {
        if (!isPlextermError(error) || error.code !== 'disk-full') throw error;
      }
    }
    // Caching stopped (the disk is full): keep the player going by passing bytes through from upstream.
    const response = await this.requireUpstream().fetchRange(position, end, signal);
    for await (const piece of response.body) yield piece;
  }

  private apply(event: LifecycleEvent): void {
    assertTransition(this.snapshot.state, event.state);
    switch (event.state) {
      case 'probing':
        this.patch({ state: 'probing', error: null, streamUrl: null });
        break;
      case 'sized':
        this.patch({ state: 'sized', totalSize: event.totalSize, rangeSupport: event.rangeSupport });
        break;
      case 'ready':
        // Progress is throttled: take the bytes on disk now, so `ready` never shows a stale count.
        this.patch({ state: 'ready', streamUrl: event.streamUrl, lastAccess: Date.now(), downloadedBytes: this.downloader?.writtenRanges.totalBytes ?? this.snapshot.downloadedBytes });
        break;
      case 'failed':
        this.environment.log(`cache: ${this.request.title}: ${event.error.message}`);
        this.registration?.dispose();
        this.registration = undefined;
        void this.stopDownloading();
        this.patch({ state: 'failed', error: event.error, streamUrl: null, bytesPerSecond: 0 });
        break;
    }
  }

  private offlineFile(error: unknown): SizedFile | null {
    const stored = this.environment.store.get(this.key);
    if (!isNetworkUnreachable(error) || !stored || stored.totalSize === null) return null;
    if (!RangeSet.fromIntervals(stored.ranges).covers(0, stored.totalSize)) return null;
    this.environment.log(`cache: ${stored.title}: the server cannot be reached; playing the complete copy on disk`);
    return { totalSize: stored.totalSize, rangeSupport: stored.rangeSupport ?? true, etag: stored.etag, lastModified: stored.lastModified, offline: true };
  }

  private async discoverSize(signal: AbortSignal): Promise<number> {
    const dataFile = await this.openDataFile();
    await dataFile.truncate(0);
    const size = await discoverSizeByDownloading({
      upstream: this.requireUpstream(),
      dataFile,
      signal,
      onProgress: (downloadedBytes) => this.patch({ downloadedBytes }),
    });
    this.discovered = RangeSet.of(0, size);
    return size;
  }

  /** Writes the size durably before `sized`; drops recorded bytes when the file changed upstream. */
  private async persist(file: SizedFile): Promise<void> {
    const { store } = this.environment;
    const stored = store.get(this.key);
    let ranges = stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty;
    if (stored && !file.offline && fileChanged(stored, file)) {
      this.environment.log(`cache: ${this.request.title} changed on the server (size or ETag); its cached bytes are fetched again`);
      ranges = RangeSet.empty;
      await (await this.openDataFile()).truncate(0);
    }
    if (this.discovered) ranges = this.discovered;
    this.discovered = undefined;
    store.upsert({
      key: this.key,
      upstreamPath: this.request.upstreamPath,
      title: this.request.title,
      totalSize: file.totalSize,
      ranges: ranges.remove(file.totalSize, Number.MAX_SAFE_INTEGER),
      pinned: stored?.pinned ?? this.snapshot.pinned,
      lastAccess: Date.now(),
      etag: file.etag,
      lastModified: file.lastModified,
      rangeSupport: file.rangeSupport,
      dataFile: dataFileNameFor(this.key),
    });
    await store.writeNow();
    await this.writeSidecar();
  }

  /** Keeps the sidecar beside the data file current, so a damaged store can be rebuilt from the data files. */
  private writeSidecar(): Promise<void> {
    const write = async (): Promise<void> => {
      const stored = this.environment.store.get(this.key);
      if (!stored || stored.totalSize === null) return;
      const complete = RangeSet.fromIntervals(stored.ranges).covers(0, stored.totalSize);
      try {
        await writeSidecar(this.environment.dataFolder, stored, complete);
      } catch (error) {
        this.environment.log(`cache: ${this.request.title}: could not write its sidecar: ${describeError(error)}`);
      }
    };
    // One write at a time, in order, and `close` waits for the last.
    this.sidecarWrite = this.sidecarWrite.then(write);
    return this.sidecarWrite;
  }

  private async fillStartBuffer(file: SizedFile, signal: AbortSignal): Promise<string> {
    const { settings, store } = this.environment;
    const stored = store.get(this.key);
    await this.stopDownloading();
    const downloader = new EntryDownloader({
      upstream: this.requireUpstream(),
      dataFile: await this.openDataFile(),
      totalSize: file.totalSize,
      recordedRanges: stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty,
      rangeSupport: file.rangeSupport,
      etag: file.etag,
      chunkSize: settings.chunkSize,
      concurrency: settings.concurrency,
      readAheadBytes: settings.readAheadBytes,
      // Cached bytes go to the player in 1 MiB reads: fewer, larger reads and socket writes.
      readPieceSize: 1024 * 1024,
      onRecorded: (ranges) => {
        if (store.has(this.key)) store.update(this.key, { ranges });
        if (ranges.covers(0, file.totalSize)) void this.writeSidecar();
        this.environment.grew(this);
      },
    });
    this.downloader = downloader;
    this.progress = downloader.progress$
      .pipe(throttleTime(progressIntervalMs, asyncScheduler, { leading: true, trailing: true }))
      .subscribe((progress) => {
        const newlyFailed = progress.storageError !== null && this.snapshot.error === null;
        this.patch({ downloadedBytes: progress.downloadedBytes, bytesPerSecond: progress.bytesPerSecond, complete: progress.complete, error: progress.storageError });
        if (newlyFailed && progress.storageError) {
          // Tell the person once, and let the manager evict to make room again.
          this.environment.log(`cache: ${this.request.title}: ${progress.storageError.message}; playing on without caching`);
          this.environment.grew(this);
        }
      });
    const bufferEnd = Math.min(settings.startBuffer, file.totalSize);
    if (bufferEnd > 0) await downloader.waitFor(0, bufferEnd, signal);
    this.registration?.dispose();
    this.registration = this.environment.proxy.register(this.source);
    if (this.snapshot.pinned) this.fillInBackground();
    return this.registration.url;
  }

  private fillInBackground(): void {
    this.downloader?.fillAll().catch((error: unknown) => this.environment.log(`cache: ${this.request.title}: ${describeError(error)}`));
  }

  private touch(): void {
    const lastAccess = Date.now();
    if (this.environment.store.has(this.key)) this.environment.store.update(this.key, { lastAccess });
    this.patch({ lastAccess });
  }

  private async stopDownloading(): Promise<void> {
    this.progress?.unsubscribe();
    this.progress = undefined;
    const downloader = this.downloader;
    this.downloader = undefined;
    await downloader?.close();
  }

  private async openDataFile(): Promise<DataFile> {
    this.dataFile ??= await DataFile.open(this.environment.dataFolder, dataFileNameFor(this.key));
    return this.dataFile;
  }

  private requireUpstream(): HttpUpstream {
    if (!this.upstream) throw new Error(`cache entry ${this.key} is closed`);
    return this.upstream;
  }

  private patch(changes: Partial<CacheEntrySnapshot>): void {
    if (this.subject.closed) return;
    this.subject.next({ ...this.subject.value, ...changes });
  }
}

/** The snapshot of an entry as the store knows it, before (or without) opening it. */
export function snapshotOf(key: string, stored: StoreEntry | undefined, title: string, state: CacheState): CacheEntrySnapshot {
  const downloadedBytes = stored ? RangeSet.fromIntervals(stored.ranges).totalBytes : 0;
  const totalSize = stored?.totalSize ?? null;
  return {
    key,
    title: stored?.title ?? title,
    state,
    totalSize,
    downloadedBytes,
    complete: totalSize !== null && downloadedBytes >= totalSize,
    pinned: stored?.pinned ?? false,
    rangeSupport: stored?.rangeSupport ?? null,
    bytesPerSecond: 0,
    streamUrl: null,
    error: null,
    lastAccess: stored?.lastAccess ?? 0,
  };
}

function fileChanged(stored: StoreEntry, file: SizedFile): boolean {
  if (stored.totalSize !== null && stored.totalSize !== file.totalSize) return true;
  return stored.etag !== null && file.etag !== null && stored.etag !== file.etag;
}
