// In the extension host: what one plugin holds (registrations, bridged subscriptions), counted, and all released at deactivation.
import { Observable } from './observable.js';
import { toDisposable, type Disposable } from '../base/disposable.js';
import { describeError } from '../base/errors.js';
import type { PluginStats } from './protocol.js';
import { runAsPlugin } from './pluginScope.js';

interface Unsubscribable {
  unsubscribe(): void;
}

interface PartialObserver<T> {
  next?(value: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

/**
 * What the host accepts where the API asks a plugin for an Observable: anything with RxJS's
 * `subscribe(observer)`, whose answer unsubscribes (an object or a function), as a plugin built
 * without RxJS may hand over.
 */
export interface PluginSubscribable<T> {
  subscribe(observer: PartialObserver<T>): Unsubscribable | (() => void);
}

/** An error that names the plugin: `[plugin: id] message` (never prefixed twice). */
export function pluginError(pluginId: string, error: unknown): Error {
  const message = describeError(error);
  return new Error(message.startsWith('[plugin: ') ? message : `[plugin: ${pluginId}] ${message}`);
}

export class PluginResources {
  private readonly registrations = new Set<Disposable>();
  private readonly subscriptions = new Set<Unsubscribable>();
  private released = false;

  constructor(readonly pluginId: string) {}

  get isReleased(): boolean {
    return this.released;
  }

  stats(): PluginStats {
    return { registrations: this.registrations.size, subscriptions: this.subscriptions.size };
  }

  /** A tracked registration: `release` runs once, when the plugin disposes it or at deactivation. */
  register(release: () => void): Disposable {
    if (this.released) throw pluginError(this.pluginId, new Error('is deactivated: it cannot register anything'));
    const registration = toDisposable(() => {
      this.registrations.delete(registration);
      release();
    });
    this.registrations.add(registration);
    return registration;
  }

  /** `source` with every subscription to it counted for this plugin until it ends. */
  track<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.released) {
        subscriber.error(pluginError(this.pluginId, new Error('is deactivated')));
        return undefined;
      }
      this.subscriptions.add(subscriber);
      const inner = source.subscribe(subscriber);
      return () => {
        this.subscriptions.delete(subscriber);
        inner.unsubscribe();
      };
    });
  }

  /** Disposes every registration and ends every subscription still open. */
  release(): void {
    this.released = true;
    for (const subscription of [...this.subscriptions]) subscription.unsubscribe();
    this.subscriptions.clear();
    for (const registration of [...this.registrations].reverse()) {
      try {
        registration.dispose();
      } catch {
        // one failing release must not keep the others alive
      }
    }
    this.registrations.clear();
  }
}

/** A plugin's own observable (RxJS or any `subscribe`-able) as an RxJS one whose calls run as that plugin. */
export function fromPluginSubscribable<T>(pluginId: string, source: PluginSubscribable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const observer: PartialObserver<T> = {
      next: (value) => subscriber.next(value),
      error: (error) => subscriber.error(pluginError(pluginId, error)),
      complete: () => subscriber.complete(),
    };
    let handle: Unsubscribable | (() => void);
    try {
      handle = runAsPlugin(pluginId, () => source.subscribe(observer));
    } catch (error) {
      subscriber.error(pluginError(pluginId, error));
      return undefined;
    }
    return () => runAsPlugin(pluginId, () => (typeof handle === 'function' ? handle() : handle.unsubscribe()));
  });
}
