// Moves the bytes of one cache entry: prioritized, chunked upstream fetches into its data file, and reads that wait for them.
import { BehaviorSubject, type Observable } from 'rxjs';
import type { Disposable } from '../../base/disposable.js';
import type { PlextermError } from '../../base/errors.js';
import { RangeSet } from '../../base/rangeSet.js';
import { ByteWaiters } from './byteWaiters.js';
import { ChunkScheduler, type FetchPriority } from './chunkScheduler.js';
import type { EntryDataFile } from '../store/index.js';
import { downloadStoppedError, storageError } from './downloadErrors.js';
import { FetchPool } from './fetchPool.js';
import { defaultRetryPolicy, type RetryPolicy } from './rangeFetch.js';
import { RangeRecorder } from './rangeRecorder.js';
import { RecentPieces } from './recentPieces.js';
import { TransferRate } from './transferRate.js';
import type { Upstream } from '../upstream/index.js';

const mebibyte = 1024 * 1024;
/** How far a reader must move before the pieces behind the readers are let go. */
const forgetStep = mebibyte;

/** Where one `read` is now: what was written from here to its read-ahead window is kept in memory for it. */
interface ReaderPosition {
  position: number;
}

export interface EntryDownloaderOptions {
  upstream: Upstream;
  dataFile: EntryDataFile;
  totalSize: number;
  /** The ranges the store says are on disk from an earlier run. */
  recordedRanges: RangeSet;
  /** False when the server ignores ranges: the file is then streamed into the data file from byte 0. */
  rangeSupport: boolean;
  /** The ETag the recorded ranges came with, when known; an answer with another one fails as `upstream-changed`. */
  etag?: string | null;
  /** Default 4 MiB. Chunks are aligned to it from byte 0. */
  chunkSize?: number;
  /** Requests in flight at most; default 3. */
  concurrency?: number;
  /** How far ahead of each reader to fetch; default 16 MiB. */
  readAheadBytes?: number;
  /** The largest piece `read` yields, which bounds its memory; default 256 KiB. */
  readPieceSize?: number;
  retry?: Partial<RetryPolicy>;
  /** Called with every recorded range after an fsync made new bytes durable; the caller persists them. Must not throw. */
  onRecorded(ranges: RangeSet): void;
  /** Asked before every write: null lets `bytes` be written; an error (the free-space reserve reached) stops caching as a full disk does. */
  claimSpace?(bytes: number): Promise<PlextermError | null>;
  /** Told when the write of bytes granted by `claimSpace` ended, written or not. */
  settleSpace?(bytes: number): void;
  /** The folder of the data file, named when the disk refuses a write. */
  storageFolder?: string;
}

export interface DownloadProgress {
  /** Bytes written to the data file, readable now. */
  downloadedBytes: number;
  /** Bytes written and fsynced, handed to `onRecorded`. */
  recordedBytes: number;
  bytesPerSecond: number;
  /** Every byte of the file is recorded. */
  complete: boolean;
  /** Set when the disk refused a write (`disk-full` on ENOSPC): caching stopped, the caller should pass through. Plain data, as an entry's snapshot carries it. */
  storageError: { code: string; message: string; retryable: boolean } | null;
}

