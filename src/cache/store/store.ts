// The cache's metadata store: entries in sharded lowdb JSON files, durable writes, coalesced progress, one owner per folder.
//
// Layout inside the cache folder:
//   plexterm.lock          the owner process (see FolderLock)
//   store/store-XX.json    shard XX (hex, 64 shards) of the entries, by a hash of the key
// Each shard file is `{"format":"plexterm-cache-store","version":1,"entries":[...]}`, compact.
// Why shards: serializing 10,000 entries in one file takes about 10 ms, which would block the
// event loop on every progress write; a shard of about 160 takes a fraction of a millisecond, a
// write serializes only the shards that changed, and it yields to the event loop between them.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { moveAside } from '../../base/durableFile.js';
import { ExitCode, PlextermError, describeError } from '../../base/errors.js';
import { DamagedFileError, DurableJsonFile } from './durableJsonFile.js';
import { FolderLock, isNoSpace, noSpaceError, releaseSpare } from '../disk/index.js';
import {
  checkShardFile,
  removeLeftoverTemporaryFiles,
  shardFileOf,
  shardFilePath,
  shardIndex,
  storeFolderName,
  storeShardCount,
  type ShardFile,
} from './storeFiles.js';
import { toStoreEntry, type StoreEntry, type StoreEntryInput, type StoreEntryUpdate } from './storeEntry.js';

export type { StoreEntry, StoreEntryInput, StoreEntryUpdate } from './storeEntry.js';
export { storeEntryKey } from './storeEntry.js';
export { shardIndex, storeFolderName, storeFormat, storeSchemaVersion, storeShardCount } from './storeFiles.js';

interface Shard {
  readonly path: string;
  readonly database: Low<ShardFile>;
  readonly entries: Map<string, StoreEntry>;
  dirty: boolean;
}

/** A store file that could not be used as it was. */
export interface DamagedStoreFile {
  path: string;
  /** Where it was moved aside (`<name>.corrupt-<time>`); null in read-only mode, which moves nothing. */
  movedTo: string | null;
  reason: string;
}

export interface StoreRecovery {
  damagedFiles: DamagedStoreFile[];
  /** Entries added back by the `rebuild` option. */
  rebuiltEntries: number;
}

export interface CacheStoreOptions {
  /** Open without the lock and never write; for looking at a folder another plexterm uses. */
  readOnly?: boolean;
  /** The shortest time between two coalesced writes, in milliseconds (default 250). */
  coalesceMs?: number;
  /**
   * Called when store files were damaged, after they were moved aside: the entries it returns
   * (rebuilt from the data files, say) are added where the store has none with their key.
   */
  rebuild?: (recovery: StoreRecovery) => Promise<readonly StoreEntryInput[]>;
  /** Told when a coalesced write fails; the changes stay pending for the next write. */
  onWriteError?: (error: unknown) => void;
}

/** What the store's writes have cost so far, for benchmarks and diagnostics. */
export interface StoreWriteStatistics {
  /** Shard files written. */
  shardWrites: number;
  /** The longest synchronous part of one shard write (collecting and serializing it), in ms. */
  longestBlockMs: number;
}

export class CacheStore {
  private recovery: StoreRecovery | null = null;
  readonly writeStatistics: StoreWriteStatistics = { shardWrites: 0, longestBlockMs: 0 };
  private readonly shards: Shard[] = [];
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closing: Promise<void> | null = null;

  private constructor(
    readonly folder: string,
    readonly readOnly: boolean,
    private readonly options: CacheStoreOptions,
    private readonly lock: FolderLock | null,
  ) {
    const storeFolder = join(folder, storeFolderName);
    for (let index = 0; index < storeShardCount; index += 1) {
      const path = shardFilePath(storeFolder, index);
      const database = new Low<ShardFile>(new DurableJsonFile(path, checkShardFile), shardFileOf([]));
      this.shards.push({ path, database, entries: new Map(), dirty: false });
    }
  }

  /**
   * Opens the store of a cache folder, creating it when missing. Throws a PlextermError with
   * code `cache-locked` when another live plexterm process has it open (unless read-only).
   */
  static async open(folder: string, options: CacheStoreOptions = {}): Promise<CacheStore> {
    const readOnly = options.readOnly ?? false;
    let lock: FolderLock | null = null;
    if (!readOnly) {
      await mkdir(join(folder, storeFolderName), { recursive: true, mode: 0o700 });
      lock = await FolderLock.acquire(folder);
    }
    try {
      const store = new CacheStore(folder, readOnly, options, lock);
      await store.load();
      return store;
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  /** Set when damaged store files were found at open; null when all was well. */
  get recovered(): StoreRecovery | null {
    return this.recovery;
  }

  get size(): number {
    return this.shards.reduce((total, shard) => total + shard.entries.size, 0);
  }

  get(key: string): StoreEntry | undefined {
    return this.shardOf(key).entries.get(key);
  }

  has(key: string): boolean {
    return this.shardOf(key).entries.has(key);
  }

  entries(): StoreEntry[] {
    return this.shards.flatMap((shard) => [...shard.entries.values()]);
  }

  /** Adds or replaces an entry and schedules a coalesced write; returns the stored (frozen) entry. */
  upsert(input: StoreEntryInput): StoreEntry {
    this.assertWritable();
    const entry = toStoreEntry(input);
    this.put(entry);
    this.scheduleWrite();
    return entry;
  }

  /** Changes some fields of an existing entry; throws `cache-entry-unknown` for an unknown key. */
  update(key: string, changes: StoreEntryUpdate): StoreEntry {
    const current = this.get(key);
    if (current === undefined) throw new PlextermError(`the cache has no entry ${key}`, { code: 'cache-entry-unknown' });
    return this.upsert({ ...current, ...changes, key });
  }

  /** Removes an entry; returns whether there was one. */
  delete(key: string): boolean {
    this.assertWritable();
    const shard = this.shardOf(key);
    if (!shard.entries.delete(key)) return false;
    shard.dirty = true;
    this.scheduleWrite();
    return true;
  }

  /** Writes all changes within `coalesceMs`, together with any made meanwhile. */
  scheduleWrite(): void {
    if (this.readOnly || this.closing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.reportWriteError(error));
    }, this.options.coalesceMs ?? 250);
  }

