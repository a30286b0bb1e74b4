// The sidecar beside an entry's data file, kept current one write at a time, so a damaged store can be rebuilt from the data files.
import { type StoreEntry, writeSidecar } from '../store/index.js';

export class SidecarWrites {
  private last: Promise<void> = Promise.resolve();
  /** When the last write began (0: never); the downloader's progress writes at most every few seconds. */
  startedAt = 0;

  constructor(
    private readonly dataFolder: string,
    /** The record as the store holds it now: each write takes the newest. */
    private readonly record: () => StoreEntry | undefined,
    /** A write that failed: the entry logs it and carries on (the store still holds the record). */
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Queues a write of the record's sidecar (nothing while the size is unknown); resolves once it is done. */
  write(): Promise<void> {
    const write = async (): Promise<void> => {
      const stored = this.record();
      if (!stored || stored.totalSize === null) return;
      this.startedAt = Date.now();
      try {
        await writeSidecar(this.dataFolder, stored);
      } catch (error) {
        this.failed(error);
      }
    };
    // One write at a time, in order, and `close` waits for the last.
    this.last = this.last.then(write);
    return this.last;
  }

  /** Resolves once every write queued so far is done. */
  settled(): Promise<void> {
    return this.last;
  }
}
