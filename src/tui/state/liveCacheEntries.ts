// The cache as the TUI watches it: the latest snapshot of every entry by key, and how many download now.
import type { Subscription } from 'rxjs';
import type { CacheEntrySnapshot, CacheManager } from '../../cache/index.js';
import { isDownloading } from '../viewModels/index.js';

export class LiveCacheEntries {
  snapshots: CacheEntrySnapshot[] = [];
  private byKey = new Map<string, CacheEntrySnapshot>();
  private subscription: Subscription | undefined;

  constructor(private readonly changed: () => void) {}

  attach(cache: CacheManager): void {
    this.subscription?.unsubscribe();
    this.subscription = cache.entries$.subscribe((snapshots) => {
      this.snapshots = snapshots;
      this.byKey = new Map(snapshots.map((snapshot) => [snapshot.key, snapshot]));
      this.changed();
    });
  }

  get(key: string | null): CacheEntrySnapshot | undefined {
    return key === null ? undefined : this.byKey.get(key);
  }

  get activeDownloads(): number {
    return this.snapshots.filter(isDownloading).length;
  }

  /** Entries still playing whose caching paused for want of disk space (the free reserve, or a full disk). */
  get pausedDownloads(): number {
    return this.snapshots.filter((snapshot) => snapshot.error?.code === 'disk-full' && snapshot.state === 'ready').length;
  }

  dispose(): void {
    this.subscription?.unsubscribe();
  }
}
