// GET /__demo/state: only with inspect, only with the token, never showing the token.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { demoFetch, withDemo } from '../helpers/demoServer.js';

interface State {
  requests: { method: string; path: string; range: string | null; status: number }[];
  items: Record<string, { viewOffset: number | null; viewCount: number; lastViewedAt: number | null }>;
}

test('without inspect, /__demo/state does not exist', async () => {
  await withDemo({}, async (server) => {
    const response = await demoFetch(server, '/__demo/state');
    assert.is(response.status, 404);
    await response.arrayBuffer();
  });
});

test('with inspect: the request log (token REDACTED, ranges, statuses) and every item\'s watch state', async () => {
  await withDemo({ inspect: true, token: 'secret-token-12345678' }, async (server) => {
    const refused = await demoFetch(server, '/__demo/state', { noToken: true });
    assert.is(refused.status, 401);
    await refused.arrayBuffer();
    const sections = await demoFetch(server, `/library/sections?X-Plex-Token=${server.token}`, { noToken: true });
    await sections.arrayBuffer();
    const part = await demoFetch(server, '/library/parts/999999/1/file.mkv', { headers: { Range: 'bytes=0-0' } });
    await part.arrayBuffer();
    const scrobble = await demoFetch(server, '/:/scrobble?key=103&identifier=com.plexapp.plugins.library', { method: 'PUT' });
    await scrobble.arrayBuffer();
    const response = await demoFetch(server, '/__demo/state');
    assert.is(response.status, 200);
    const text = await response.text();
    assert.not.ok(text.includes(server.token));
    const state = JSON.parse(text) as State;
    assert.equal(state.requests[0], { method: 'GET', path: '/__demo/state', range: null, status: 401 });
    assert.equal(state.requests[1], { method: 'GET', path: '/library/sections?X-Plex-Token=REDACTED', range: null, status: 200 });
    assert.equal(state.requests[2], { method: 'GET', path: '/library/parts/999999/1/file.mkv', range: 'bytes=0-0', status: 404 });
    assert.equal(state.requests[3]?.status, 200);
    assert.is(state.items['103']?.viewCount, 1);
    assert.is(state.items['103']?.viewOffset, null);
    assert.type(state.items['103']?.lastViewedAt, 'number');
    assert.ok(Object.keys(state.items).length > 20);
  });
});

test('with inspect: what is playing now and every play queue', async () => {
  await withDemo({ inspect: true }, async (server) => {
    const timeline = await demoFetch(server, '/:/timeline?ratingKey=126&key=/library/metadata/126&state=playing&time=5000', { headers: { 'X-Plex-Client-Identifier': 'den-tv', 'X-Plex-Device-Name': 'Den TV' } });
    await timeline.arrayBuffer();
    const uri = encodeURIComponent(`server://${server.machineIdentifier}/com.plexapp.plugins.library/library/metadata/124`);
    const queue = await demoFetch(server, `/playQueues?type=video&uri=${uri}`, { method: 'POST' });
    await queue.arrayBuffer();
    const state = (await (await demoFetch(server, '/__demo/state')).json()) as State & { sessions: unknown[]; playQueues: { id: number; items: { ratingKey: string }[] }[] };
    assert.equal(state.sessions, [{ sessionKey: '1', ratingKey: '126', title: 'Re-entry Roast', state: 'playing', viewOffset: 5000, player: 'Den TV', client: 'den-tv' }]);
    assert.equal(state.playQueues.map((entry) => [entry.id, entry.items.map((item) => item.ratingKey)]), [[1, ['126', '128', '130']]]);
    // Stopped: the session leaves the state, the queue stays.
    const stopped = await demoFetch(server, '/:/timeline?ratingKey=126&key=/library/metadata/126&state=stopped&time=6000', { headers: { 'X-Plex-Client-Identifier': 'den-tv', 'X-Plex-Device-Name': 'Den TV' } });
    await stopped.arrayBuffer();
    const after = (await (await demoFetch(server, '/__demo/state')).json()) as { sessions: unknown[]; playQueues: unknown[] };
    assert.equal(after.sessions, []);
    assert.is(after.playQueues.length, 1);
  });
});

test.run();
