// One side of the IPC channel: requests with replies, notifications, and observables bridged by subscribe/unsubscribe messages.
import { Observable, type Subscriber, type Subscription } from './observable.js';
import { describeError } from '../base/errors.js';
import type { ChannelMessage } from './protocol.js';

export interface ChannelHandlers {
  request(method: string, params: unknown[]): Promise<unknown>;
  notify(method: string, params: unknown[]): void;
  subscribe(method: string, params: unknown[]): Observable<unknown>;
}

/** The other side went away (exited, crashed, or this side was disposed) before answering. */
export class ChannelClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelClosedError';
  }
}

interface PendingRequest {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class Channel {
  private nextId = 1;
  private closedReason: string | null = null;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly outgoing = new Map<number, Subscriber<unknown>>();
  private readonly incoming = new Map<number, Subscription>();

  constructor(
    private readonly send: (message: ChannelMessage) => void,
    private readonly handlers: ChannelHandlers,
    /** Turns an error message from the other side into the error callers see. */
    private readonly toError: (message: string) => Error = (message) => new Error(message),
  ) {}

  get isClosed(): boolean {
    return this.closedReason !== null;
  }

  /** Subscriptions the other side holds on this side's observables. */
  get incomingSubscriptions(): number {
    return this.incoming.size;
  }

  request(method: string, params: unknown[]): Promise<unknown> {
    if (this.closedReason !== null) return Promise.reject(new ChannelClosedError(this.closedReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'request', id, method, params });
    });
  }

  notify(method: string, params: unknown[]): void {
    if (this.closedReason === null) this.post({ type: 'notify', method, params });
  }

  /** A cold observable: each subscription is one subscribe message, and unsubscribing sends unsubscribe. */
  observe(method: string, params: unknown[]): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      if (this.closedReason !== null) {
        subscriber.error(new ChannelClosedError(this.closedReason));
        return undefined;
      }
      const id = this.nextId++;
      this.outgoing.set(id, subscriber);
      this.post({ type: 'subscribe', id, method, params });
      return () => {
        if (this.outgoing.delete(id)) this.post({ type: 'unsubscribe', id });
      };
    });
  }

  receive(message: ChannelMessage): void {
    if (this.closedReason !== null) return;
    switch (message.type) {
      case 'request':
        void this.answer(message.id, message.method, message.params);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(this.toError(message.error));
        return;
      }
      case 'notify':
        try {
          this.handlers.notify(message.method, message.params);
        } catch {
          // a notification has nobody to answer: its handler reports its own trouble
        }
        return;
      case 'subscribe':
        this.startSubscription(message.id, message.method, message.params);
        return;
      case 'unsubscribe':
        this.incoming.get(message.id)?.unsubscribe();
        this.incoming.delete(message.id);
        return;
      case 'next':
        this.outgoing.get(message.id)?.next(message.value);
        return;
      case 'error': {
        const subscriber = this.outgoing.get(message.id);
        this.outgoing.delete(message.id);
        subscriber?.error(this.toError(message.error));
        return;
      }
      case 'complete': {
        const subscriber = this.outgoing.get(message.id);
        this.outgoing.delete(message.id);
        subscriber?.complete();
        return;
      }
    }
  }

  /** Rejects what is pending, errors what is observed, and ends the other side's subscriptions. */
  close(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const subscription of this.incoming.values()) subscription.unsubscribe();
    this.incoming.clear();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new ChannelClosedError(reason));
    const outgoing = [...this.outgoing.values()];
    this.outgoing.clear();
    for (const subscriber of outgoing) subscriber.error(new ChannelClosedError(reason));
  }

  private async answer(id: number, method: string, params: unknown[]): Promise<void> {
    try {
      const value = await this.handlers.request(method, params);
      this.post({ type: 'reply', id, ok: true, value }); // undefined stays undefined: JSON leaves the field out
    } catch (error) {
      this.post({ type: 'reply', id, ok: false, error: describeError(error) });
    }
  }

  private startSubscription(id: number, method: string, params: unknown[]): void {
    let source: Observable<unknown>;
    try {
      source = this.handlers.subscribe(method, params);
    } catch (error) {
      this.post({ type: 'error', id, error: describeError(error) });
      return;
    }
    const subscription = source.subscribe({
      next: (value) => this.post({ type: 'next', id, value }),
      error: (error: unknown) => {
        this.incoming.delete(id);
        this.post({ type: 'error', id, error: describeError(error) });
      },
      complete: () => {
        this.incoming.delete(id);
        this.post({ type: 'complete', id });
      },
    });
    if (!subscription.closed) this.incoming.set(id, subscription);
  }

  private post(message: ChannelMessage): void {
    if (this.closedReason !== null) return;
    try {
      this.send(message);
    } catch {
      // the process on the other side is gone; its exit closes this channel
    }
  }
}
