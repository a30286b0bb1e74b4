// Bridges promise work that takes an AbortSignal into RxJS: unsubscribing aborts the work.
import { Observable } from 'rxjs';

/** Runs `work` on subscribe and emits its result once; unsubscribing before it settles aborts its signal. */
export function fromAbortable<T>(work: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    work(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort();
  });
}
