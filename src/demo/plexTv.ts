// A fake plex.tv: PIN sign-in (/api/v2/pins), the account (/api/v2/user) and server discovery (/api/v2/resources).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject, JsonValue } from './json.js';
import { readFormBody, sendData } from './reply.js';
import type { Timers } from './timers.js';

export interface PlexTvSettings {
  token: string;
  machineIdentifier: string;
  serverName: string;
  version: string;
  latencyMs: number;
  pinApproveAfterMs: number;
  pinLifetimeMs: number;
  timers: Timers;
  /** The connections resources lists, filled in once their ports are known. */
  connections: () => JsonObject[];
  /** Servers friends share with the account, listed first, each with its one connection. */
  sharedServers: { name: string; uri: string }[];
}

interface Pin {
  id: number;
  code: string;
  strong: boolean;
  clientIdentifier: string;
  product: string;
  createdAt: number;
}

const codeAlphabet = 'ABCDEFGHIJKLMNPQRSTUVWXYZ23456789';

function pinCode(length: number): string {
  return [...randomBytes(length)].map((byte) => codeAlphabet[byte % codeAlphabet.length]).join('');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendErrors(request: IncomingMessage, response: ServerResponse, status: number, code: number, message: string): void {
  sendData(request, response, { errors: [{ code, message, status }] }, status, {}, 'errors');
}

export class FakePlexTv {
  private readonly pins = new Map<number, Pin>();
  private nextPinId = 1_000_001;
  private readonly createdAt = new Date(Date.now() - 365 * 86400_000).toISOString();

  constructor(private readonly settings: PlexTvSettings) {}

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    this.route(request, response).catch(() => {
      if (response.headersSent) response.destroy();
      else sendErrors(request, response, 500, 1000, 'Internal error');
    });
  };

  private pinBody(pin: Pin): JsonObject {
    const now = Date.now();
    const expiresAtMs = pin.createdAt + this.settings.pinLifetimeMs;
    const approved = now - pin.createdAt >= this.settings.pinApproveAfterMs;
    return {
      id: pin.id, code: pin.code, product: pin.product, trusted: false, qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
      clientIdentifier: pin.clientIdentifier, location: { code: 'US', european_union_member: false, continent_code: 'NA', country: 'United States', city: 'Demo', time_zone: 'UTC', postal_code: '00000', in_privacy_restricted_country: false, subdivisions: 'Demo', coordinates: '0, 0' },
      expiresIn: Math.max(0, Math.round((expiresAtMs - now) / 1000)), createdAt: new Date(pin.createdAt).toISOString(), expiresAt: new Date(expiresAtMs).toISOString(),
      authToken: approved ? this.settings.token : null, newRegistration: null,
    };
  }

  private user(): JsonObject {
    return {
      id: 13692262, uuid: 'a4f43c1ebfde43a5', username: 'plexterm-demo', title: 'plexterm-demo', email: 'demo@plexterm.invalid', friendlyName: 'plexterm demo user',
      locale: null, confirmed: true, joinedAt: 1556281940, emailOnlyAuth: false, hasPassword: true, protected: false, thumb: 'https://plex.tv/users/a4f43c1ebfde43a5/avatar?c=1',
      authToken: this.settings.token, mailingListStatus: 'unsubscribed', mailingListActive: false, scrobbleTypes: '', country: 'US', subscription: { active: true, status: 'Active', plan: 'lifetime', features: [] },
      subscriptionDescription: null, restricted: false, anonymous: null, home: false, guest: false, homeSize: 1, homeAdmin: true, maxHomeSize: 15,
      rememberExpiresAt: Math.floor(Date.now() / 1000) + 30 * 86400, profile: { autoSelectAudio: true, defaultAudioLanguage: null, defaultSubtitleLanguage: null, autoSelectSubtitle: 0, defaultSubtitleAccessibility: 0, defaultSubtitleForced: 0, watchedIndicator: 1, mediaReviewsVisibility: 0 },
      entitlements: [], roles: [], services: [], adsConsent: null, adsConsentSetAt: null, adsConsentReminderAt: null, experimentalFeatures: false, twoFactorEnabled: false, backupCodesCreated: false,
    };
  }

  private resources(): JsonValue {
    const now = new Date().toISOString();
    const shared = this.settings.sharedServers.map(({ name, uri }, index) => {
      const { port } = new URL(uri);
      return {
        name, product: 'Plex Media Server', productVersion: this.settings.version, platform: 'Linux', platformVersion: process.version,
        device: 'PC', clientIdentifier: `shared${index}${this.settings.machineIdentifier.slice(8)}`, createdAt: this.createdAt, lastSeenAt: this.createdAt, provides: 'server', ownerId: 4242 + index,
        sourceTitle: `friend${index + 1}`, publicAddress: '127.0.0.1', accessToken: `sharedToken${index}`.padEnd(20, 'x'), owned: false, home: false, synced: false, relay: false, presence: false,
        httpsRequired: false, publicAddressMatches: false, dnsRebindingProtection: false, natLoopbackSupported: false,
        connections: [{ protocol: 'http', address: '127.0.0.1', port: Number(port), uri, local: false, relay: false, IPv6: false }],
      };
    });
    return [
      ...shared,
      {
        name: this.settings.serverName, product: 'Plex Media Server', productVersion: this.settings.version, platform: 'Linux', platformVersion: process.version,
        device: 'PC', clientIdentifier: this.settings.machineIdentifier, createdAt: this.createdAt, lastSeenAt: now, provides: 'server', ownerId: null,
        sourceTitle: null, publicAddress: '127.0.0.1', accessToken: this.settings.token, owned: true, home: false, synced: false, relay: true, presence: true,
        httpsRequired: false, publicAddressMatches: true, dnsRebindingProtection: false, natLoopbackSupported: true, connections: this.settings.connections(),
      },
    ];
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await this.settings.timers.sleep(this.settings.latencyMs);
    if (response.destroyed) return;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/$/, '');
    const params = new URLSearchParams(url.searchParams);
    if (method === 'POST' || method === 'PUT') for (const [name, value] of await readFormBody(request)) if (!params.has(name)) params.set(name, value);
    const token = header(request, 'x-plex-token') ?? params.get('X-Plex-Token');

    if (path === '/api/v2/pins' && method === 'POST') {
      const clientIdentifier = header(request, 'x-plex-client-identifier') ?? params.get('X-Plex-Client-Identifier');
      if (!clientIdentifier) return sendErrors(request, response, 400, 1000, 'X-Plex-Client-Identifier is missing');
      const strong = params.get('strong') === 'true' || params.get('strong') === '1';
      const pin: Pin = { id: this.nextPinId++, code: pinCode(strong ? 25 : 4), strong, clientIdentifier, product: header(request, 'x-plex-product') ?? params.get('X-Plex-Product') ?? 'plexterm', createdAt: Date.now() };
      this.pins.set(pin.id, pin);
      return sendData(request, response, this.pinBody(pin), 201, {}, 'pin');
    }
    const pinMatch = /^\/api\/v2\/pins\/(\d+)$/.exec(path);
    if (pinMatch && method === 'GET') {
      const pin = this.pins.get(Number(pinMatch[1]));
      if (!pin || Date.now() - pin.createdAt >= this.settings.pinLifetimeMs) return sendErrors(request, response, 404, 1020, 'Code not found or expired');
      return sendData(request, response, this.pinBody(pin), 200, {}, 'pin');
    }
    if ((path === '/api/v2/user' || path === '/api/v2/resources') && method === 'GET') {
      if (token !== this.settings.token) return sendErrors(request, response, 401, 1001, 'User could not be authenticated');
      if (path === '/api/v2/user') return sendData(request, response, this.user(), 200, {}, 'user');
      return sendData(request, response, this.resources(), 200, {}, 'resources', 'resource');
    }
    sendErrors(request, response, 404, 1000, 'Not found');
  }
}
