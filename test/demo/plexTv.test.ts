// The fake plex.tv: PIN creation, approval and expiry (1020), the user (401 for a bad token), resources and their connections.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as delay } from 'node:timers/promises';
import type { DemoServer } from '../../src/demo/index.js';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { withDemo } from '../helpers/demoServer.js';

const json = { Accept: 'application/json' };
const clientHeaders = { ...json, 'X-Plex-Client-Identifier': 'plexterm-test', 'X-Plex-Product': 'plexterm' };

interface PinJson {
  id: number;
  code: string;
  authToken: string | null;
  expiresAt: string;
  expiresIn: number;
  clientIdentifier: string;
}

async function createPin(server: DemoServer): Promise<PinJson> {
  const response = await fetch(`${server.plexTv}/api/v2/pins?strong=true`, { method: 'POST', headers: clientHeaders });
  assert.is(response.status, 201);
  return (await response.json()) as PinJson;
}

async function pollPin(server: DemoServer, id: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.plexTv}/api/v2/pins/${id}`, { headers: clientHeaders });
  return { status: response.status, body: await response.json() };
}

test('a pin needs X-Plex-Client-Identifier, starts without a token and gets the server token once approved', async () => {
  await withDemo({ pinApproveAfterMs: 150 }, async (server) => {
    const refused = await fetch(`${server.plexTv}/api/v2/pins?strong=true`, { method: 'POST', headers: json });
    assert.is(refused.status, 400);
    await refused.arrayBuffer();
    const pin = await createPin(server);
    assert.is(pin.authToken, null);
    assert.is(pin.code.length, 25);
    assert.is(pin.clientIdentifier, 'plexterm-test');
    assert.ok(pin.expiresIn > 0 && Date.parse(pin.expiresAt) > Date.now());
    let token: string | null = null;
    for (let attempt = 0; attempt < 50 && token === null; attempt += 1) {
      await delay(50);
      const polled = await pollPin(server, pin.id);
      assert.is(polled.status, 200);
      token = (polled.body as PinJson).authToken;
    }
    assert.is(token, server.token);
  });
});

test('an expired or unknown pin answers 404 with code 1020', async () => {
  await withDemo({ pinLifetimeMs: 100, pinApproveAfterMs: 60_000 }, async (server) => {
    const pin = await createPin(server);
    await delay(150);
    const expired = await pollPin(server, pin.id);
    assert.is(expired.status, 404);
    assert.equal(expired.body, { errors: [{ code: 1020, message: 'Code not found or expired', status: 404 }] });
    assert.is((await pollPin(server, 1)).status, 404);
  });
});

test('the user: JSON for the token, 401 otherwise', async () => {
  await withDemo({}, async (server) => {
    const user = await fetch(`${server.plexTv}/api/v2/user`, { headers: { ...json, 'X-Plex-Token': server.token } });
    assert.is(user.status, 200);
    const body = await user.json();
    assertResponseMatches('/user', 'get', body);
    for (const headers of [json, { ...json, 'X-Plex-Token': 'nope' }]) {
      const refused = await fetch(`${server.plexTv}/api/v2/user`, { headers });
      assert.is(refused.status, 401);
      const errors = (await refused.json()) as { errors: { code: number }[] };
      assert.is(errors.errors[0]?.code, 1001);
    }
    const xml = await fetch(`${server.plexTv}/api/v2/user?X-Plex-Token=${server.token}`);
    assert.match(await xml.text(), /^<\?xml/);
  });
});

interface ResourceJson {
  name: string;
  product: string;
  provides: string;
  clientIdentifier: string;
  accessToken: string;
  owned: boolean;
  connections: { protocol: string; address: string; port: number; uri: string; local: boolean; relay: boolean }[];
}

async function resources(server: DemoServer): Promise<ResourceJson[]> {
  const response = await fetch(`${server.plexTv}/api/v2/resources?includeHttps=1&includeRelay=1`, { headers: { ...json, 'X-Plex-Token': server.token } });
  assert.is(response.status, 200);
  const body = await response.json();
  assertResponseMatches('/resources', 'get', body);
  return body as ResourceJson[];
}

test('resources list the server with live local, remote and relay connections that answer like the server', async () => {
  await withDemo({}, async (server) => {
    const [resource] = await resources(server);
    if (!resource) throw new Error('no resource');
    assert.is(resource.product, 'Plex Media Server');
    assert.is(resource.provides, 'server');
    assert.is(resource.clientIdentifier, server.machineIdentifier);
    assert.is(resource.accessToken, server.token);
    assert.is(resource.name, server.name);
    assert.ok(resource.owned);
    assert.equal(resource.connections.map((connection) => connection.uri), [server.connections.local, server.connections.remote, server.connections.relay]);
    assert.equal(resource.connections.map((connection) => [connection.local, connection.relay]), [[true, false], [false, false], [false, true]]);
    for (const connection of resource.connections) {
      const identity = await fetch(`${connection.uri}/identity`, { headers: json });
      assert.is(((await identity.json()) as { MediaContainer: { machineIdentifier: string } }).MediaContainer.machineIdentifier, server.machineIdentifier);
      const refused = await fetch(`${connection.uri}/library/sections`, { headers: json });
      assert.is(refused.status, 401);
      await refused.arrayBuffer();
    }
    const bad = await fetch(`${server.plexTv}/api/v2/resources`, { headers: json });
    assert.is(bad.status, 401);
    await bad.arrayBuffer();
  });
});

test('a dead connection refuses; a slow one answers late but answers', async () => {
  await withDemo({ connections: { local: 'dead', remote: 'slow' }, slowConnectionDelayMs: 100 }, async (server) => {
    const [resource] = await resources(server);
    assert.is(resource?.connections.length, 3);
    let refused = false;
    try {
      await fetch(`${server.connections.local}/identity`);
    } catch {
      refused = true;
    }
    assert.ok(refused);
    const slow = await fetch(`${server.connections.remote}/identity`, { headers: json });
    assert.is(slow.status, 200);
    await slow.arrayBuffer();
    const relay = await fetch(`${server.connections.relay}/library/sections`, { headers: { ...json, 'X-Plex-Token': server.token } });
    assert.is(relay.status, 200);
    await relay.arrayBuffer();
  });
});

test.run();
