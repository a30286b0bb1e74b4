// One open of a cache entry as an RxJS pipeline: the events probeStarted → sized → startBufferFilled, or failed; nothing else, in that order.
import { catchError, concat, concatMap, defer, map, of, take, type Observable } from 'rxjs';
import { describeError, isPlextermError } from '../../base/errors.js';
import type { CacheEntryError } from './entryState.js';

/** What the probe (or, offline, the store) says about the file. */
export interface SizedFile {
  totalSize: number;
  rangeSupport: boolean;
  etag: string | null;
  lastModified: string | null;
  /** True when the server could not be reached and the recorded, complete data is used. */
  offline: boolean;
}

/** The events one open sends the entry's reducer (a `sized` event carries every fact of the file). */
export type LifecycleEvent =
  | { type: 'probeStarted' }
  | ({ type: 'sized' } & SizedFile)
  | { type: 'startBufferFilled'; streamUrl: string }
  | { type: 'failed'; error: CacheEntryError };

export interface LifecycleSteps {
  /** One `GET Range: bytes=0-0`; emits the file's facts once. A null size means the server does not know it. */
  probe(): Observable<Omit<SizedFile, 'offline' | 'totalSize'> & { totalSize: number | null }>;
  /** When the probe failed: the recorded file if the server is unreachable and the data complete, else null. */
  offlineFallback(error: unknown): SizedFile | null;
  /** For a server that does not know the size: downloads sequentially and emits the size at the end. */
  discoverSize(probed: Omit<SizedFile, 'offline' | 'totalSize'>): Observable<number>;
  /** Writes the size durably (not coalesced) and completes when it is on disk. */
  persist(file: SizedFile): Observable<unknown>;
  /** Emits the stream URL once the start buffer is on disk. */
  startBuffer(file: SizedFile): Observable<string>;
}

/**
 * The events of one open. `sized` is emitted only after `persist` completed: the bug
 * this project started from was a player started before the size was visible in the store.
 * Unsubscribing cancels whatever step is running.
 */
export function entryLifecycle(steps: LifecycleSteps): Observable<LifecycleEvent> {
  const sized$ = steps.probe().pipe(
    take(1),
    concatMap((probed) => {
      if (probed.totalSize !== null) return of<SizedFile>({ ...probed, totalSize: probed.totalSize, offline: false });
      return steps.discoverSize(probed).pipe(
        take(1),
        map((totalSize): SizedFile => ({ ...probed, totalSize, offline: false })),
      );
    }),
    catchError((error: unknown) => {
      const fallback = steps.offlineFallback(error);
      if (!fallback) throw error;
      return of(fallback);
    }),
  );
  return concat(
    of<LifecycleEvent>({ type: 'probeStarted' }),
    sized$.pipe(
      concatMap((file) =>
        concat(
          defer(() => steps.persist(file)).pipe(concatMap(() => [] as LifecycleEvent[])),
          of<LifecycleEvent>({ type: 'sized', ...file }),
          defer(() => steps.startBuffer(file)).pipe(
            take(1),
            map((streamUrl): LifecycleEvent => ({ type: 'startBufferFilled', streamUrl })),
          ),
        ),
      ),
    ),
  ).pipe(catchError((error: unknown) => of<LifecycleEvent>({ type: 'failed', error: toEntryError(error) })));
}

/** The error a snapshot carries: a code, one line, and whether trying again may help. */
function toEntryError(error: unknown): CacheEntryError {
  if (isPlextermError(error)) return { code: error.code, message: describeError(error), retryable: error.retryable };
  return { code: 'internal', message: describeError(error), retryable: false };
}
