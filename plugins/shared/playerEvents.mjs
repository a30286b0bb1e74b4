// Shared by the bundled player plugins: a player session's events$, which tells a late subscriber where playback stands.
import { Observable, Subject } from './rxjs.mjs';

/**
 * plexterm subscribes to a session's events some time after `launch` resolves, so a plain Subject
 * would lose the first `playing`. A new subscriber first gets the latest state (playing or paused,
 * at the latest position), then the final event or the live ones. After `ended` or `error` nothing more.
 */
export class PlayerEvents {
  #live = new Subject();
  #latest = null;
  #final = null;

  events$ = new Observable((subscriber) => {
    if (this.#latest) subscriber.next(this.#latest);
    if (this.#final) {
      subscriber.next(this.#final);
      subscriber.complete();
      return undefined;
    }
    const subscription = this.#live.subscribe(subscriber);
    return () => subscription.unsubscribe();
  });

  get finished() {
    return this.#final !== null;
  }

  emit(event) {
    if (this.#final) return;
    const clean = Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined && value !== null));
    if (clean.type === 'ended' || clean.type === 'error') {
      this.#final = clean;
      this.#live.next(clean);
      this.#live.complete();
      return;
    }
    const state = clean.type === 'position' ? (this.#latest?.type ?? 'playing') : clean.type;
    this.#latest = { ...clean, type: state };
    this.#live.next(clean);
  }
}
