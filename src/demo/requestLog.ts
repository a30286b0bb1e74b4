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
  private readonly entries: LoggedRequest[] = [];

  constructor(private readonly token: string) {}

  private redact(path: string): string {
    const withoutParameter = path.replace(/([?&]X-Plex-Token=)[^&#]*/gi, '$1REDACTED');
    return withoutParameter.split(this.token).join('REDACTED').split(encodeURIComponent(this.token)).join('REDACTED');
  }

  /** Records the request once its response has finished or its connection closed. */
  track(request: IncomingMessage, response: ServerResponse): void {
    const range = request.headers.range ?? null;
    const path = this.redact(request.url ?? '/');
    const method = request.method ?? 'GET';
    response.once('close', () => {
      this.entries.push({ method, path, range, status: response.statusCode });
      if (this.entries.length > maxEntries) this.entries.splice(0, this.entries.length - maxEntries);
    });
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }
}
