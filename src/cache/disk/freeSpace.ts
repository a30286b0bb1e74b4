// The cache's free-space reserve: every data write asks first; at the reserve room is made by eviction, or the download pauses.
import { statfs } from 'node:fs/promises';
import { ExitCode, PlextermError } from '../../base/errors.js';
import { formatBytes } from '../../base/humanFormat.js';

export interface FreeSpaceOptions {
  /** A folder on the cache's file system (the cache folder). */
  folder: string;
  /** Bytes to leave free for everything else (the `freeReserve` setting). */
  reserve: number;
  /** Evicts what may go, for the entry `asking`, to free at least `bytes`; resolves with the bytes freed. */
  makeRoom(bytes: number, asking: string): Promise<number>;
  /** Bytes the file system lets this process use now; statfs of the folder by default. */
  available?(folder: string): Promise<number>;
  /** How long a measurement is trusted while writes are counted against it (other programs write too). */
  freshMs?: number;
}

const defaultFreshMs = 1000;

/** Bytes an unprivileged writer may still use on the file system holding `folder`. */
export async function availableBytes(folder: string): Promise<number> {
  const disk = await statfs(folder);
  return disk.bavail * disk.bsize;
}

export class FreeSpaceKeeper {
  /** Bytes that may still be written before the reserve, as measured at `measuredAt` less the writes counted since. */
  private budget = 0;
  private measuredAt = Number.NEGATIVE_INFINITY;
  /**
   * Bytes claimed whose write has not finished yet: statfs does not see them, so a measurement taken
   * while they are on their way counts them itself (on a busy machine writes wait in the thread pool
   * for seconds, and a fresh statfs then would let the reserve be overrun by all of them).
   */
  private unwritten = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: FreeSpaceOptions) {}

  /**
   * Asks to write `bytes` for the entry `asking`. Resolves with null when they fit above the reserve
   * (they are counted), after evicting what may go if they did not; otherwise with the error that
   * pauses the download. Claims run one at a time, so writers at once share one eviction.
   * A granted claim must be followed by `settle(bytes)` once its write ended, written or not.
   */
  claim(bytes: number, asking: string): Promise<PlextermError | null> {
    const run = this.queue.then(() => this.claimNow(bytes, asking));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The write of `bytes` granted by `claim` ended: the disk's own count shows them now (or they were never written). */
  settle(bytes: number): void {
    this.unwritten = Math.max(0, this.unwritten - bytes);
  }

  private async claimNow(bytes: number, asking: string): Promise<PlextermError | null> {
    const fresh = Date.now() - this.measuredAt < (this.options.freshMs ?? defaultFreshMs);
    if (!fresh || this.budget < bytes) {
      let available = await this.measure();
      const shortfall = bytes + this.options.reserve - available;
      if (shortfall > 0 && (await this.options.makeRoom(shortfall, asking)) > 0) available = await this.measure();
      if (available - this.options.reserve < bytes) return reserveReachedError(this.options.folder, available, this.options.reserve, bytes);
    }
    this.budget -= bytes;
    this.unwritten += bytes;
    return null;
  }

  /** What is free once the claimed writes still on their way have landed. */
  private async measure(): Promise<number> {
    const available = (await (this.options.available ?? availableBytes)(this.options.folder)) - this.unwritten;
    this.budget = available - this.options.reserve;
    this.measuredAt = Date.now();
    return available;
  }
}

/** The download pauses: writing `bytes` would eat into the reserve and nothing more may be evicted. */
function reserveReachedError(folder: string, available: number, reserve: number, bytes: number): PlextermError {
  const needed = bytes + reserve - available;
  return new PlextermError(
    `caching paused: the disk of the cache folder ${folder} has ${formatBytes(Math.max(0, available))} free and the cache keeps ${formatBytes(reserve)} free (cache.freeReserve); ` +
      `${formatBytes(needed)} more are needed: evict or unpin entries, or lower cache.freeReserve`,
    { code: 'disk-full', exitCode: ExitCode.usage, retryable: true },
  );
}

/** The disk refused a write (ENOSPC): one line naming the folder and about how much more it needs. */
export function noSpaceError(folder: string, bytes: number, what: string, cause?: unknown): PlextermError {
  return new PlextermError(`the disk of ${folder} is full: ${what} needs at least ${formatBytes(Math.max(bytes, 4096))} more free`, {
    code: 'disk-full',
    exitCode: ExitCode.usage,
    cause,
  });
}

/** Whether a thrown value is the file system saying it is full (or the quota is used up). */
export function isNoSpace(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
