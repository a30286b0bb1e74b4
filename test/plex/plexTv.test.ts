import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexResource } from '../../src/plex/models.js';
import { testIdentity } from '../helpers/plexTestServer.js';
import { rejection, withPlexTv } from '../helpers/plexTvFake.js';

const resource: PlexResource = {
  name: 'Living Room',
  product: 'Plex Media Server',
  productVersion: '1.41.0',
  platform: 'Linux',
  platformVersion: '6.1',
  device: 'PC',
  clientIdentifier: 'machine-1',
  createdAt: '2026-01-01T00:00:00Z',
  lastSeenAt: '2026-01-02T00:00:00Z',
  provides: 'server',
  ownerId: null,
  sourceTitle: null,
  publicAddress: '203.0.113.5',
  accessToken: 'server-access-token-99',
  owned: true,
  home: false,
  synced: false,
  relay: true,
  presence: true,
  httpsRequired: false,
  publicAddressMatches: true,
  dnsRebindingProtection: false,
  natLoopbackSupported: true,
  connections: [{ protocol: 'http', address: '192.168.1.2', port: 32400, uri: 'http://192.168.1.2:32400', local: true, relay: false, IPv6: false }],
};

test('createPin posts a strong PIN request', () =>
  withPlexTv({}, async (plexTv, fake) => {
    const pin = await plexTv.createPin();
    assert.is(pin.id, 5150);
    assert.is(pin.authToken, null);
    const request = fake.server.requests[0];
    assert.is(request?.method, 'POST');
    assert.is(request?.query.get('strong'), 'true');
    assert.is(request?.headers['x-plex-client-identifier'], testIdentity.clientIdentifier);
  }));

test('checkPin of an unknown PIN is pin-expired', () =>
  withPlexTv({}, async (plexTv) => {
    const error = await rejection(plexTv.checkPin(1));
    assert.is(error.code, 'pin-expired');
  }));

test('user returns the account for a good token', () =>
  withPlexTv({}, async (plexTv, fake) => {
    const user = await plexTv.user(fake.token);
    assert.is(user.username, 'tester');
    assert.is(fake.server.requests[0]?.headers['x-plex-token'], fake.token);
    assert.not.ok(fake.server.requests[0]?.url.includes(fake.token));
  }));

test('user with a rejected token is unauthorized, and the token is nowhere in the error', () =>
  withPlexTv({}, async (plexTv, fake) => {
    const badToken = 'bad-token-1234567';
    const error = await rejection(plexTv.user(badToken));
    assert.is(error.code, 'unauthorized');
    assert.is(error.message, 'plex.tv rejected the token (HTTP 401): run plexterm login');
    assert.is(fake.server.count('/api/v2/user'), 1, '401 is not retried');
    for (const text of [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: Infinity })]) {
      assert.not.ok(text.includes(badToken));
    }
  }));

test('resources asks for https and relay connections', () =>
  withPlexTv({ resources: [resource] }, async (plexTv, fake) => {
    const resources = await plexTv.resources(fake.token);
    assert.is(resources[0]?.name, 'Living Room');
    assert.is(resources[0]?.connections[0]?.uri, 'http://192.168.1.2:32400');
    const query = fake.server.requests[0]?.query;
    assert.is(query?.get('includeHttps'), '1');
    assert.is(query?.get('includeRelay'), '1');
  }));

test.run();
