// A small fake plex.tv for the plex layer's tests: PINs approved after some checks, a user, resources.
import type { PlextermError } from '../../src/base/errors.js';
import type { PlexResource } from '../../src/plex/models.js';
import { PlexTv } from '../../src/plex/plexTv.js';
import { sendJson, startTestServer, testIdentity, type TestServer } from './plexTestServer.js';

export interface PlexTvFakeOptions {
  /** The PIN is approved on this check (1 = the first). Default 2. */
  approveOnCheck?: number;
  /** The PIN is forgotten (404, code 1020) from this check on. */
  expireOnCheck?: number;
  resources?: PlexResource[];
}

export interface PlexTvFake {
  url: string;
  server: TestServer;
  /** The token a PIN approval hands out. */
  token: string;
  close(): Promise<void>;
}

const notFound = { errors: [{ code: 1020, message: 'Code not found or expired', status: 404 }] };

export async function startPlexTvFake(options: PlexTvFakeOptions = {}): Promise<PlexTvFake> {
  const token = 'plex-tv-account-token-77';
  let pinChecks = 0;
  const pin = (authToken: string | null) => ({
    id: 5150,
    code: 'ABCD1234EFGH5678IJKL9012',
    product: 'plexterm',
    trusted: false,
    clientIdentifier: 'plexterm-test-client',
    expiresIn: 1800,
    createdAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-01T00:30:00Z',
    authToken,
  });
  const server = await startTestServer((request, response) => {
    const authorized = request.headers['x-plex-token'] === token;
    if (request.method === 'POST' && request.path === '/api/v2/pins') {
      sendJson(response, 201, pin(null));
    } else if (request.path === '/api/v2/pins/5150') {
      pinChecks += 1;
      if (options.expireOnCheck !== undefined && pinChecks >= options.expireOnCheck) sendJson(response, 404, notFound);
      else sendJson(response, 200, pin(pinChecks >= (options.approveOnCheck ?? 2) ? token : null));
    } else if (request.path.startsWith('/api/v2/pins/')) {
      sendJson(response, 404, notFound);
    } else if (request.path === '/api/v2/user') {
      if (authorized) sendJson(response, 200, { id: 1, uuid: 'u-1', username: 'tester', title: 'tester', email: 't@example.com', authToken: token });
      else sendJson(response, 401, { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] });
    } else if (request.path === '/api/v2/resources') {
      if (authorized) sendJson(response, 200, options.resources ?? []);
      else sendJson(response, 401, { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] });
    } else {
      sendJson(response, 404, { errors: [{ code: 1000, message: 'not found', status: 404 }] });
    }
  });
  return { url: server.url, server, token, close: () => server.close() };
}

/** Runs `run` with a PlexTv client on a fresh fake, closing both afterwards. */
export async function withPlexTv(options: PlexTvFakeOptions, run: (plexTv: PlexTv, fake: PlexTvFake) => Promise<void>): Promise<void> {
  const fake = await startPlexTvFake(options);
  const plexTv = new PlexTv({ baseUrl: fake.url, identity: testIdentity, retryBaseDelayMs: 1 });
  try {
    await run(plexTv, fake);
  } finally {
    plexTv.dispose();
    await fake.close();
  }
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<PlextermError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as PlextermError,
  );
}
