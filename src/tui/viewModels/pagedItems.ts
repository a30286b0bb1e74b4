// A long listing held page by page: rows are fetched only when something asks to show them, so 100,000 items cost one page at a time.
import type { LoadedPage, PageLoader } from '../../offline/index.js';

export type { LoadedPage, PageLoader };

export class PagedItems<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly loading = new Map<number, Promise<void>>();
  private known: number | null = null;
  private failure: string | null = null;
  private disposed = false;

  constructor(
    private readonly loader: PageLoader<T>,
    readonly pageSize = 100,
    /** Called once a page has arrived (or failed), to draw again. */
    private readonly changed: () => void = () => {},
  ) {}

  /** The row count, or null before the first page has answered. */
  get totalSize(): number | null {
    return this.known;
  }

  /** The last load's error, one line, or null. */
  get error(): string | null {
    return this.failure;
  }

  /** How many rows are held in memory. */
  get loadedCount(): number {
    let count = 0;
    for (const page of this.pages.values()) count += page.length;
    return count;
  }

  item(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Starts fetching every page that rows `start`..`start + count - 1` touch; resolves once they are in. */
  ensure(start: number, count: number): Promise<void> {
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const lastRow = Math.max(start, start + count - 1);
    const bounded = this.known === null ? lastRow : Math.min(lastRow, this.known - 1);
    const last = Math.max(first, Math.floor(bounded / this.pageSize));
    const work: Promise<void>[] = [];
    for (let page = first; page <= last; page += 1) work.push(this.loadPage(page));
    return Promise.all(work).then(() => undefined);
  }

  /** Replaces one row (after marking it watched, say) where it is held. */
  replace(match: (item: T) => boolean, next: (item: T) => T): void {
    for (const page of this.pages.values()) {
      page.forEach((item, index) => {
        if (match(item)) page[index] = next(item);
      });
    }
  }

  /** Forgets everything: later answers of pages in flight are dropped. */
  dispose(): void {
    this.disposed = true;
    this.pages.clear();
  }

  private loadPage(page: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const inFlight = this.loading.get(page);
    if (inFlight) return inFlight;
    const work = this.loader(page * this.pageSize, this.pageSize).then(
      (loaded) => {
        if (this.disposed) return;
        this.known = loaded.totalSize;
        this.failure = null;
        // A listing that answered more than asked (not paged) is split into pages here.
        if (loaded.items.length > this.pageSize) {
          for (let index = 0; index * this.pageSize < loaded.items.length; index += 1) {
            this.pages.set(index, loaded.items.slice(index * this.pageSize, (index + 1) * this.pageSize));
          }
        } else this.pages.set(page, loaded.items);
      },
      (error: unknown) => {
        if (this.disposed) return;
        this.failure = error instanceof Error ? error.message : String(error);
        this.known ??= 0;
      },
    );
    const settled = work.finally(() => {
      this.loading.delete(page);
      if (!this.disposed) this.changed();
    });
    this.loading.set(page, settled);
    return settled;
  }
}