export class EntryDownloader implements Disposable {
  readonly totalSize: number;
  readonly progress$: Observable<DownloadProgress>;
  private readonly dataFile: EntryDataFile;
  private readonly chunkSize: number;
  private readonly readAheadBytes: number;
  private readonly readPieceSize: number;
  private readonly scheduler: ChunkScheduler;
  private readonly waiters = new ByteWaiters(() => this.written);
  /**
   * What was just written ahead of a reader (up to its read-ahead and the fetches in flight), so
   * readers near the download's edge skip reading it back from disk. Pieces no reader will reach
   * are not kept: buffers held long are what makes the garbage collector work hardest.
   */
  private readonly recent: RecentPieces;
  private readonly readers = new Set<ReaderPosition>();
  /** The lowest reader position when the pieces behind the readers were last let go. */
  private forgottenBefore = 0;
  private readonly rate = new TransferRate();
  private readonly progress: BehaviorSubject<DownloadProgress>;
  private readonly recorder: RangeRecorder;
  private readonly pool: FetchPool;
  private readonly claimSpace: ((bytes: number) => Promise<PlextermError | null>) | undefined;
  private readonly settleSpace: ((bytes: number) => void) | undefined;
  private readonly storageFolder: string | undefined;
  private written: RangeSet;
  /** Ranges whose download failed for good: skipped until someone asks for them again. */
  private failed = RangeSet.empty;
  private failure: PlextermError | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: EntryDownloaderOptions) {
    this.totalSize = options.totalSize;
    this.dataFile = options.dataFile;
    this.claimSpace = options.claimSpace;
    this.settleSpace = options.settleSpace;
    this.storageFolder = options.storageFolder;
    this.chunkSize = positive(options.chunkSize ?? 4 * mebibyte, 'chunkSize');
    this.readAheadBytes = options.readAheadBytes ?? 16 * mebibyte;
    this.readPieceSize = positive(options.readPieceSize ?? 256 * 1024, 'readPieceSize');
    const concurrency = positive(options.concurrency ?? 3, 'concurrency');
    this.recent = new RecentPieces(this.readAheadBytes + (concurrency + 1) * this.chunkSize);
    this.written = options.recordedRanges.remove(this.totalSize, Number.MAX_SAFE_INTEGER);
    this.recorder = new RangeRecorder({
      dataFile: options.dataFile,
      recorded: this.written,
      written: () => this.written,
      stopped: () => this.failure !== null,
      onRecorded: (ranges) => {
        try {
          options.onRecorded(ranges);
        } finally {
          this.emitProgress();
        }
      },
      onSyncFailed: (error) => this.failStorage(error),
    });
    this.scheduler = new ChunkScheduler(this.totalSize, this.chunkSize);
    this.pool = new FetchPool({
      host: {
        upstream: options.upstream,
        totalSize: this.totalSize,
        etag: options.etag ?? null,
        retry: { ...defaultRetryPolicy, ...options.retry },
        written: () => this.written,
        store: (pieces, position) => this.store(pieces, position),
        arrived: (byteCount) => this.rate.record(byteCount),
      },
      scheduler: this.scheduler,
      concurrency,
      sequential: !options.rangeSupport,
      skipped: () => this.written.union(this.failed),
      onSettled: () => {
        void this.recorder.sync();
        this.emitProgress();
      },
      onFailed: (start, end, error) => {
        this.failed = this.failed.add(start, end);
        this.waiters.rejectMissing(start, end, error);
      },
    });
    this.progress = new BehaviorSubject(this.snapshot());
    this.progress$ = this.progress.asObservable();
  }

  get writtenRanges(): RangeSet {
    return this.written;
  }

  get recordedRanges(): RangeSet {
    return this.recorder.recorded;
  }

  /**
   * The bytes [start, end) in pieces of at most `readPieceSize`: from disk where written,
   * otherwise fetched at priority "now" and yielded as soon as they land. Keeps a read-ahead
   * window from the current position. Aborting `signal` cancels fetches only this reader wanted.
   */
  async *read(start: number, end: number, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
    this.checkRange(start, end);
    const readAhead = this.scheduler.add(start, start + this.readAheadBytes, 'readAhead');
    // A reader parked at `yield` (its client gone) must not keep its fetches alive until resumed.
    const onAbort = (): void => {
      this.scheduler.remove(readAhead);
      this.pool.cancelUnwanted();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let position = start;
    const reader: ReaderPosition = { position };
    this.readers.add(reader);
    try {
      while (position < end) {
        signal?.throwIfAborted();
        reader.position = position;
        this.forgetBehindReaders();
        this.scheduler.move(readAhead, position, this.readAheadBytes);
        this.pool.schedule();
        const available = Math.min(this.written.extentFrom(position), end, position + this.readPieceSize);
        if (available > position) {
          let bytes = this.recent.read(position, available - position);
          if (!bytes) {
            bytes = await this.dataFile.read(position, available - position);
            // A short read: the data file was cut short behind our back. What it lost is fetched again, this read first.
            if (bytes.byteLength < available - position) await this.lose(position + bytes.byteLength);
            if (bytes.byteLength === 0) continue;
          }
          position += bytes.byteLength;
          yield bytes;
        } else {
          // Wake on the first byte, not the whole chunk: the player gets data one round trip after asking.
          await this.want(position, Math.min(end, position + this.chunkSize), position + 1, 'now', signal);
        }
      }
    } finally {
      this.readers.delete(reader);
      this.forgetBehindReaders();
      signal?.removeEventListener('abort', onAbort);
      this.scheduler.remove(readAhead);
      if (signal?.aborted) this.pool.cancelUnwanted();
    }
  }

  /** Resolves once [start, end) is written (not yet necessarily recorded), fetching it at priority "now". */
  async waitFor(start: number, end: number, signal?: AbortSignal): Promise<void> {
    this.checkRange(start, end);
    await this.want(start, end, end, 'now', signal);
  }

  /** Downloads every missing byte in the background (pinned entries, idle time); resolves once all are recorded. */
  async fillAll(signal?: AbortSignal): Promise<void> {
    this.failed = RangeSet.empty;
    await this.want(0, this.totalSize, this.totalSize, 'background', signal);
    await this.flush();
  }

  /** Resolves once every byte written before the call is fsynced and handed to `onRecorded`. */
  async flush(): Promise<void> {
    if (!(await this.recorder.flush()) && this.failure) throw this.failure;
  }

  /** Stops every fetch, rejects every waiter, records what was written; then the caller may close the data file. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  dispose(): void {
    void this.close();
  }

  /** Marks [start, end) wanted at `priority` until [start, waitEnd) is written, the wait is aborted, or the bytes fail. */
  private async want(start: number, end: number, waitEnd: number, priority: FetchPriority, signal?: AbortSignal): Promise<void> {
    if (this.failure && !this.written.covers(start, waitEnd)) throw this.failure;
    if (this.closing) throw downloadStoppedError();
    signal?.throwIfAborted();
    // Registered before anything else runs: a write landing from here on wakes it.
    const written = this.waiters.wait(start, waitEnd, signal);
    const demand = this.scheduler.add(start, end, priority);
    // Bytes that failed for good get another try when someone waits for them now: the whole failed
    // run from the first byte waited for, so a returning server is not crawled one byte at a time.
    if (priority === 'now') this.failed = this.failed.remove(start, Math.max(waitEnd, this.failed.extentFrom(start)));
    this.pool.schedule();
    try {
      await written;
    } finally {
      this.scheduler.remove(demand);
      if (signal?.aborted) this.pool.cancelUnwanted();
    }
  }

  /** Writes pieces that follow one another from `position` in one call (no copy where the file takes them as they are). */
  private async store(pieces: readonly Uint8Array[], position: number): Promise<void> {
    if (this.failure) throw this.failure;
    let byteLength = 0;
    for (const piece of pieces) byteLength += piece.byteLength;
    const refused = (await this.claimSpace?.(byteLength)) ?? null;
    if (refused) throw this.failStorage(refused);
    try {
      // Another write failed while this one waited for its claim: the claim is given back below.
      if (this.failure) throw this.failure;
      if (pieces.length === 1) await this.dataFile.write(pieces[0]!, position);
      else if (this.dataFile.writev) await this.dataFile.writev(pieces, position);
      else await this.dataFile.write(Buffer.concat(pieces, byteLength), position);
    } catch (error) {
      throw this.failStorage(error, byteLength);
    } finally {
      this.settleSpace?.(byteLength);
    }
    this.written = this.written.add(position, position + byteLength);
    let at = position;
    for (const piece of pieces) {
      if (this.aheadOfReader(at, at + piece.byteLength)) this.recent.remember(piece, at);
      at += piece.byteLength;
    }
    this.recorder.wrote(byteLength, this.chunkSize);
    this.waiters.notify();
    this.emitProgress();
  }

  /** A read ended at `readEnd` though more was written: the bytes past the file's end are no longer written nor recorded. */
  private async lose(readEnd: number): Promise<void> {
    const fileEnd = Math.min(readEnd, (await this.dataFile.size?.().catch(() => readEnd)) ?? readEnd);
    this.written = this.written.remove(fileEnd, this.totalSize);
    this.recorder.forget(fileEnd, this.totalSize);
    this.emitProgress();
  }

  /** Whether some reader will reach a byte of [start, end) within its read-ahead and the fetches in flight. */
  private aheadOfReader(start: number, end: number): boolean {
    const reach = this.readAheadBytes + 2 * this.chunkSize;
    for (const reader of this.readers) if (end > reader.position && start < reader.position + reach) return true;
    return false;
  }

  /** Lets go of the pieces behind every reader (all of them when none reads), once the readers moved on enough to be worth it. */
  private forgetBehindReaders(): void {
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const reader of this.readers) lowest = Math.min(lowest, reader.position);
    if (this.readers.size === 0) this.recent.clear();
    else if (lowest < this.forgottenBefore || lowest >= this.forgottenBefore + forgetStep) this.recent.forgetBefore(lowest);
    else return;
    this.forgottenBefore = this.readers.size === 0 ? 0 : lowest;
  }

  private failStorage(cause: unknown, bytes = 0): PlextermError {
    if (this.failure) return this.failure;
    const failure = storageError(cause, this.storageFolder, bytes);
    this.failure = failure;
    this.pool.stop();
    this.waiters.rejectAll(failure);
    this.emitProgress();
    return failure;
  }

  private async shutDown(): Promise<void> {
    this.pool.stop();
    this.waiters.rejectAll(downloadStoppedError());
    await this.pool.settled();
    try {
      await this.flush();
    } catch {
      // The failure is already in the progress; closing records what it can and carries on.
    }
    this.progress.complete();
  }

  private emitProgress(): void {
    this.progress.next(this.snapshot());
  }

  private snapshot(): DownloadProgress {
    const failure = this.failure;
    return {
      downloadedBytes: this.written.totalBytes,
      recordedBytes: this.recorder.recorded.totalBytes,
      bytesPerSecond: this.pool.activeCount > 0 ? this.rate.perSecond() : 0,
      complete: this.recorder.recorded.covers(0, this.totalSize),
      storageError: failure && { code: failure.code, message: failure.message, retryable: failure.retryable },
    };
  }

  private checkRange(start: number, end: number): void {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > this.totalSize) {
      throw new RangeError(`byte range [${start}, ${end}) is outside the file of ${this.totalSize} bytes`);
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}
