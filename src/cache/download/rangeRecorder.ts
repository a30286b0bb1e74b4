// Turns written bytes into recorded ones: fsync the data file first, then hand the ranges to the store.
import { describeError } from '../../base/errors.js';
import type { RangeSet } from '../../base/rangeSet.js';
import type { EntryDataFile } from '../store/index.js';

export interface RangeRecorderOptions {
  dataFile: EntryDataFile;
  /** The ranges already recorded (from an earlier run). */
  recorded: RangeSet;
  /** The bytes written now; only those whose write had finished when a sync starts get recorded by it. */
  written(): RangeSet;
  /** Whether writing stopped for good (the disk refused): nothing more is synced. */
  stopped(): boolean;
  onRecorded(ranges: RangeSet): void;
  onSyncFailed(error: unknown): void;
}

export class RangeRecorder {
  private recordedRanges: RangeSet;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private unsyncedBytes = 0;

  constructor(private readonly options: RangeRecorderOptions) {
    this.recordedRanges = options.recorded;
  }

  get recorded(): RangeSet {
    return this.recordedRanges;
  }

  /** Counts newly written bytes; past `threshold` unsynced ones a sync starts, so a long stream is recorded as it goes. */
  wrote(byteCount: number, threshold: number): void {
    this.unsyncedBytes += byteCount;
    if (this.unsyncedBytes >= threshold) void this.sync();
  }

  /** One sync at a time; a request while one runs makes it run once more with the bytes written by then. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    const syncing = this.runSyncs().finally(() => {
      this.syncing = null;
    });
    this.syncing = syncing;
    return syncing;
  }

  /** Bytes the data file turned out not to hold (it was cut short): no longer recorded, and a sync under way does not record them again. */
  forget(start: number, end: number): void {
    this.recordedRanges = this.recordedRanges.remove(start, end);
    this.record(this.recordedRanges);
  }

  /** Resolves once every byte written before the call is recorded; false when writing stopped first. */
  async flush(): Promise<boolean> {
    const target = this.options.written();
    // Bytes forgotten meanwhile are not waited for: they will never be recorded.
    while (!this.recordedRanges.union(intersection(target, this.options.written())).equals(this.recordedRanges)) {
      if (this.options.stopped()) return false;
      await this.sync();
    }
    return true;
  }

  private async runSyncs(): Promise<void> {
    do {
      this.syncAgain = false;
      this.unsyncedBytes = 0;
      const snapshot = this.options.written();
      if (snapshot.equals(this.recordedRanges) || this.options.stopped()) continue;
      try {
        await this.options.dataFile.sync();
      } catch (error) {
        this.options.onSyncFailed(error);
        return;
      }
      // Bytes forgotten while the sync ran left `written` too: only what is still written gets recorded.
      this.recordedRanges = intersection(snapshot, this.options.written());
      this.record(this.recordedRanges);
    } while (this.syncAgain);
  }

  private record(ranges: RangeSet): void {
    try {
      this.options.onRecorded(ranges);
    } catch (error) {
      // The bytes stay on disk and the next sync offers them again; a throwing store must not stop the download.
      process.emitWarning(`recording the cached ranges failed: ${describeError(error)}`);
    }
  }
}

/** The bytes of `ranges` that `other` holds too. */
function intersection(ranges: RangeSet, other: RangeSet): RangeSet {
  return other.gaps(0, Number.MAX_SAFE_INTEGER).reduce((result, [start, end]) => result.remove(start, end), ranges);
}
