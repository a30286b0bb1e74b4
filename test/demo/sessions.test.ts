// GET /status/sessions: what timelines say is playing, as a real server shapes it; "stopped" or 60 s of quiet ends an entry.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock, type DemoServer } from '../../src/demo/index.js';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoFetch, demoJson, withDemo } from '../helpers/demoServer.js';
import { assertShape, fixture, xmlAndJson } from '../helpers/demoXml.js';

interface SessionJson {
  ratingKey: string;
  sessionKey: string;
  viewOffset: number;
  TranscodeSession?: unknown;
  Media: { selected: boolean; Part: { decision: string; Stream?: unknown[] }[] }[];
  User: { id: string; title: string };
  Player: { machineIdentifier: string; title: string; product: string; state: string; local: boolean };
  Session: { id: string; location: string };
}

function player(client: string, name: string): Record<string, string> {
  return {
    'X-Plex-Client-Identifier': client, 'X-Plex-Product': 'Plex HTPC', 'X-Plex-Device-Name': name, 'X-Plex-Platform': 'Linux',
    'X-Plex-Platform-Version': '6.8', 'X-Plex-Version': '1.60.1', 'X-Plex-Session-Identifier': `${client}-session`,
  };
}

async function timeline(server: DemoServer, headers: Record<string, string>, ratingKey: string, state: string, time: number): Promise<void> {
  const response = await demoFetch(server, `/:/timeline?ratingKey=${ratingKey}&key=/library/metadata/${ratingKey}&state=${state}&time=${time}&duration=40046`, { headers });
  assert.is(response.status, 200);
  await response.arrayBuffer();
}

async function sessions(server: DemoServer): Promise<SessionJson[]> {
  const body = (await demoJson(server, '/status/sessions')) as { MediaContainer: { size: number; Metadata?: SessionJson[] } };
  assert.is(body.MediaContainer.size, body.MediaContainer.Metadata?.length ?? 0);
  return body.MediaContainer.Metadata ?? [];
}

test('nothing playing: an empty container', async () => {
  await withDemo({}, async (server) => {
    const { json } = await xmlAndJson(server, '/status/sessions');
    assertResponseMatches('/status/sessions', 'get', json);
    assert.equal(json, { MediaContainer: { size: 0, totalSize: 0, offset: 0 } });
  });
});

test('a playing timeline is a session: item, viewOffset, User, Player, Session, direct play (no TranscodeSession); XML and JSON agree and look like the real server\'s', async () => {
  await withDemo({}, async (server) => {
    await timeline(server, player('living-room', 'Living Room'), '126', 'playing', 5000);
    const { xml, json } = await xmlAndJson(server, '/status/sessions');
    assertShape(xml, fixture('sessions.xml'));
    assertResponseMatches('/status/sessions', 'get', json);
    const [session] = await sessions(server);
    if (!session) throw new Error('no session');
    assert.is(session.ratingKey, '126');
    assert.is(session.viewOffset, 5000);
    assert.is(session.TranscodeSession, undefined);
    assert.is(session.Media[0]?.selected, true);
    assert.is(session.Media[0]?.Part[0]?.decision, 'directplay');
    assert.ok((session.Media[0]?.Part[0]?.Stream?.length ?? 0) >= 2);
    assert.equal(session.User, { id: '1', title: 'plexterm-demo', thumb: 'https://plex.tv/users/a4f43c1ebfde43a5/avatar' });
    assert.is(session.Player.machineIdentifier, 'living-room');
    assert.is(session.Player.title, 'Living Room');
    assert.is(session.Player.product, 'Plex HTPC');
    assert.is(session.Player.state, 'playing');
    assert.is(session.Session.id, 'living-room-session');
    assert.is(session.Session.location, 'lan');
  });
});

test('later timelines update the session (state, offset); two players are two sessions; "stopped" ends one', async () => {
  await withDemo({}, async (server) => {
    const lounge = player('lounge', 'Lounge');
    await timeline(server, lounge, '126', 'playing', 5000);
    await timeline(server, player('kitchen', 'Kitchen'), '101', 'playing', 1000);
    await timeline(server, lounge, '126', 'paused', 9000);
    const both = await sessions(server);
    assert.equal(both.map((session) => [session.sessionKey, session.ratingKey, session.Player.state, session.viewOffset]), [['1', '126', 'paused', 9000], ['2', '101', 'playing', 1000]]);
    await timeline(server, lounge, '126', 'stopped', 9500);
    assert.equal((await sessions(server)).map((session) => session.Player.title), ['Kitchen']);
  });
});

test('a timeline from a play queue names its entry: the session shows its playQueueItemID; the queue\'s next entry is a session of its own', async () => {
  await withDemo({}, async (server) => {
    const den = player('den', 'Den');
    const report = async (ratingKey: string, state: string, playQueueItemID: number) => {
      const response = await demoFetch(server, `/:/timeline?ratingKey=${ratingKey}&key=/library/metadata/${ratingKey}&state=${state}&time=1000&duration=40046&playQueueItemID=${playQueueItemID}&containerKey=/playQueues/1`, { headers: den });
      assert.is(response.status, 200);
      await response.arrayBuffer();
    };
    await report('119', 'playing', 1);
    const [first] = (await sessions(server)) as (SessionJson & { playQueueItemID?: number })[];
    assert.equal([first?.ratingKey, first?.playQueueItemID], ['119', 1]);
    await report('119', 'stopped', 1);
    await report('121', 'playing', 2);
    const now = (await sessions(server)) as (SessionJson & { playQueueItemID?: number })[];
    assert.equal(now.map((session) => [session.ratingKey, session.playQueueItemID]), [['121', 2]]);
    assert.is.not(now[0]?.sessionKey, first?.sessionKey);
  });
});

test('a session that goes quiet for 60 s ends (on the server\'s clock, no real waiting)', async () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 5));
  await withDemo({ clock }, async (server) => {
    const den = player('den', 'Den');
    await timeline(server, den, '126', 'playing', 5000);
    clock.advance(50_000);
    await timeline(server, den, '126', 'playing', 55_000);
    clock.advance(59_999);
    assert.equal((await sessions(server)).map((session) => session.viewOffset), [55_000], 'each timeline restarts the 60 s');
    clock.advance(1);
    assert.equal(await sessions(server), []);
  });
});

test.run();