  /** Writes all changes now, durably: when it resolves they survive a crash or power loss. */
  async writeNow(): Promise<void> {
    if (this.closing) throw closedError(this.folder);
    if (this.readOnly) return;
    this.cancelTimer();
    await this.flush();
  }

  /** Writes what is pending and releases the folder. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.cancelTimer();
      try {
        if (!this.readOnly) await this.flush();
      } finally {
        await this.lock?.release();
      }
    })();
    return this.closing;
  }

  private async load(): Promise<void> {
    const storeFolder = join(this.folder, storeFolderName);
    if (!this.readOnly) await removeLeftoverTemporaryFiles(storeFolder);
    const damagedFiles: DamagedStoreFile[] = [];
    await Promise.all(
      this.shards.map(async (shard) => {
        const { path } = shard;
        try {
          await shard.database.read();
        } catch (error) {
          if (!(error instanceof DamagedFileError)) throw error;
          damagedFiles.push({ path, reason: error.reason, movedTo: this.readOnly ? null : await moveAside(path) });
          return;
        }
        const problems: string[] = [];
        for (const value of shard.database.data.entries) {
          try {
            const entry = toStoreEntry(value);
            const home = this.shardOf(entry.key);
            home.entries.set(entry.key, entry);
            // An entry found in another shard's file (a changed shard count) moves home.
            if (home !== shard) home.dirty = shard.dirty = true;
          } catch (error) {
            if (!(error instanceof PlextermError)) throw error;
            problems.push(error.message);
          }
        }
        if (problems.length > 0) {
          // Keep the good entries; the file as it was goes aside, and the shard is rewritten.
          const reason = `${problems.length} invalid entr${problems.length === 1 ? 'y' : 'ies'}, the first: ${problems[0]}`;
          damagedFiles.push({ path, reason, movedTo: this.readOnly ? null : await moveAside(path) });
          shard.dirty = true;
        }
      }),
    );
    if (damagedFiles.length === 0) return;
    const recovery: StoreRecovery = { damagedFiles, rebuiltEntries: 0 };
    for (const input of (await this.options.rebuild?.(recovery)) ?? []) {
      if (this.has(input.key)) continue;
      this.put(toStoreEntry(input));
      recovery.rebuiltEntries += 1;
    }
    this.recovery = recovery;
    if (!this.readOnly) await this.flush();
  }

  private put(entry: StoreEntry): void {
    const shard = this.shardOf(entry.key);
    shard.entries.set(entry.key, entry);
    shard.dirty = true;
  }

  /**
   * Runs one write of the dirty shards after those before it, so a shard is never written twice at once.
   * A disk found full gives back the spare space set aside for this and tries once more; still full, it
   * fails with one line naming the folder. The shards on disk stay as they were (writes replace whole files).
   */
  private flush(): Promise<void> {
    const run = this.queue.then(() =>
      this.writeDirtyShards().catch(async (error: unknown) => {
        const storeFolder = join(this.folder, storeFolderName);
        if (!isNoSpace(error)) throw error;
        if (await releaseSpare(storeFolder)) {
          try {
            return await this.writeDirtyShards();
          } catch (again) {
            if (!isNoSpace(again)) throw again;
          }
        }
        throw noSpaceError(storeFolder, this.dirtyBytes(), 'writing the cache records', error);
      }),
    );
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async writeDirtyShards(): Promise<void> {
    const writes: Array<Promise<{ error: unknown } | null>> = [];
    for (const shard of this.shards) {
      if (!shard.dirty) continue;
      // Serializing one shard is short; yielding between them keeps each block short too.
      if (writes.length > 0) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      shard.dirty = false;
      shard.database.data = shardFileOf([...shard.entries.values()]);
      // Low.write serializes synchronously (DurableJsonFile.write) before its first await.
      const written = shard.database.write();
      this.writeStatistics.shardWrites += 1;
      this.writeStatistics.longestBlockMs = Math.max(this.writeStatistics.longestBlockMs, performance.now() - started);
      const write = written.then(
        () => null,
        (error: unknown) => {
          shard.dirty = true;
          return { error };
        },
      );
      writes.push(write);
    }
    const failure = (await Promise.all(writes)).find((result) => result !== null);
    if (failure) throw failure.error;
  }

  /** About how many bytes the dirty shards take when written. */
  private dirtyBytes(): number {
    return this.shards.filter((shard) => shard.dirty).reduce((sum, shard) => sum + JSON.stringify(shardFileOf([...shard.entries.values()])).length, 0);
  }

  private reportWriteError(error: unknown): void {
    if (this.options.onWriteError) this.options.onWriteError(error);
    else process.emitWarning(`plexterm: writing the cache store in ${this.folder} failed: ${describeError(error)}`);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private assertWritable(): void {
    if (this.closing) throw closedError(this.folder);
    if (this.readOnly) {
      throw new PlextermError(`the cache store in ${this.folder} is open read-only`, { code: 'cache-read-only', exitCode: ExitCode.usage });
    }
  }

  private shardOf(key: string): Shard {
    return this.shards[shardIndex(key)]!;
  }
}

function closedError(folder: string): PlextermError {
  return new PlextermError(`the cache store in ${folder} is closed`, { code: 'cache-store-closed' });
}
