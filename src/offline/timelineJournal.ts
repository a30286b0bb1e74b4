// Progress made while the server could not be reached: kept in a JSON file, written durably, sent when it can be.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { moveAside, writeFileDurably } from '../base/durableFile.js';
import { describeError } from '../base/errors.js';
import type { TimelineReport } from '../plex/client.js';

/** A report or scrobble that did not reach the server; `updated` is when it happened, in Unix seconds. */
export type JournalEntry =
  | { kind: 'timeline'; ratingKey: string; key: string; state: TimelineReport['state']; time: number; duration: number; updated: number }
  | { kind: 'scrobble'; ratingKey: string; updated: number };

export interface JournalFlushResult {
  sent: number;
  /** Entries the server refused (e.g. the item is gone); they are not tried again. */
  dropped: { entry: JournalEntry; message: string }[];
  /** Entries still kept because the server could not be reached. */
  remaining: number;
}

interface JournalFile {
  version: 1;
  entries: JournalEntry[];
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (typeof entry.ratingKey !== 'string' || typeof entry.updated !== 'number') return false;
  if (entry.kind === 'scrobble') return true;
  return entry.kind === 'timeline' && typeof entry.key === 'string' && typeof entry.time === 'number' && typeof entry.duration === 'number' && ['playing', 'paused', 'stopped'].includes(String(entry.state));
}

/**
 * The journal. Every change is written durably before the call resolves; calls run one at a time.
 * Only the latest position of an item is worth keeping, so a timeline entry replaces the item's
 * previous one unless a scrobble came between them.
 */
export class TimelineJournal {
  private entries: JournalEntry[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** The entries waiting to be sent, oldest first. */
  pending(): Promise<JournalEntry[]> {
    return this.serialized(async () => [...(await this.load())]);
  }

  append(entry: JournalEntry): Promise<void> {
    return this.serialized(async () => {
      const entries = await this.load();
      const last = entries.findLastIndex((earlier) => earlier.ratingKey === entry.ratingKey);
      const previous = entries[last];
      if (entry.kind === 'scrobble' && previous?.kind === 'scrobble') return;
      if (entry.kind === 'timeline' && previous?.kind === 'timeline') entries.splice(last, 1);
      entries.push(entry);
      await this.save(entries);
    });
  }

  /** Forgets the item's kept positions: a newer report reached the server. */
  supersede(ratingKey: string): Promise<void> {
    return this.serialized(async () => {
      const entries = await this.load();
      const kept = entries.filter((entry) => entry.kind !== 'timeline' || entry.ratingKey !== ratingKey);
      if (kept.length !== entries.length) await this.save(kept);
    });
  }

  /**
   * Sends the entries in order. One the server cannot be reached for stops the flush and stays;
   * one the server refuses is dropped, so a gone item does not block the rest forever.
   */
  flush(send: (entry: JournalEntry) => Promise<void>, isWorthRetryingLater: (error: unknown) => boolean): Promise<JournalFlushResult> {
    return this.serialized(async () => {
      const entries = await this.load();
      const result: JournalFlushResult = { sent: 0, dropped: [], remaining: 0 };
      while (entries.length > 0) {
        const entry = entries[0] as JournalEntry;
        try {
          await send(entry);
          result.sent += 1;
        } catch (error) {
          if (isWorthRetryingLater(error)) break;
          result.dropped.push({ entry, message: describeError(error) });
        }
        entries.shift();
        await this.save(entries);
      }
      result.remaining = entries.length;
      return result;
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(): Promise<JournalEntry[]> {
    if (this.entries) return this.entries;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.entries = [];
      return this.entries;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const file = parsed as Partial<JournalFile> | undefined;
    if (file?.version === 1 && Array.isArray(file.entries) && file.entries.every(isEntry)) {
      this.entries = file.entries;
    } else {
      const movedTo = await moveAside(this.path);
      this.log(`the playback journal ${this.path} was damaged; moved to ${movedTo} and started afresh`);
      this.entries = [];
    }
    return this.entries;
  }

  private async save(entries: JournalEntry[]): Promise<void> {
    const file: JournalFile = { version: 1, entries };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.path, `${JSON.stringify(file)}\n`);
    this.entries = entries;
  }
}
