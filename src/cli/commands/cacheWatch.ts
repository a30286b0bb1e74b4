// `plexterm cache watch`: a live table of every cache entry with a progress bar, until SIGINT or SIGTERM.
import { asyncScheduler, throttleTime, type Subscription } from 'rxjs';
import type { CacheEntrySnapshot } from '../../cache/entryState.js';
import type { Output } from '../output.js';
import type { CliSession } from '../session.js';
import { eraseLines, formatWatchTable, snapshotFingerprint } from './cacheDisplay.js';
import { stopSignal } from './cacheSignals.js';

export interface WatchFlags {
  json?: boolean;
}

/** Without a TTY the table is appended, not redrawn: at most this often. */
const appendIntervalMs = 1000;

export async function watchAction(session: CliSession, output: Output, flags: WatchFlags): Promise<void> {
  const stop = stopSignal();
  let subscription: Subscription | undefined;
  try {
    const cache = await session.cacheUnlessLocked();
    const live$ = cache ? cache.entries$ : (await import('../../cache/cacheView.js')).watchCacheSnapshots(session.paths.cache);
    const inPlace = !flags.json && process.stdout.isTTY === true;
    const entries$ = inPlace || flags.json ? live$ : live$.pipe(throttleTime(appendIntervalMs, asyncScheduler, { leading: true, trailing: true }));
    const draw = flags.json ? jsonLines(output) : table(output, inPlace);
    subscription = entries$.subscribe(draw);
    await stop.received;
  } finally {
    subscription?.unsubscribe();
    stop.dispose();
  }
}

/** Each entry's snapshot as one JSON line, whenever it changed. */
function jsonLines(output: Output): (snapshots: CacheEntrySnapshot[]) => void {
  const printed = new Map<string, string>();
  return (snapshots) => {
    for (const snapshot of snapshots) {
      const fingerprint = snapshotFingerprint(snapshot);
      if (printed.get(snapshot.key) === fingerprint) continue;
      printed.set(snapshot.key, fingerprint);
      output.out(JSON.stringify(snapshot));
    }
  };
}

/** The table, redrawn over the last one on a TTY, or appended after a blank line. */
function table(output: Output, inPlace: boolean): (snapshots: CacheEntrySnapshot[]) => void {
  let drawnLines = 0;
  let drawn = '';
  return (snapshots) => {
    const text = formatWatchTable(snapshots);
    if (text === drawn) return;
    output.out(inPlace ? `${eraseLines(drawnLines)}${text}` : drawnLines > 0 ? `\n${text}` : text);
    drawn = text;
    drawnLines = text.split('\n').length;
  };
}
