import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { raceConnections, type ConnectionKind, type RaceConnection, type RaceWinner } from '../../src/plex/connectionRace.js';
import { container, refusedUrl, sendJson, startTestServer, testIdentity, type TestServer } from '../helpers/plexTestServer.js';
import { rejection } from '../helpers/plexTvFake.js';
import { eventually } from '../helpers/extensionFixtures.js';

/** live answers at once, slow after `slowMs`, stall never (until the client gives up), dead refuses connections. */
type Behaviour = 'live' | 'slow' | 'stall' | 'dead';

interface Fixture {
  connections: RaceConnection[];
  servers: TestServer[];
  /** Requests whose connection the client closed before an answer. */
  abandoned: () => number;
  close: () => Promise<void>;
}

async function fixture(behaviours: Record<ConnectionKind, Behaviour>, slowMs = 150, machineIdentifier = 'machine-1'): Promise<Fixture> {
  const servers: TestServer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let abandoned = 0;
  const connections: RaceConnection[] = [];
  for (const kind of ['relay', 'remote', 'local'] as const) {
    const behaviour = behaviours[kind];
    let uri: string;
    if (behaviour === 'dead') {
      uri = await refusedUrl();
    } else {
      const server = await startTestServer((_request, response, incoming) => {
        const answer = () => sendJson(response, 200, container({ machineIdentifier, version: '1.41.0', claimed: true }));
        incoming.socket.on('close', () => {
          if (!response.writableEnded) abandoned += 1;
        });
        if (behaviour === 'live') return answer();
        if (behaviour === 'slow') {
          const timer = setTimeout(() => {
            timers.delete(timer);
            answer();
          }, slowMs);
          timers.add(timer);
        }
      });
      servers.push(server);
      uri = server.url;
    }
    // Listed least preferred first, to show that order in the list does not matter.
    connections.push({ uri, local: kind === 'local', relay: kind === 'relay' });
  }
  return {
    connections,
    servers,
    abandoned: () => abandoned,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

interface RaceOutcome {
  winner?: RaceWinner;
  error?: Error & { code?: string };
  setup: Fixture;
}

async function race(behaviours: Record<ConnectionKind, Behaviour>, options: { timeoutMs?: number; machineIdentifier?: string } = {}): Promise<RaceOutcome> {
  const setup = await fixture(behaviours);
  try {
    const outcome = await raceConnections(setup.connections, { identity: testIdentity, timeoutMs: options.timeoutMs ?? 2000, ...(options.machineIdentifier ? { machineIdentifier: options.machineIdentifier } : {}) }).then(
      (winner): Omit<RaceOutcome, 'setup'> => ({ winner }),
      (error: unknown): Omit<RaceOutcome, 'setup'> => ({ error: error as Error & { code?: string } }),
    );
    return { ...outcome, setup };
  } finally {
    await setup.close();
  }
}

test('all live: local wins', async () => {
  const { winner, setup } = await race({ local: 'live', remote: 'live', relay: 'live' });
  assert.is(winner?.kind, 'local');
  assert.is(winner?.uri, setup.connections.find((connection) => connection.local)?.uri);
  assert.is(winner?.identity.machineIdentifier, 'machine-1');
});

test('local dead, remote slow, relay live: remote wins although relay answered first', async () => {
  const { winner } = await race({ local: 'dead', remote: 'slow', relay: 'live' });
  assert.is(winner?.kind, 'remote');
});

test('local slow, remote live: local still wins', async () => {
  const { winner } = await race({ local: 'slow', remote: 'live', relay: 'live' });
  assert.is(winner?.kind, 'local');
});

test('local stalls past the timeout: remote wins', async () => {
  const { winner } = await race({ local: 'stall', remote: 'live', relay: 'dead' }, { timeoutMs: 200 });
  assert.is(winner?.kind, 'remote');
});

test('a local answer does not wait for stalled others, and their requests are cancelled', async () => {
  const setup = await fixture({ local: 'live', remote: 'stall', relay: 'stall' });
  try {
    const winner = await raceConnections(setup.connections, { identity: testIdentity, timeoutMs: 60_000 });
    assert.is(winner.kind, 'local');
    // The servers see the cancelled requests' sockets close; wait for that (bounded), before closing them ourselves.
    await eventually(() => setup.abandoned() >= 2, 'both stalled servers saw their request abandoned');
    assert.is(setup.abandoned(), 2);
  } finally {
    await setup.close();
  }
});

test('only the relay lives: relay wins', async () => {
  const { winner } = await race({ local: 'dead', remote: 'dead', relay: 'live' });
  assert.is(winner?.kind, 'relay');
});

test('all dead: one error listing every connection and why', async () => {
  const { error, setup } = await race({ local: 'dead', remote: 'dead', relay: 'stall' }, { timeoutMs: 100 });
  assert.is(error?.code, 'network');
  const message = error?.message ?? '';
  for (const connection of setup.connections) assert.match(message, connection.uri);
  assert.match(message, /local http:\/\/127\.0\.0\.1:\d+ \(cannot connect to 127\.0\.0\.1:\d+: connection refused\)/);
  assert.match(message, /relay http:\/\/127\.0\.0\.1:\d+ \(127\.0\.0\.1:\d+ did not answer within 0\.1 s\)/);
  assert.not.ok(message.includes('\n'));
});

test('a connection answering as another server does not count', async () => {
  const { error } = await race({ local: 'live', remote: 'dead', relay: 'dead' }, { machineIdentifier: 'someone-else' });
  assert.match(error?.message ?? '', 'answered as another server');
});

test('no connections, or an aborted race, are clear errors', async () => {
  assert.match((await rejection(raceConnections([], { identity: testIdentity, serverName: 'Den' }))).message, 'Den lists no connections');
  const setup = await fixture({ local: 'stall', remote: 'stall', relay: 'stall' });
  try {
    const controller = new AbortController();
    const racing = raceConnections(setup.connections, { identity: testIdentity, signal: controller.signal });
    controller.abort();
    assert.is((await rejection(racing)).code, 'aborted');
  } finally {
    await setup.close();
  }
});

test.run();
