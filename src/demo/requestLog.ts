// The request log of GET /__demo/state: what clients asked for, with the token REDACTED.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LoggedRequest {
  method: string;
  /** Path with query; the token's value reads REDACTED. */
  path: string;
  range: string | null;
  status: number;
}

const maxEntries = 10_000;

export class RequestLog {
  /** A slot per request in the order the requests arrived, filled in when its answer ends. */
  private readonly slots: Array<{ logged: LoggedRequest | null }> = [];

  constructor(private readonly token: string) {}

  private redact(path: string): string {
    const withoutParameter = path.replace(/([?&]X-Plex-Token=)[^&#]*/gi, '$1REDACTED');
    return withoutParameter.split(this.token).join('REDACTED').split(encodeURIComponent(this.token)).join('REDACTED');
  }

  /** Takes the request's place in the log now; it is listed once its response has finished or its connection closed. */
  track(request: IncomingMessage, response: ServerResponse): void {
    const range = request.headers.range ?? null;
    const path = this.redact(request.url ?? '/');
    const method = request.method ?? 'GET';
    const slot: { logged: LoggedRequest | null } = { logged: null };
    this.slots.push(slot);
    if (this.slots.length > maxEntries) this.slots.splice(0, this.slots.length - maxEntries);
    response.once('close', () => {
      slot.logged = { method, path, range, status: response.statusCode };
    });
  }

  /** The finished requests, in the order they arrived (not the order their answers ended). */
  list(): LoggedRequest[] {
    return this.slots.flatMap((slot) => (slot.logged ? [slot.logged] : []));
  }
}
