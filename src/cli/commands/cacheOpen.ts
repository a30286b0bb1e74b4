// `plexterm cache open` and `plexterm cache pin`: open one entry and show it fill; serve it until stopped, or keep it offline.
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import type { CacheEntry, CacheEntrySnapshot } from '../../cache/index.js';
import { ExitCode, PlextermError, UsageError, describeError } from '../../base/errors.js';
import { terminalLine } from '../../base/terminalText.js';
import { formatBytes, jsonText, type Output } from '../output.js';
import type { Session } from '../../session/session.js';
import { progressLine, progressLogIntervalMs, snapshotFingerprint, snapshotLine, statusLine } from './cacheDisplay.js';
import { requestForArgument, requestForItem, requestForUrl } from './cacheRequest.js';
import { stopSignal } from './cacheSignals.js';

export interface OpenFlags {
  json?: boolean;
  url?: string;
}

export interface PinFlags {
  json?: boolean;
}

export async function openAction(session: Session, output: Output, flags: OpenFlags, ratingKey: string | undefined): Promise<void> {
  if (flags.url !== undefined && ratingKey !== undefined) throw new UsageError('give a ratingKey or --url, not both');
  if (flags.url === undefined && ratingKey === undefined) throw new UsageError('give a ratingKey (as `plexterm ls` shows it) or --url <http(s)-url>');
  const stop = stopSignal();
  let subscription: Subscription | undefined;
  try {
    const request = flags.url !== undefined ? requestForUrl(flags.url) : await requestForItem(session, ratingKey ?? '');
    const cache = await session.cache();
    const entry = cache.open(request);
    let printed = '';
    const failed = new Promise<CacheEntrySnapshot>((resolve) => {
      subscription = entry.state$.subscribe((snapshot) => {
        // The entry throttles progress to a few emissions a second and never throttles a state change.
        const fingerprint = snapshotFingerprint(snapshot);
        if (fingerprint !== printed) output.out(flags.json ? jsonText(snapshot) : snapshotLine(snapshot));
        printed = fingerprint;
        if (snapshot.state === 'failed') resolve(snapshot);
      });
    });
    const outcome = await Promise.race([failed, stop.received]);
    if (typeof outcome !== 'string') throw entryFailed(outcome);
  } finally {
    subscription?.unsubscribe();
    stop.dispose();
  }
}

export async function pinAction(session: Session, output: Output, flags: PinFlags, argument: string): Promise<void> {
  const stop = stopSignal();
  const progress = progressPrinter(output, flags.json === true);
  let subscription: Subscription | undefined;
  try {
    const cache = await session.cache();
    const request = await requestForArgument(session, cache, argument);
    const entry = cache.open(request);
    cache.setPinned(request.key, true);
    subscription = entry.state$.subscribe(progress.show);
    const started = await Promise.race([settled(entry), stop.received]);
    if (typeof started === 'string') throw interrupted(entry);
    if (started.state === 'failed') throw entryFailed(started);
    const filled = entry.waitUntilComplete().then(() => 'complete' as const, (error: unknown) => toFailure(entry, error));
    const outcome = await Promise.race([filled, stop.received]);
    if (outcome instanceof PlextermError) throw outcome;
    if (outcome !== 'complete') throw interrupted(entry);
    // Progress is throttled: wait for the snapshot that says so, so the last line shows 100%.
    const complete = await Promise.race([firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.complete))), stop.received]);
    if (typeof complete === 'string') throw interrupted(entry);
    progress.finish(complete);
    if (!flags.json) output.out(`pinned: ${terminalLine(complete.title)} (${formatBytes(complete.totalSize)}) is kept offline; key ${complete.key}`);
  } finally {
    subscription?.unsubscribe();
    stop.dispose();
  }
}

/** The first snapshot that is ready or failed. */
function settled(entry: CacheEntry): Promise<CacheEntrySnapshot> {
  return firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.state === 'ready' || snapshot.state === 'failed')));
}

/** Progress of a pin: a bar on stderr (redrawn in place on a TTY), or the snapshots as JSON lines on stdout. */
function progressPrinter(output: Output, json: boolean): { show(snapshot: CacheEntrySnapshot): void; finish(snapshot: CacheEntrySnapshot): void } {
  const status = statusLine(output);
  let printedFingerprint = '';
  let printedState = '';
  let printedAt = 0;
  const draw = (snapshot: CacheEntrySnapshot) => status.draw(`${snapshot.state.padEnd(7)}  ${progressLine(snapshot)}`);
  return {
    show(snapshot) {
      const fingerprint = snapshotFingerprint(snapshot);
      if (fingerprint === printedFingerprint) return;
      printedFingerprint = fingerprint;
      if (json) return output.out(jsonText(snapshot));
      const now = Date.now();
      if (!status.inPlace && snapshot.state === printedState && now - printedAt < progressLogIntervalMs) return;
      printedState = snapshot.state;
      printedAt = now;
      draw(snapshot);
    },
    finish(snapshot) {
      if (json) {
        if (snapshotFingerprint(snapshot) !== printedFingerprint) output.out(jsonText(snapshot));
        return;
      }
      draw(snapshot);
    },
  };
}

function entryFailed(snapshot: CacheEntrySnapshot): PlextermError {
  return new PlextermError(`${snapshot.title}: ${snapshot.error?.message ?? 'the cache entry failed'}`, {
    code: snapshot.error?.code ?? 'cache-failed',
    // No room on the disk is the person's to fix, as a usage error is.
    exitCode: snapshot.error?.code === 'disk-full' ? ExitCode.usage : ExitCode.server,
    retryable: snapshot.error?.retryable ?? false,
  });
}

function toFailure(entry: CacheEntry, error: unknown): PlextermError {
  if (error instanceof PlextermError) return new PlextermError(`${entry.snapshot.title}: ${error.message}`, { code: error.code, exitCode: error.exitCode, cause: error });
  return new PlextermError(`${entry.snapshot.title}: ${describeError(error)}`, { code: 'cache-failed', exitCode: ExitCode.server, cause: error });
}

function interrupted(entry: CacheEntry): PlextermError {
  const snapshot = entry.snapshot;
  return new PlextermError(
    `interrupted: ${formatBytes(snapshot.downloadedBytes)} of ${snapshot.totalSize === null ? 'an unknown size' : formatBytes(snapshot.totalSize)} are on disk and the entry stays pinned; run the same pin again to finish`,
    { code: 'interrupted', exitCode: ExitCode.usage },
  );
}
