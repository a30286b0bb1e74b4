// One page of a listing as a loader answers it: what the offline store keeps and the TUI's paged lists show.
export interface LoadedPage<T> {
  items: T[];
  /** The listing's full length, as the server counts it. */
  totalSize: number;
}

/** Fetches `size` rows from `start`; a listing that is not paged answers everything and its length. */
export type PageLoader<T> = (start: number, size: number) => Promise<LoadedPage<T>>;
