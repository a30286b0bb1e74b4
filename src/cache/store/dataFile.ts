// One sparse data file per cache entry: positioned writes and reads through a single open handle.
import { createHash } from 'node:crypto';
import { constants, type FileHandle, open, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** What the downloader needs of an entry's data file; tests wrap it to inject faults or count calls. */
export interface EntryDataFile {
  /** Writes every byte of `bytes` at `position`; bytes never written read back as zeros (a hole). */
  write(bytes: Uint8Array, position: number): Promise<void>;
  /** Writes `pieces` one after the other from `position` in as few calls as it can; without it, `write` gets them joined. */
  writev?(pieces: readonly Uint8Array[], position: number): Promise<void>;
  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Makes the bytes written so far durable (they survive a crash or power loss). */
  sync(): Promise<void>;
  /** The file's size now; without it, a short read is all that tells where the file ends. */
  size?(): Promise<number>;
}

/** The data file's name for a cache key: a hash, so keys of any shape make safe, fixed-length names. */
export function dataFileNameFor(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class DataFile implements EntryDataFile {
  readonly path: string;
  private handle: FileHandle | null;
  /** Operations still running, so `close` never pulls the handle from under a write. */
  private readonly pending = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  /** Opens the entry's data file in `folder`, creating an empty one when it does not exist. */
  static async open(folder: string, name: string): Promise<DataFile> {
    if (name === '' || name !== basename(name) || name === '.' || name === '..') {
      throw new RangeError(`data file name must be a plain file name, not ${JSON.stringify(name)}`);
    }
    const path = join(folder, name);
    // O_CREAT without O_TRUNC keeps the bytes of an earlier run; O_APPEND would ignore positions.
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    return new DataFile(path, handle);
  }

  get isClosed(): boolean {
    return this.handle === null || this.closing !== null;
  }

  write(bytes: Uint8Array, position: number): Promise<void> {
    checkPosition(position);
    return this.track(async (handle) => {
      let done = 0;
      // A positioned write may write fewer bytes than asked; carry on until all are down.
      while (done < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
        done += bytesWritten;
      }
    });
  }

  writev(pieces: readonly Uint8Array[], position: number): Promise<void> {
    checkPosition(position);
    return this.track(async (handle) => {
      let rest = pieces;
      let at = position;
      while (rest.length > 0) {
        const { bytesWritten } = await handle.writev(rest as Uint8Array[], at);
        if (bytesWritten === 0 && rest.some((piece) => piece.byteLength > 0)) throw new Error(`writing ${this.path} at byte ${at} made no progress`);
        at += bytesWritten;
        // A vectored write may stop short too: skip what went down, carry on from inside the piece it stopped in.
        let skipped = bytesWritten;
        let index = 0;
        while (index < rest.length && skipped >= rest[index]!.byteLength) skipped -= rest[index++]!.byteLength;
        rest = index < rest.length ? [rest[index]!.subarray(skipped), ...rest.slice(index + 1)] : [];
      }
    });
  }

  read(position: number, length: number): Promise<Uint8Array> {
    checkPosition(position);
    checkPosition(length);
    return this.track(async (handle) => {
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    });
  }

  /** fdatasync: the data and the file size, which is all a reader needs after a crash. */
  sync(): Promise<void> {
    return this.track((handle) => handle.datasync());
  }

  size(): Promise<number> {
    return this.track(async (handle) => (await handle.stat()).size);
  }

  /** Cuts the file to `size` bytes (default 0: keeps the file, drops its data). */
  truncate(size = 0): Promise<void> {
    checkPosition(size);
    return this.track((handle) => handle.truncate(size));
  }

  /** Closes the file and removes it from disk. */
  async drop(): Promise<void> {
    await this.close();
    try {
      await unlink(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Waits for running operations, then closes the handle; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending]);
      const handle = this.handle;
      this.handle = null;
      await handle?.close();
    })();
    return this.closing;
  }

  private track<T>(operation: (handle: FileHandle) => Promise<T>): Promise<T> {
    if (this.handle === null || this.closing !== null) {
      return Promise.reject(new Error(`data file ${this.path} is closed`));
    }
    const promise = operation(this.handle);
    this.pending.add(promise);
    const forget = (): void => {
      this.pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}

function checkPosition(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`byte position must be a non-negative integer, not ${value}`);
}
