// One cached media part: runs its lifecycle, owns its downloader and data file, and publishes its snapshot.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BehaviorSubject, Subject, asyncScheduler, throttleTime, type Observable, type Subscription } from 'rxjs';
import { describeError, isPlextermError, type PlextermError } from '../../base/errors.js';
import { fromAbortable } from '../../base/fromAbortable.js';
import { RangeSet } from '../../base/rangeSet.js';
import type { CacheSettings } from '../cacheSettings.js';
import { DataFile, dataFileNameFor } from '../store/dataFile.js';
import { EntryDownloader } from '../download/downloader.js';
import { entryLifecycle, type LifecycleEvent, type SizedFile } from './entryLifecycle.js';
import { sidecarName, writeSidecar } from '../store/entrySidecar.js';
import { scanEntrySnapshots, type EntryInput, type ProgressChanges } from './entrySnapshots.js';
import { allows, restingState, transition, type CacheEntryEvent, type CacheEntrySnapshot } from './entryState.js';
import type { HttpUpstream } from '../upstream/httpUpstream.js';
import { rangesOnDisk } from '../store/recordedBytes.js';
import { isNetworkUnreachable, probeSize, type ProbeResult } from '../upstream/sizeProbe.js';
import { discoverSizeByDownloading } from '../download/sizeDiscovery.js';
import type { CacheStore } from '../store/store.js';
import type { StoreEntry } from '../store/storeEntry.js';
import type { StreamProxy, StreamRegistration, StreamSource } from '../proxy/streamProxy.js';

/** What the cache needs to know to open a part. */
export interface CachePartRequest {
  /** `${machineIdentifier}/${partId}/${changestamp}`, or `url/<hash>` for a plain URL. */
  key: string;
  title: string;
  /** The part's path on the server (or a whole URL), never with the token. */
  upstreamPath: string;
  /**
   * The URL to fetch in this run when it differs from `upstreamPath`: a plain URL with its user:pass@
   * or secret parameters, which the stored `upstreamPath` leaves out. Never stored.
   */
  fetchUrl?: string;
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
  /** Asked before the entry writes `bytes`: null when they fit above the free-space reserve, else the error that pauses caching. */
  claimSpace(key: string, bytes: number): Promise<PlextermError | null>;
  /** The write of bytes granted by `claimSpace` ended, written or not. */
  settleSpace(bytes: number): void;
}

const progressIntervalMs = 250;
/** How often, at most, a download's recorded ranges go to the sidecar too (completion and lost bytes go at once). */
const sidecarIntervalMs = 2000;

export class CacheEntry {
  readonly key: string;
  /** What happens to the entry: named events and progress changes. Its snapshots are their scan. */
  private readonly inputs = new Subject<EntryInput>();
  /** Fed only by the scan of `inputs`: nothing else sets the state. */
  private readonly snapshots: BehaviorSubject<CacheEntrySnapshot>;
  readonly state$: Observable<CacheEntrySnapshot>;
  private request: CachePartRequest;
  private upstream: HttpUpstream | undefined;
  /** The open (or opening) data file; a promise, so a clean-up waits for an open still under way. */
  private dataFile: Promise<DataFile> | undefined;
  private downloader: EntryDownloader | undefined;
  private registration: StreamRegistration | undefined;
  private lifecycle: Subscription | undefined;
  private progress: Subscription | undefined;
  private readonly source: StreamSource;
  /** Bumped by every open, eviction and close: a start an older one queued does nothing. */
  private generation = 0;
  /** The last eviction's or close's clean-up: an open starts after it, so the two never share the data file. */
  private settled: Promise<void> = Promise.resolve();
  private sidecarWrite: Promise<void> = Promise.resolve();
  private sidecarWrittenAt = 0;
  /** The bytes a size discovery wrote, recorded with the size. */
  private discovered: RangeSet | undefined;
  /** The file as the last open found it, for a download that starts again after a pause. */
  private sizedFile: SizedFile | undefined;
  /** The start of the file the probe's answer brought along, written at the start buffer. */
  private head: Promise<Buffer | null> | undefined;
  /**
   * Set by an open that trusted the recorded file without asking the server (see `trustedFile`): the first
   * read of its stream checks it with the server in the background.
   */
  private validationDue = false;
  /** Aborted when the open it belongs to stops (evict, close, another open): ends the reading of `head`. */
  private openLifetime = new AbortController();

