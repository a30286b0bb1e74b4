// plex.tv, the account service: sign-in PINs, the signed-in user, and the servers the account can reach.
import type { Disposable } from '../base/disposable.js';
import { registerSecret } from '../base/redact.js';
import type { ClientIdentity } from './clientIdentity.js';
import { PlexHttpClient, type CallOptions } from './httpClient.js';
import type { PlexPin, PlexResource, PlexUser } from './models.js';
import { malformedError, PlexRequestError, statusError, type RequestContext } from './plexErrors.js';
import { isRecord, requireString } from './responseBody.js';

export const defaultPlexTvUrl = 'https://plex.tv';

/** plex.tv's error code for a PIN that no longer exists (expired or never made). */
const pinNotFoundCode = 1020;

export interface PlexTvOptions {
  identity: ClientIdentity;
  /** Default https://plex.tv; tests point it at a fake. */
  baseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  retryBaseDelayMs?: number;
}

/** The codes of a plex.tv error body: `{ "errors": [{ "code": 1020, "message": "...", "status": 404 }] }`. */
function errorCodes(body: unknown): number[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.flatMap((entry: unknown) => (isRecord(entry) && typeof entry.code === 'number' ? [entry.code] : []));
}

export class PlexTv implements Disposable {
  readonly baseUrl: string;
  private readonly http: PlexHttpClient;

  constructor(options: PlexTvOptions) {
    this.http = new PlexHttpClient({
      baseUrl: options.baseUrl ?? defaultPlexTvUrl,
      serverName: 'plex.tv',
      identity: options.identity,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.retryBaseDelayMs }),
    });
    this.baseUrl = this.http.baseUrl;
  }

  /** A new strong PIN for the sign-in page. A second PIN is harmless, so the POST may be retried. */
  async createPin(options: CallOptions = {}): Promise<PlexPin> {
    const { body, context } = await this.http.send('/api/v2/pins', {
      method: 'POST',
      params: { strong: 'true' },
      idempotent: true,
      ...options,
    });
    return this.checkPinBody(body, context);
  }

  /** The PIN's current state; `authToken` is set once approved. An expired PIN is a `pin-expired` error. */
  async checkPin(id: number, options: CallOptions = {}): Promise<PlexPin> {
    const response = await this.http.send(`/api/v2/pins/${encodeURIComponent(String(id))}`, { acceptStatus: [404], ...options });
    if (response.status === 404) {
      if (errorCodes(response.body).includes(pinNotFoundCode) || response.body === undefined) {
        throw new PlexRequestError('the sign-in code expired before it was approved: run plexterm login again', {
          code: 'pin-expired',
          status: 404,
          context: response.context,
        });
      }
      throw statusError(404, response.body, undefined, response.context);
    }
    return this.checkPinBody(response.body, response.context);
  }

  /** The account a token belongs to; a rejected token is an `unauthorized` error. */
  async user(token: string, options: CallOptions = {}): Promise<PlexUser> {
    registerSecret(token);
    const { body, context } = await this.http.send('/api/v2/user', { token, ...options });
    if (!isRecord(body)) throw malformedError('no account where one was expected', context);
    requireString(body, 'username', 'an account', context);
    registerSecret(typeof body.authToken === 'string' ? body.authToken : undefined);
    return body as unknown as PlexUser;
  }

  /** Every device the account can reach, with its connections; servers have `provides` containing "server". */
  async resources(token: string, options: CallOptions = {}): Promise<PlexResource[]> {
    registerSecret(token);
    const { body, context } = await this.http.send('/api/v2/resources', {
      token,
      params: { includeHttps: 1, includeRelay: 1 },
      ...options,
    });
    if (!Array.isArray(body)) throw malformedError('something other than a list of resources', context);
    return body.map((entry: unknown) => {
      if (!isRecord(entry) || !Array.isArray(entry.connections)) throw malformedError('a resource without connections', context);
      registerSecret(typeof entry.accessToken === 'string' ? entry.accessToken : undefined);
      return entry as unknown as PlexResource;
    });
  }

  dispose(): void {
    this.http.dispose();
  }

  private checkPinBody(body: unknown, context: RequestContext): PlexPin {
    if (!isRecord(body) || typeof body.id !== 'number') throw malformedError('a PIN without an id', context);
    requireString(body, 'code', 'a PIN', context);
    if (typeof body.authToken === 'string') registerSecret(body.authToken);
    return body as unknown as PlexPin;
  }
}
