// Listings seen before, kept in the data folder, so the TUI can still browse them when the server cannot be reached.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../base/durableFile.js';
import { isServerUnreachable } from '../plex/plexErrors.js';
import type { LoadedPage, PageLoader } from './loadedPage.js';

/** Rows kept per listing: enough to browse a library offline without writing 100,000 rows to disk. */
export const keptRows = 2000;

interface StoredListing {
  /** The listing's name (files written before it was kept have none, and are not searched). */
  name?: string;
  totalSize: number;
  /** Rows by their start index. */
  pages: Record<string, unknown[]>;
}

export class ListingStore {
  private readonly known = new Map<string, StoredListing>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly folder: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Remembers a page (its first `keptRows` rows) and writes the listing in the background. */
  remember<T>(listing: string, start: number, page: LoadedPage<T>): void {
    if (start >= keptRows) return;
    const stored = this.known.get(listing) ?? { name: listing, totalSize: page.totalSize, pages: {} };
    stored.totalSize = page.totalSize;
    stored.pages[String(start)] = page.items.slice(0, keptRows - start);
    this.known.set(listing, stored);
    const previous = this.writes.get(listing) ?? Promise.resolve();
    const write = previous
      .then(async () => {
        await mkdir(this.folder, { recursive: true, mode: 0o700 });
        await writeFileDurably(this.fileOf(listing), JSON.stringify(stored));
      })
      .catch((error: unknown) => this.log(`listings: ${listing} could not be kept (${error instanceof Error ? error.message : String(error)})`));
    this.writes.set(listing, write);
  }

  /** The rows kept from `start`, or null when this part of the listing was never seen. */
  async recall<T>(listing: string, start: number, size: number): Promise<LoadedPage<T> | null> {
    let stored = this.known.get(listing);
    if (!stored) {
      try {
        stored = JSON.parse(await readFile(this.fileOf(listing), 'utf8')) as StoredListing;
        this.known.set(listing, stored);
      } catch {
        return null;
      }
    }
    for (const [first, rows] of Object.entries(stored.pages)) {
      const offset = start - Number(first);
      if (offset >= 0 && offset < rows.length) return { items: rows.slice(offset, offset + size) as T[], totalSize: Math.min(stored.totalSize, keptRows) };
    }
    return null;
  }

  /**
   * The rows of every kept listing whose name starts with `prefix`, listing by listing: those seen in
   * this run, then those in the folder. An unreadable file is skipped.
   */
  async *rowsOf(prefix: string): AsyncGenerator<unknown[]> {
    const seen = new Set<string>();
    for (const [name, stored] of this.known) {
      seen.add(name);
      if (name.startsWith(prefix)) yield Object.values(stored.pages).flat();
    }
    const files = await readdir(this.folder).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith('.json')).sort()) {
      let stored: StoredListing;
      try {
        stored = JSON.parse(await readFile(join(this.folder, file), 'utf8')) as StoredListing;
      } catch {
        continue;
      }
      if (typeof stored.name !== 'string' || seen.has(stored.name) || !stored.name.startsWith(prefix) || typeof stored.pages !== 'object' || stored.pages === null) continue;
      yield Object.values(stored.pages).filter(Array.isArray).flat();
    }
  }

  /** Resolves once every pending write has finished. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private fileOf(listing: string): string {
    return join(this.folder, `${createHash('sha256').update(listing).digest('hex').slice(0, 32)}.json`);
  }
}

/** A loader that keeps what it fetched, and answers from what was kept when the server cannot be reached; `reachable` hears each outcome (null: answered). */
export function rememberedLoader<T>(loader: PageLoader<T>, store: ListingStore, listing: string, reachable: (error: unknown | null) => void): PageLoader<T> {
  return async (start, size) => {
    try {
      const page = await loader(start, size);
      store.remember(listing, start, page);
      reachable(null);
      return page;
    } catch (error) {
      if (!isServerUnreachable(error)) throw error;
      reachable(error);
      const kept = await store.recall<T>(listing, start, size);
      if (!kept) throw error;
      return kept;
    }
  };
}