  constructor(
    request: CachePartRequest,
    private readonly environment: EntryEnvironment,
  ) {
    this.key = request.key;
    this.request = request;
    const initial = snapshotOf(request.key, environment.store.get(request.key), request.title);
    this.snapshots = new BehaviorSubject(initial);
    this.inputs.pipe(scanEntrySnapshots(initial)).subscribe(this.snapshots);
    this.state$ = this.snapshots.asObservable();
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
    return this.snapshots.value;
  }

  /**
   * Opens the entry. Whether that starts anything is the state table's answer: an entry that is not
   * open (new, stored, failed, evicted) goes to `probing` at once, so no one who subscribes after
   * `open` sees a stale state; one already on its way is left alone. The probe itself starts once
   * an eviction or close still cleaning up has finished.
   */
  open(request: CachePartRequest = this.request): void {
    if (this.snapshots.closed || !allows(this.snapshot.state, 'opened')) return;
    this.request = request;
    this.dispatch({ type: 'opened' });
    const generation = (this.generation += 1);
    void this.settled.then(() => {
      if (generation === this.generation && !this.snapshots.closed) this.startLifecycle(request);
    });
  }

  private startLifecycle(request: CachePartRequest): void {
    this.lifecycle?.unsubscribe();
    this.openLifetime.abort();
    this.openLifetime = new AbortController();
    // Every open connects anew: a failed open may have failed for a token or address changed since.
    this.upstream?.dispose();
    this.upstream = this.environment.connect(request.fetchUrl ?? request.upstreamPath);
    this.lifecycle = entryLifecycle({
      probe: () => fromAbortable((signal) => this.probe(request, signal)),
      offlineFallback: (error) => this.offlineFile(error),
      discoverSize: () => fromAbortable((signal) => this.discoverSize(signal)),
      persist: (file) => fromAbortable((signal) => this.persist(file, signal)),
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
    this.patchProgress({ pinned });
    void this.writeSidecar();
    if (pinned) this.fillInBackground();
  }

  /** Resolves once every byte is recorded (for `cache pin`); rejects when the download fails for good. */
  async waitUntilComplete(): Promise<void> {
    if (!this.downloader) throw new Error(`cache entry ${this.key} is not downloading`);
    await this.downloader.fillAll();
  }

  /**
   * Removes the entry's bytes and record, from any state: whatever was on its way stops, its URL
   * stops working, and the next open probes anew. The state is `evicted` at once; the returned
   * promise resolves once the files are gone.
   */
  evict(): Promise<void> {
    this.letGo();
    // The record goes first, with the state: whoever sees `evicted` sees the bytes no longer counted. A crash
    // before the files are gone leaves orphans, which the next start sweeps away.
    this.environment.store.delete(this.key);
    this.dispatch({ type: 'evicted' });
    return this.cleanUp(async () => {
      await this.releaseFiles();
      // The sidecar goes first: a data file left with a sidecar but no record is taken for a lost record and brought back.
      await rm(join(this.environment.dataFolder, sidecarName(dataFileNameFor(this.key))), { force: true });
      const dataFile = await this.takeDataFile();
      if (dataFile) await dataFile.drop();
      else await rm(join(this.environment.dataFolder, dataFileNameFor(this.key)), { force: true });
    });
  }

  /**
   * Closes the entry, from any state: downloads stop, the URL stops working, the data file is let
   * go of. Its bytes and record stay, so it is `stored` (or `new` when nothing was recorded) and
   * the next open carries on from them.
   */
  close(): Promise<void> {
    this.letGo();
    this.dispatch({ type: 'closed', recorded: this.environment.store.has(this.key) });
    return this.cleanUp(async () => {
      await this.releaseFiles();
      // The ranges recorded since the last sidecar write: a store rebuilt from the sidecar keeps them.
      await this.writeSidecar();
      await (await this.takeDataFile())?.close();
      this.upstream?.dispose();
      this.upstream = undefined;
      // Bytes recorded while the downloads stopped: the snapshot shows what the store holds now.
      const stored = this.environment.store.get(this.key);
      if (stored) this.patchProgress(progressOf(stored));
    });
  }

  /** Closes the entry for good (the cache is closing): its snapshots complete. */
  async dispose(): Promise<void> {
    if (this.snapshots.closed) return;
    await this.close();
    this.inputs.complete();
  }

  /** Stops at once what is on its way and what would start: nothing runs between this and the event that follows it. */
  private letGo(): void {
    this.generation += 1;
    this.lifecycle?.unsubscribe();
    this.lifecycle = undefined;
    this.openLifetime.abort();
    this.validationDue = false;
    this.progress?.unsubscribe();
    this.progress = undefined;
    this.registration?.dispose();
    this.registration = undefined;
  }

  /** Runs `work` after any clean-up before it; an open waits for it, and a failed clean-up never blocks a later open. */
  private cleanUp(work: () => Promise<void>): Promise<void> {
    const done = this.settled.then(work);
    this.settled = done.catch((error: unknown) => this.environment.log(`cache: ${this.request.title}: ${describeError(error)}`));
    return done;
  }

  private async releaseFiles(): Promise<void> {
    await this.stopDownloading();
    await this.sidecarWrite;
  }

  /** The data file, once any open of it under way has finished, and no longer the entry's. */
  private async takeDataFile(): Promise<DataFile | undefined> {
    const opening = this.dataFile;
    this.dataFile = undefined;
    return opening?.catch(() => undefined);
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
        rethrowUnlessDiskFull(error);
      }
    }
    // Caching stopped (the disk is full): keep the player going by passing bytes through from upstream.
    const response = await this.requireUpstream().fetchRange(position, end, signal);
    for await (const piece of response.body) yield piece;
  }

