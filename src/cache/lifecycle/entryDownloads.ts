// The downloads of an open entry: one downloader at a time over its data file, recording into the store and the
// sidecar, its progress fed to the snapshot; the proxy's reads go through it, or straight upstream once the disk is full.
import { asyncScheduler, throttleTime, type Subscription } from 'rxjs';
import { describeError, isPlextermError } from '../../base/errors.js';
import { RangeSet } from '../../base/rangeSet.js';
import { EntryDownloader } from '../download/index.js';
import type { DataFile } from '../store/index.js';
import type { HttpUpstream } from '../upstream/index.js';
import type { EntryEnvironment } from './entryEnvironment.js';
import type { SizedFile } from './entryLifecycle.js';
import { progressOf } from './entryRecord.js';
import type { ProgressChanges } from './entrySnapshots.js';
import type { CacheEntrySnapshot } from './entryState.js';
import type { SidecarWrites } from './sidecarWrites.js';

const progressIntervalMs = 250;
/** How often, at most, a download's recorded ranges go to the sidecar too (completion and lost bytes go at once). */
const sidecarIntervalMs = 2000;

/** What the entry lends its downloads. */
export interface EntryDownloadsHost {
  readonly key: string;
  readonly environment: EntryEnvironment;
  readonly sidecar: SidecarWrites;
  snapshot(): CacheEntrySnapshot;
  patchProgress(changes: ProgressChanges): void;
  upstream(): HttpUpstream;
  /** Logs a line about the entry (its title is added). */
  log(message: string): void;
}

export class EntryDownloads {
  private downloader: EntryDownloader | undefined;
  private progress: Subscription | undefined;
  /** The file as the last start found it, for a download that starts again after a pause. */
  private file: SizedFile | undefined;

  constructor(private readonly host: EntryDownloadsHost) {}

  /** Bytes the running downloader has written, if one runs. */
  get writtenBytes(): number | undefined {
    return this.downloader?.writtenRanges.totalBytes;
  }

  /** A downloader from the bytes the store records, its progress feeding the snapshot. */
  start(file: SizedFile, dataFile: DataFile): EntryDownloader {
    const { settings, store } = this.host.environment;
    const stored = store.get(this.host.key);
    this.file = file;
    const downloader = new EntryDownloader({
      upstream: this.host.upstream(),
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
      claimSpace: (bytes) => this.host.environment.claimSpace(this.host.key, bytes),
      settleSpace: (bytes) => this.host.environment.settleSpace(bytes),
      storageFolder: this.host.environment.dataFolder,
      onRecorded: (ranges) => {
        const before = store.get(this.host.key);
        if (before) store.update(this.host.key, { ranges });
        // Bytes lost (the data file was cut short) must leave the sidecar at once, or a rebuilt store would claim them again.
        const lost = before !== undefined && !ranges.union(RangeSet.fromIntervals(before.ranges)).equals(ranges);
        if (lost || ranges.covers(0, file.totalSize) || Date.now() - this.host.sidecar.startedAt >= sidecarIntervalMs) void this.host.sidecar.write();
        if (lost && this.host.snapshot().pinned) this.fillInBackground();
        this.host.environment.grew();
      },
    });
    this.downloader = downloader;
    this.progress = downloader.progress$
      .pipe(throttleTime(progressIntervalMs, asyncScheduler, { leading: true, trailing: true }))
      .subscribe((progress) => {
        const newlyFailed = progress.storageError !== null && this.host.snapshot().error === null;
        this.host.patchProgress({ downloadedBytes: progress.downloadedBytes, bytesPerSecond: progress.bytesPerSecond, complete: progress.complete, error: progress.storageError });
        if (newlyFailed && progress.storageError) {
          // Tell the person once, and let the manager evict to make room again.
          this.host.log(`${progress.storageError.message}; playing on without caching`);
          this.host.environment.grew();
        }
      });
    return downloader;
  }

  /** Puts the bytes the probe brought on disk and records them, so the downloader starts after them; nothing when none came. */
  async writeHead(dataFile: DataFile, file: SizedFile, pending: Promise<Buffer | null> | undefined, signal: AbortSignal): Promise<void> {
    const head = await pending;
    signal.throwIfAborted();
    if (!head || head.byteLength === 0 || head.byteLength > file.totalSize) return;
    const { key } = this.host;
    const { store } = this.host.environment;
    const stored = store.get(key);
    if (!stored) return;
    if ((await this.host.environment.claimSpace(key, head.byteLength)) !== null) return;
    try {
      await dataFile.write(head, 0);
    } finally {
      this.host.environment.settleSpace(head.byteLength);
    }
    await dataFile.sync();
    signal.throwIfAborted();
    store.update(key, { ranges: RangeSet.fromIntervals(stored.ranges).union(RangeSet.of(0, head.byteLength)) });
    this.host.patchProgress(progressOf(store.get(key)));
    this.host.environment.grew();
  }

  /**
   * Caching that paused for want of space starts again from what is recorded, because room was made; the stream
   * URL and its readers carry on. `owns` says whether the open that paused still owns the entry.
   */
  resume(opening: Promise<DataFile>, owns: () => boolean): void {
    const file = this.file;
    if (!file) return;
    const resume = async () => {
      await this.stop();
      const dataFile = await opening;
      // Evicted, closed, opened again or resumed by another call meanwhile: that one owns the entry now.
      if (!owns() || this.downloader) return;
      this.host.patchProgress({ error: null });
      this.host.log('there is room again; caching goes on');
      this.start(file, dataFile);
      if (this.host.snapshot().pinned) this.fillInBackground();
    };
    resume().catch((error: unknown) => this.host.log(describeError(error)));
  }

  /** Resolves once every byte is recorded (for `cache pin`); rejects when the download fails for good. */
  async waitUntilComplete(): Promise<void> {
    if (!this.downloader) throw new Error(`cache entry ${this.host.key} is not downloading`);
    await this.downloader.fillAll();
  }

  fillInBackground(): void {
    this.downloader?.fillAll().catch((error: unknown) => this.host.log(describeError(error)));
  }

  /** The proxy's reads: through the downloader, or straight from upstream once the disk is full. */
  async *read(start: number, end: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
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
    const response = await this.host.upstream().fetchRange(position, end, signal);
    for await (const piece of response.body) yield piece;
  }

  /** Stops feeding the snapshot at once; the downloader itself stops in `stop`. */
  unfollow(): void {
    this.progress?.unsubscribe();
    this.progress = undefined;
  }

  async stop(): Promise<void> {
    this.unfollow();
    const downloader = this.downloader;
    this.downloader = undefined;
    await downloader?.close();
  }
}

/** Caching stopped for want of space (`disk-full`): the caller carries on without it; anything else is thrown on. */
export function rethrowUnlessDiskFull(error: unknown): void {
  if (!isPlextermError(error) || error.code !== 'disk-full') throw error;
}
