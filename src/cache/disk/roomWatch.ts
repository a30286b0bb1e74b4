// While downloads are paused for want of space, the disk is looked at every few seconds: room made by
// anyone (another program, the person deleting files, another process) starts them again, not only an
// eviction in this process. (Another plexterm cannot evict meanwhile: this one holds the folder.)
import { availableBytes } from './freeSpace.js';

export interface RoomWatchOptions {
  /** A folder on the cache's file system. */
  folder: string;
  /** Bytes that must be free before paused downloads start again: the reserve and a piece to write. */
  neededBytes: number;
  /** Starts again every download paused for want of space. */
  resume(): void;
  /** Bytes free on the file system of `folder`; statfs by default. */
  available?(folder: string): Promise<number>;
  intervalMs?: number;
}

const defaultIntervalMs = 2000;

export class RoomWatch {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly options: RoomWatchOptions) {}

  /** Watches the disk while `paused` (some download waits for room), and stops once none does. */
  update(paused: boolean): void {
    if (!paused) return this.stop();
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? defaultIntervalMs);
    // Whatever keeps the process alive (the stream proxy, a command) keeps it alive; this timer must not.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const available = await (this.options.available ?? availableBytes)(this.options.folder);
      if (this.timer && available >= this.options.neededBytes) this.options.resume();
    } catch {
      // A folder that cannot be measured now may be measured at the next look.
    } finally {
      this.checking = false;
    }
  }
}