  /** One open's events: the reducer decides the state; the entry does what goes with an event its state allowed. */
  private apply(event: LifecycleEvent): void {
    if (event.type === 'startBufferFilled') {
      // Progress is throttled: take the bytes on disk now, so `ready` never shows a stale count.
      this.patchProgress({ lastAccess: Date.now(), downloadedBytes: this.downloader?.writtenRanges.totalBytes ?? this.snapshot.downloadedBytes });
    }
    const applied = this.dispatch(event);
    if (applied && event.type === 'failed') {
      this.environment.log(`cache: ${this.request.title}: ${event.error.message}`);
      this.registration?.dispose();
      this.registration = undefined;
      void this.stopDownloading();
    }
  }

  /** Sends an event to the reducer; true when the state allowed it. */
  private dispatch(event: CacheEntryEvent): boolean {
    if (this.snapshots.closed) return false;
    const applied = transition(this.snapshot.state, event) !== null;
    this.inputs.next({ event });
    return applied;
  }

  /**
   * The size probe. When the start buffer is not on disk yet, it asks for the start buffer's bytes rather
   * than one byte: the same answer tells the size and brings them (one round trip instead of two).
   */
  private async probe(request: CachePartRequest, signal: AbortSignal): Promise<ProbeResult> {
    const stored = this.environment.store.get(this.key);
    this.validationDue = false;
    const trusted = this.trustedFile(request, stored);
    if (trusted) {
      this.validationDue = true;
      return trusted;
    }
    const wanted = this.environment.settings.startBuffer;
    const onDisk = stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty;
    const startNeeded = stored?.totalSize ? Math.min(wanted, stored.totalSize) : wanted;
    const firstBytes = startNeeded > 0 && !onDisk.covers(0, startNeeded) ? wanted : 1;
    this.head = undefined;
    // `signal` ends with the probe step, but the answer's body goes on bringing the first bytes: until then
    // only this open's end may cut the request.
    const lifetime = this.openLifetime.signal;
    const probing = new AbortController();
    const cancel = () => probing.abort();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const result = await probeSize(this.requireUpstream(), { metadataSize: request.metadataSize, signal: AbortSignal.any([probing.signal, lifetime]), firstBytes, headSignal: lifetime });
      this.head = result.head;
      return result;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  /**
   * The recorded file, when a play may trust it without a round trip: the server's metadata names the same
   * part, changestamp (both in the key) and size, the server confirmed the bytes within `revalidateAfter`,
   * and the start buffer is on disk. Null otherwise: the probe asks the server.
   */
  private trustedFile(request: CachePartRequest, stored: StoreEntry | undefined): ProbeResult | null {
    const { revalidateAfter, startBuffer } = this.environment.settings;
    if (!stored || stored.totalSize === null || stored.validatedAt === null || request.metadataSize !== stored.totalSize) return null;
    const age = Date.now() - stored.validatedAt;
    if (age < 0 || age >= revalidateAfter * 1000) return null;
    if (!RangeSet.fromIntervals(stored.ranges).covers(0, Math.min(startBuffer, stored.totalSize))) return null;
    return { totalSize: stored.totalSize, rangeSupport: stored.rangeSupport ?? true, etag: stored.etag, lastModified: stored.lastModified, source: 'store' };
  }

  /**
   * Asks the server whether the trusted file is still what it serves. When its size or ETag changed, the
   * entry stops serving (its URL stops working, `failed` with code `stale`) and its recorded bytes are
   * dropped, so the next play fetches the new ones; a server that cannot be asked leaves it playing.
   */
  private async validate(generation: number): Promise<void> {
    const { store } = this.environment;
    const stored = store.get(this.key);
    if (!stored) return;
    const lifetime = this.openLifetime.signal;
    let probed: ProbeResult;
    try {
      probed = await probeSize(this.requireUpstream(), { signal: lifetime });
    } catch (error) {
      if (!lifetime.aborted) this.environment.log(`cache: ${this.request.title}: could not check the cached copy with the server (${describeError(error)}); playing it as it is`);
      return;
    }
    if (generation !== this.generation) return;
    const changed = probed.totalSize !== stored.totalSize || (stored.etag !== null && probed.etag !== null && stored.etag !== probed.etag);
    if (!changed) {
      if (store.has(this.key)) store.update(this.key, { validatedAt: Date.now() });
      return;
    }
    const message = `"${this.request.title}" changed on the server since it was cached: plexterm stopped playing the old copy; play it again to fetch the new one`;
    this.registration?.dispose();
    this.registration = undefined;
    await this.stopDownloading();
    if (generation !== this.generation) return;
    if (store.has(this.key)) store.update(this.key, { ranges: [], validatedAt: null });
    this.patchProgress(progressOf(store.get(this.key)));
    this.apply({ type: 'failed', error: { code: 'stale', message, retryable: true } });
  }

  private offlineFile(error: unknown): SizedFile | null {
    const stored = this.environment.store.get(this.key);
    if (!isNetworkUnreachable(error) || !stored || stored.totalSize === null) return null;
    if (!RangeSet.fromIntervals(stored.ranges).covers(0, stored.totalSize)) return null;
    this.environment.log(`cache: ${stored.title}: the server cannot be reached; playing the complete copy on disk`);
    return { totalSize: stored.totalSize, rangeSupport: stored.rangeSupport ?? true, etag: stored.etag, lastModified: stored.lastModified, offline: true };
  }

  private async discoverSize(signal: AbortSignal): Promise<number> {
    const dataFile = await this.openDataFile(signal);
    await dataFile.truncate(0);
    signal.throwIfAborted();
    const size = await discoverSizeByDownloading({
      upstream: this.requireUpstream(),
      dataFile,
      signal,
      onProgress: (downloadedBytes) => this.patchProgress({ downloadedBytes }),
    });
    this.discovered = RangeSet.of(0, size);
    return size;
  }

  /** Writes the size durably before `sized`; drops recorded bytes when the file changed upstream. */
  private async persist(file: SizedFile, signal: AbortSignal): Promise<void> {
    const { store } = this.environment;
    const stored = store.get(this.key);
    let ranges = stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty;
    if (stored) {
      // The data file may have been deleted or cut short behind plexterm's back: what it no longer holds is fetched again.
      const onDisk = await rangesOnDisk(this.environment.dataFolder, stored);
      signal.throwIfAborted();
      if (!onDisk.equals(ranges)) {
        this.environment.log(`cache: ${this.request.title}: its data file holds ${onDisk.totalBytes} of the ${ranges.totalBytes} recorded bytes; the rest is fetched again`);
        ranges = onDisk;
      }
    }
    if (stored && !file.offline && fileChanged(stored, file)) {
      this.environment.log(`cache: ${this.request.title} changed on the server (size or ETag); its cached bytes are fetched again`);
      ranges = RangeSet.empty;
      await (await this.openDataFile(signal)).truncate(0);
      // An eviction or close during the wait owns the record now: writing it back would undo it.
      signal.throwIfAborted();
    }
    if (this.discovered) ranges = this.discovered;
    this.discovered = undefined;
    if (stored && this.validationDue && ranges.equals(RangeSet.fromIntervals(stored.ranges))) {
      // The trusted record is on disk as it is: nothing to write durably before `sized`.
      store.update(this.key, { lastAccess: Date.now() });
      this.patchProgress(progressOf(store.get(this.key)));
      return;
    }
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
      // Offline or trusted, the server confirmed nothing now.
      validatedAt: file.offline || this.validationDue ? (stored?.validatedAt ?? null) : Date.now(),
    });
    await store.writeNow();
    await this.writeSidecar();
    this.patchProgress(progressOf(store.get(this.key)));
  }

  /** Keeps the sidecar beside the data file current, so a damaged store can be rebuilt from the data files. */
  private writeSidecar(): Promise<void> {
    const write = async (): Promise<void> => {
      const stored = this.environment.store.get(this.key);
      if (!stored || stored.totalSize === null) return;
      this.sidecarWrittenAt = Date.now();
      try {
        await writeSidecar(this.environment.dataFolder, stored);
      } catch (error) {
        this.environment.log(`cache: ${this.request.title}: could not write its sidecar: ${describeError(error)}`);
      }
    };
    // One write at a time, in order, and `close` waits for the last.
    this.sidecarWrite = this.sidecarWrite.then(write);
    return this.sidecarWrite;
  }

  private async fillStartBuffer(file: SizedFile, signal: AbortSignal): Promise<string> {
    const { settings } = this.environment;
    await this.stopDownloading();
    const dataFile = await this.openDataFile(signal);
    // Aborted during a wait (evicted or closed): no downloader may start after the clean-up.
    signal.throwIfAborted();
    await this.writeHead(dataFile, file, signal);
    const downloader = this.startDownloader(file, dataFile);
    const bufferEnd = Math.min(settings.startBuffer, file.totalSize);
    // A disk at its reserve (or full) before the start buffer is on disk still plays: reads pass through.
    if (bufferEnd > 0) await downloader.waitFor(0, bufferEnd, signal).catch(rethrowUnlessDiskFull);
    signal.throwIfAborted();
    this.registration?.dispose();
    this.registration = this.environment.proxy.register(this.source);
    if (this.snapshot.pinned) this.fillInBackground();
    return this.registration.url;
  }

  /** Puts the bytes the probe brought on disk and records them, so the downloader starts after them; nothing when none came. */
  private async writeHead(dataFile: DataFile, file: SizedFile, signal: AbortSignal): Promise<void> {
    const pending = this.head;
    this.head = undefined;
    const head = await pending;
    signal.throwIfAborted();
    if (!head || head.byteLength === 0 || head.byteLength > file.totalSize) return;
    const { store } = this.environment;
    const stored = store.get(this.key);
    if (!stored) return;
    if ((await this.environment.claimSpace(this.key, head.byteLength)) !== null) return;
    await dataFile.write(head, 0);
    await dataFile.sync();
    signal.throwIfAborted();
    store.update(this.key, { ranges: RangeSet.fromIntervals(stored.ranges).union(RangeSet.of(0, head.byteLength)) });
    this.patchProgress(progressOf(store.get(this.key)));
    this.environment.grew(this);
  }

  /**
   * Caching that paused for want of space starts again from what is recorded, because room was made;
   * the stream URL and its readers carry on. Does nothing unless the entry is ready and paused so.
   */
  resumeCaching(): void {
    const file = this.sizedFile;
    const opening = this.dataFile;
    if (this.snapshot.state !== 'ready' || this.snapshot.error?.code !== 'disk-full' || !file || !opening) return;
    const generation = this.generation;
    const resume = async () => {
      await this.stopDownloading();
      const dataFile = await opening;
      // Evicted, closed, opened again or resumed by another call meanwhile: that one owns the entry now.
      if (generation !== this.generation || this.downloader || this.snapshots.closed) return;
      this.patchProgress({ error: null });
      this.environment.log(`cache: ${this.request.title}: there is room again; caching goes on`);
      this.startDownloader(file, dataFile);
      if (this.snapshot.pinned) this.fillInBackground();
    };
    resume().catch((error: unknown) => this.environment.log(`cache: ${this.request.title}: ${describeError(error)}`));
  }

  /** A downloader from the bytes the store records, its progress feeding the snapshot. */
  private startDownloader(file: SizedFile, dataFile: DataFile): EntryDownloader {
    const { settings, store } = this.environment;
    const stored = store.get(this.key);
    this.sizedFile = file;
    const downloader = new EntryDownloader({
      upstream: this.requireUpstream(),
      dataFile,
      totalSize: file.totalSize,
      recordedRanges: stored ? RangeSet.fromIntervals(stored.ranges) : RangeSet.empty,
      rangeSupport: file.rangeSupport,
      etag: file.etag,
      chunkSize: settings.chunkSize,
      concurrency: settings.concurrency,
      readAheadBytes: settings.readAheadBytes,
      // Cached bytes go to the player in 1 MiB reads: fewer, larger reads and socket writes.
      readPieceSize: 1024 * 1024,
      claimSpace: (bytes) => this.environment.claimSpace(this.key, bytes),
      settleSpace: (bytes) => this.environment.settleSpace(bytes),
      storageFolder: this.environment.dataFolder,
      onRecorded: (ranges) => {
        const before = store.get(this.key);
        if (before) store.update(this.key, { ranges });
        // Bytes lost (the data file was cut short) must leave the sidecar at once, or a rebuilt store would claim them again.
        const lost = before !== undefined && !ranges.union(RangeSet.fromIntervals(before.ranges)).equals(ranges);
        if (lost || ranges.covers(0, file.totalSize) || Date.now() - this.sidecarWrittenAt >= sidecarIntervalMs) void this.writeSidecar();
        if (lost && this.snapshot.pinned) this.fillInBackground();
        this.environment.grew(this);
      },
    });
    this.downloader = downloader;
    this.progress = downloader.progress$
      .pipe(throttleTime(progressIntervalMs, asyncScheduler, { leading: true, trailing: true }))
      .subscribe((progress) => {
        const newlyFailed = progress.storageError !== null && this.snapshot.error === null;
        this.patchProgress({ downloadedBytes: progress.downloadedBytes, bytesPerSecond: progress.bytesPerSecond, complete: progress.complete, error: progress.storageError });
        if (newlyFailed && progress.storageError) {
          // Tell the person once, and let the manager evict to make room again.
          this.environment.log(`cache: ${this.request.title}: ${progress.storageError.message}; playing on without caching`);
          this.environment.grew(this);
        }
      });
    return downloader;
  }

  private fillInBackground(): void {
    this.downloader?.fillAll().catch((error: unknown) => this.environment.log(`cache: ${this.request.title}: ${describeError(error)}`));
  }

  private touch(): void {
    if (this.validationDue) {
      this.validationDue = false;
      void this.validate(this.generation);
    }
    const lastAccess = Date.now();
    if (this.environment.store.has(this.key)) this.environment.store.update(this.key, { lastAccess });
    this.patchProgress({ lastAccess });
  }

  private async stopDownloading(): Promise<void> {
    this.progress?.unsubscribe();
    this.progress = undefined;
    const downloader = this.downloader;
    this.downloader = undefined;
    await downloader?.close();
  }

  /** The data file, opened once; never opened anew by work that was aborted (the entry was evicted or closed meanwhile). */
  private openDataFile(signal: AbortSignal): Promise<DataFile> {
    signal.throwIfAborted();
    if (!this.dataFile) {
      const opening = DataFile.open(this.environment.dataFolder, dataFileNameFor(this.key));
      this.dataFile = opening;
      opening.catch(() => {
        if (this.dataFile === opening) this.dataFile = undefined;
      });
    }
    return this.dataFile;
  }

  private requireUpstream(): HttpUpstream {
    if (!this.upstream) throw new Error(`cache entry ${this.key} is closed`);
    return this.upstream;
  }

  /** Progress, pin and access changes: every field but the state. */
  private patchProgress(changes: ProgressChanges): void {
    if (this.snapshots.closed) return;
    this.inputs.next({ progress: changes });
  }
}

