// One cached media part: runs the steps of each open (probe, size, start buffer, ready, a later check with the server),
// holds its data file, downloads and stream URL, and publishes its snapshot, the scan of its events.
import { BehaviorSubject, Subject, type Observable, type Subscription } from 'rxjs';
import { describeError } from '../../base/errors.js';
import { fromAbortable } from '../../base/fromAbortable.js';
import { RangeSet } from '../../base/rangeSet.js';
import { isServerUnreachable } from '../../plex/plexErrors.js';
import { discoverSizeByDownloading } from '../download/index.js';
import type { StreamRegistration, StreamSource } from '../proxy/index.js';
import { dataFileNameFor } from '../store/index.js';
import { probeSize, type HttpUpstream, type ProbeResult } from '../upstream/index.js';
import type { CachePartRequest } from './cachePartRequest.js';
import { DataFileSlot } from './dataFileSlot.js';
import { EntryDownloads, rethrowUnlessDiskFull } from './entryDownloads.js';
import type { EntryEnvironment } from './entryEnvironment.js';
import { entryLifecycle, type LifecycleEvent, type SizedFile } from './entryLifecycle.js';
import { completeFile, probeLength, progressOf, snapshotOf, trustedFile } from './entryRecord.js';
import { scanEntrySnapshots, type EntryInput, type ProgressChanges } from './entrySnapshots.js';
import { allows, transition, type CacheEntryEvent, type CacheEntrySnapshot } from './entryState.js';
import { SidecarWrites } from './sidecarWrites.js';
import { writeSizedRecord } from './sizedRecord.js';

export class CacheEntry {
  readonly key: string;
  /** What happens to the entry: named events and progress changes. Its snapshots are their scan. */
  private readonly inputs = new Subject<EntryInput>();
  /** Fed only by the scan of `inputs`: nothing else sets the state. */
  private readonly snapshots: BehaviorSubject<CacheEntrySnapshot>;
  readonly state$: Observable<CacheEntrySnapshot>;
  private request: CachePartRequest;
  private upstream: HttpUpstream | undefined;
  private readonly dataFile: DataFileSlot;
  private readonly downloads: EntryDownloads;
  private registration: StreamRegistration | undefined;
  private lifecycle: Subscription | undefined;
  private readonly source: StreamSource;
  /** Bumped by every open, eviction and close: a start an older one queued does nothing. */
  private generation = 0;
  /** The last eviction's or close's clean-up: an open starts after it, so the two never share the data file. */
  private settled: Promise<void> = Promise.resolve();
  private readonly sidecar: SidecarWrites;
  /** The bytes a size discovery wrote, recorded with the size. */
  private discovered: RangeSet | undefined;
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
    this.dataFile = new DataFileSlot(environment.dataFolder, dataFileNameFor(request.key));
    this.sidecar = new SidecarWrites(
      environment.dataFolder,
      () => environment.store.get(this.key),
      (error) => environment.log(`cache: ${this.request.title}: could not write its sidecar: ${describeError(error)}`),
    );
    this.downloads = new EntryDownloads({
      key: this.key,
      environment,
      sidecar: this.sidecar,
      snapshot: () => this.snapshot,
      patchProgress: (changes) => this.patchProgress(changes),
      upstream: () => this.requireUpstream(),
      log: (message) => environment.log(`cache: ${this.request.title}: ${message}`),
    });
    const entry = this;
    this.source = {
      fileName: request.fileName,
      container: request.container,
      get totalSize() {
        return entry.snapshot.totalSize ?? 0;
      },
      read: (start, end, signal) => this.downloads.read(start, end, signal),
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
    void this.sidecar.write();
    if (pinned) this.downloads.fillInBackground();
  }

  /** Resolves once every byte is recorded (for `cache pin`); rejects when the download fails for good. */
  waitUntilComplete(): Promise<void> {
    return this.downloads.waitUntilComplete();
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
      await this.dataFile.remove();
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
      await this.sidecar.write();
      await (await this.dataFile.take())?.close();
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
    this.downloads.unfollow();
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
    await this.downloads.stop();
    await this.sidecar.settled();
  }

