// A lowdb adapter for compact JSON written durably: temporary file, fsync, rename, fsync of the folder.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from '../../base/durableFile.js';
import { PlextermError, describeError } from '../../base/errors.js';

/** A file that exists but cannot be read or does not hold what it should. */
export class DamagedFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path} is damaged: ${reason}`, options);
    this.name = 'DamagedFileError';
  }
}

/**
 * Reads and writes one JSON file for lowdb. Unlike lowdb's JSONFile it writes without
 * indentation and fsyncs both the file and its folder, so once `write` resolves the new content
 * survives a crash or power loss, and at every moment the file holds either the old or the new
 * content in full. `read` returns null for a missing file and throws DamagedFileError for one
 * that cannot be read, is not JSON, or that `check` rejects (a PlextermError from `check`, such
 * as "written by a newer plexterm", passes through unchanged).
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly check: (value: unknown) => T,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DamagedFileError(this.path, `it cannot be read (${describeError(error)})`, { cause: error });
    }
    if (text.trim().length === 0) throw new DamagedFileError(this.path, 'it is empty');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DamagedFileError(this.path, `it is not valid JSON (${describeError(error)})`, { cause: error });
    }
    try {
      return this.check(value);
    } catch (error) {
      if (error instanceof PlextermError) throw error;
      throw new DamagedFileError(this.path, `it does not hold what it should (${describeError(error)})`, { cause: error });
    }
  }

  /** Serializes `data` at once, synchronously, so later changes to it are not written. */
  async write(data: T): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify(data));
  }
}
