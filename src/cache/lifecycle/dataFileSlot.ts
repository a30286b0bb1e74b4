// An entry's data file, opened once and shared by its steps: a clean-up waits for an open still under way, and work
// that was aborted (the entry was evicted or closed meanwhile) never opens it anew.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFile, sidecarName } from '../store/index.js';

export class DataFileSlot {
  private opening: Promise<DataFile> | undefined;

  constructor(
    private readonly folder: string,
    private readonly name: string,
  ) {}

  /** The open (or opening) data file, if any. */
  get current(): Promise<DataFile> | undefined {
    return this.opening;
  }

  open(signal: AbortSignal): Promise<DataFile> {
    signal.throwIfAborted();
    if (!this.opening) {
      const opening = DataFile.open(this.folder, this.name);
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** The data file, once any open of it under way has finished, and no longer the slot's. */
  async take(): Promise<DataFile | undefined> {
    const opening = this.opening;
    this.opening = undefined;
    return opening?.catch(() => undefined);
  }

  /** Deletes the data file and its sidecar (an eviction). */
  async remove(): Promise<void> {
    // The sidecar goes first: a data file left with a sidecar but no record is taken for a lost record and brought back.
    await rm(join(this.folder, sidecarName(this.name)), { force: true });
    const dataFile = await this.take();
    if (dataFile) await dataFile.drop();
    else await rm(join(this.folder, this.name), { force: true });
  }
}