  /** One open's events: the reducer decides the state; the entry does what goes with an event its state allowed. */
  private apply(event: LifecycleEvent): void {
    if (event.type === 'startBufferFilled') {
      // Progress is throttled: take the bytes on disk now, so `ready` never shows a stale count.
      this.patchProgress({ lastAccess: Date.now(), downloadedBytes: this.downloads.writtenBytes ?? this.snapshot.downloadedBytes });
    }
    const applied = this.dispatch(event);
    if (applied && event.type === 'failed') {
      this.environment.log(`cache: ${this.request.title}: ${event.error.message}`);
      this.registration?.dispose();
      this.registration = undefined;
      void this.downloads.stop();
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
    const trusted = trustedFile(request, stored, this.environment.settings);
    if (trusted) {
      this.validationDue = true;
      return trusted;
    }
    const firstBytes = probeLength(stored, this.environment.settings.startBuffer);
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
    await this.downloads.stop();
    if (generation !== this.generation) return;
    if (store.has(this.key)) store.update(this.key, { ranges: [], validatedAt: null });
    this.patchProgress(progressOf(store.get(this.key)));
    this.apply({ type: 'failed', error: { code: 'stale', message, retryable: true } });
  }

  private offlineFile(error: unknown): SizedFile | null {
    const stored = this.environment.store.get(this.key);
    const file = isServerUnreachable(error) ? completeFile(stored) : null;
    if (file) this.environment.log(`cache: ${stored?.title ?? this.request.title}: the server cannot be reached; playing the complete copy on disk`);
    return file;
  }

  private async discoverSize(signal: AbortSignal): Promise<number> {
    const dataFile = await this.dataFile.open(signal);
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
    const wrote = await writeSizedRecord({
      store,
      key: this.key,
      dataFolder: this.environment.dataFolder,
      request: this.request,
      file,
      takeDiscovered: () => {
        const discovered = this.discovered;
        this.discovered = undefined;
        return discovered;
      },
      trusted: () => this.validationDue,
      pinned: this.snapshot.pinned,
      truncate: async () => (await this.dataFile.open(signal)).truncate(0),
      log: (message) => this.environment.log(message),
      signal,
    });
    if (wrote) await this.sidecar.write();
    this.patchProgress(progressOf(store.get(this.key)));
  }

  private async fillStartBuffer(file: SizedFile, signal: AbortSignal): Promise<string> {
    const { settings } = this.environment;
    await this.downloads.stop();
    const dataFile = await this.dataFile.open(signal);
    // Aborted during a wait (evicted or closed): no downloader may start after the clean-up.
    signal.throwIfAborted();
    const head = this.head;
    this.head = undefined;
    await this.downloads.writeHead(dataFile, file, head, signal);
    const downloader = this.downloads.start(file, dataFile);
    const bufferEnd = Math.min(settings.startBuffer, file.totalSize);
    // A disk at its reserve (or full) before the start buffer is on disk still plays: reads pass through.
    if (bufferEnd > 0) await downloader.waitFor(0, bufferEnd, signal).catch(rethrowUnlessDiskFull);
    signal.throwIfAborted();
    this.registration?.dispose();
    this.registration = this.environment.proxy.register(this.source);
    if (this.snapshot.pinned) this.downloads.fillInBackground();
    return this.registration.url;
  }

  /**
   * Caching that paused for want of space starts again from what is recorded, because room was made;
   * the stream URL and its readers carry on. Does nothing unless the entry is ready and paused so.
   */
  resumeCaching(): void {
    const opening = this.dataFile.current;
    if (this.snapshot.state !== 'ready' || this.snapshot.error?.code !== 'disk-full' || !opening) return;
    const generation = this.generation;
    this.downloads.resume(opening, () => generation === this.generation && !this.snapshots.closed);
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