/** The snapshot of an entry as the store knows it, before (or without) opening it: `stored` when recorded, else `new`. */
export function snapshotOf(key: string, stored: StoreEntry | undefined, title: string): CacheEntrySnapshot {
  return {
    key,
    title: stored?.title ?? title,
    state: restingState(stored !== undefined),
    ...progressOf(stored),
    pinned: stored?.pinned ?? false,
    rangeSupport: stored?.rangeSupport ?? null,
    bytesPerSecond: 0,
    streamUrl: null,
    error: null,
    lastAccess: stored?.lastAccess ?? 0,
  };
}

/** The bytes a record says are on disk. */
function progressOf(stored: StoreEntry | undefined): Pick<CacheEntrySnapshot, 'totalSize' | 'downloadedBytes' | 'complete'> {
  const downloadedBytes = stored ? RangeSet.fromIntervals(stored.ranges).totalBytes : 0;
  const totalSize = stored?.totalSize ?? null;
  return { totalSize, downloadedBytes, complete: totalSize !== null && downloadedBytes >= totalSize };
}

/** Caching stopped for want of space (`disk-full`): the caller carries on without it; anything else is thrown on. */
function rethrowUnlessDiskFull(error: unknown): void {
  if (!isPlextermError(error) || error.code !== 'disk-full') throw error;
}

function fileChanged(stored: StoreEntry, file: SizedFile): boolean {
  if (stored.totalSize !== null && stored.totalSize !== file.totalSize) return true;
  return stored.etag !== null && file.etag !== null && stored.etag !== file.etag;
}
