// `plexterm run --wait`: stays until the pinned downloads (the command's, e.g. offline.keepSeason, and earlier runs' unfinished ones) are all on disk.
import { filter, firstValueFrom } from 'rxjs';
import type { CacheEntry, CacheEntrySnapshot, CacheManager } from '../../cache/index.js';
import { ExitCode, PlextermError, describeError } from '../../base/errors.js';
import { formatBytes, type Output } from '../output.js';
import { progressBar } from '../progressBar.js';
import { progressLogIntervalMs, statusLine } from './cacheDisplay.js';
import { stopSignal } from './cacheSignals.js';

/**
 * Waits until every pinned entry this process has open is complete (and says so when they already are), with one progress line on stderr
 * (redrawn in place on a terminal). Ctrl-C / SIGTERM stops waiting: the entries stay pinned and carry
 * on when the TUI runs next or with another `run --wait` (exit code 1); a download that fails for good ends with exit code 2.
 */
export async function waitForPinnedDownloads(cache: CacheManager, output: Output): Promise<void> {
  // Complete ones count too: a download that finished before the wait began still belongs in "N of N complete".
  const entries = cache
    .snapshots()
    .filter((snapshot) => snapshot.pinned)
    .map((snapshot) => cache.entry(snapshot.key))
    .filter((entry): entry is CacheEntry => entry !== undefined);
  if (entries.length === 0) return;
  const keys = new Set(entries.map((entry) => entry.key));
  const status = statusLine(output);
  let printedAt = 0;
  const draw = (snapshots: readonly CacheEntrySnapshot[], force: boolean): void => {
    const now = Date.now();
    if (!force && !status.inPlace && now - printedAt < progressLogIntervalMs) return;
    printedAt = now;
    status.draw(progressOf(snapshots.filter((snapshot) => keys.has(snapshot.key))));
  };
  const stop = stopSignal();
  const subscription = cache.entries$.subscribe((snapshots) => draw(snapshots, false));
  try {
    const outcomes = Promise.allSettled(entries.map(untilComplete));
    const outcome = await Promise.race([outcomes, stop.received]);
    draw(cache.snapshots(), true);
    if (typeof outcome === 'string') {
      const left = cache.snapshots().filter((snapshot) => keys.has(snapshot.key) && !snapshot.complete).length;
      throw new PlextermError(`interrupted: ${left} pinned download${left === 1 ? ' is' : 's are'} not complete; they stay pinned and carry on when the TUI runs next, or with \`plexterm run offline.progress --wait\``, {
        code: 'interrupted',
        exitCode: ExitCode.usage,
      });
    }
    const failures = outcome.flatMap((result, index) => (result.status === 'rejected' ? [`${entries[index]?.snapshot.title ?? '?'}: ${describeError(result.reason)}`] : []));
    if (failures.length > 0) {
      throw new PlextermError(`${failures.length} of ${entries.length} pinned downloads failed: ${failures.join('; ')}`, { code: 'cache-failed', exitCode: ExitCode.server });
    }
  } finally {
    subscription.unsubscribe();
    stop.dispose();
  }
}

/** Resolves once every byte of the entry is recorded; rejects when it fails or is evicted first. */
async function untilComplete(entry: CacheEntry): Promise<void> {
  if (entry.snapshot.complete) return;
  const settled = await firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.state === 'ready' || snapshot.state === 'failed' || snapshot.state === 'evicted')));
  if (settled.state !== 'ready') throw new Error(settled.error?.message ?? `it was ${settled.state}`);
  if (settled.complete) return;
  await entry.waitUntilComplete();
  // Progress is throttled: wait for the snapshot that says so, so the last line shows every entry complete.
  await firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.complete)));
}

function progressOf(snapshots: readonly CacheEntrySnapshot[]): string {
  const done = snapshots.filter((snapshot) => snapshot.complete).length;
  const downloaded = snapshots.reduce((sum, snapshot) => sum + snapshot.downloadedBytes, 0);
  const known = snapshots.every((snapshot) => snapshot.totalSize !== null);
  const total = snapshots.reduce((sum, snapshot) => sum + (snapshot.totalSize ?? 0), 0);
  return `pinned downloads: ${done} of ${snapshots.length} complete  ${progressBar(downloaded, known ? total : null)}  ${formatBytes(downloaded)}${known ? ` / ${formatBytes(total)}` : ''}`;
}
