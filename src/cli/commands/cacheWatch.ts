// `plexterm cache watch`: a live table of every cache entry with a progress bar, until SIGINT or SIGTERM.
import { asyncScheduler, throttleTime, type Subscription } from 'rxjs';
import type { CacheEntrySnapshot } from '../../cache/index.js';
import { jsonText, type Output } from '../output.js';
import type { Session } from '../../session/session.js';
import { eraseLines, formatWatchTable, snapshotFingerprint } from './cacheDisplay.js';
import { stopSignal } from './cacheSignals.js';

export interface WatchFlags {
  json?: boolean;
}

/** Without a TTY the table is appended, not redrawn: at most this often. */
const appendIntervalMs = 1000;

export async function watchAction(session: Session, output: Output, flags: WatchFlags): Promise<void> {
  const stop = stopSignal();
  let subscription: Subscription | undefined;
  try {
    const cache = await session.cacheUnlessLocked();
    const live$ = cache ? cache.entries$ : (await import('../../cache/index.js')).watchCacheSnapshots(session.paths.cache);
    const terminal = flags.json ? undefined : output.outTerminal;
    const inPlace = terminal !== undefined;
    const entries$ = inPlace || flags.json ? live$ : live$.pipe(throttleTime(appendIntervalMs, asyncScheduler, { leading: true, trailing: true }));
    const draw = flags.json ? jsonLines(output) : table(output, inPlace);
    subscription = entries$.subscribe(draw);
    // A terminal that changes size gets the table again, fitted to its new width.
    if (terminal) subscription.add(terminal.onResize(() => draw.redraw()));
    await stop.received;
  } finally {
    subscription?.unsubscribe();
    stop.dispose();
  }
}

interface Drawing {
  (snapshots: CacheEntrySnapshot[]): void;
  /** Draws the latest snapshots again (the terminal changed size). */
  redraw(): void;
}

/** Each entry's snapshot as one JSON line, whenever it changed. */
function jsonLines(output: Output): Drawing {
  const printed = new Map<string, string>();
  const draw = (snapshots: CacheEntrySnapshot[]) => {
    for (const snapshot of snapshots) {
      const fingerprint = snapshotFingerprint(snapshot);
      if (printed.get(snapshot.key) === fingerprint) continue;
      printed.set(snapshot.key, fingerprint);
      output.out(jsonText(snapshot));
    }
  };
  return Object.assign(draw, { redraw: () => undefined });
}

/**
 * The table fitted to the terminal's width, redrawn over the last one on a TTY, or appended after a
 * blank line. After a resize the screen is cleared first: the terminal may have rewrapped the old
 * table, so its line count no longer says how far up it starts.
 */
function table(output: Output, inPlace: boolean): Drawing {
  let drawnLines = 0;
  let drawn = '';
  let latest: CacheEntrySnapshot[] = [];
  const draw = (snapshots: CacheEntrySnapshot[], clear = false) => {
    latest = snapshots;
    const text = formatWatchTable(snapshots, output.columns?.());
    if (text === drawn && !clear) return;
    const before = clear ? clearScreen : eraseLines(drawnLines);
    output.out(inPlace ? `${before}${text}` : drawnLines > 0 ? `\n${text}` : text);
    drawn = text;
    drawnLines = text.split('\n').length;
  };
  return Object.assign((snapshots: CacheEntrySnapshot[]) => draw(snapshots), { redraw: () => draw(latest, true) });
}

/** ANSI: cursor home, then erase the whole screen. */
const clearScreen = '\u001b[H\u001b[2J';
