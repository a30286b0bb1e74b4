// startDemoServer: the Plex server, its local/remote/relay connections and the fake plex.tv, on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listenFailure } from '../base/listenError.js';
import { connectionProxy } from './connectionProxy.js';
import type { DemoContext } from './context.js';
import type { JsonObject } from './json.js';
import { DemoLibrary } from './library.js';
import { closedPort, closeServer, listen } from './listen.js';
import { mainHandler } from './mainServer.js';
import type { ConnectionHealth, DemoServer, DemoServerOptions } from './options.js';
import { PlayQueues } from './playQueues.js';
import { PlayState } from './playState.js';
import { FakePlexTv } from './plexTv.js';
import { seededRandom } from './random.js';
import { RequestLog } from './requestLog.js';
import { PlaybackSessions } from './sessions.js';
import { StreamChoices } from './streams.js';
import { Timers } from './timers.js';
import { Uplink } from './uplink.js';

const tokenAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const serverName = 'plexterm demo';
const serverVersion = '1.41.3.9314-a0bfb8370';
const defaultSeed = 0x5eed;
const demoMachineIdentifier = 'a6d3f0c1e2b94d7c8e5f60718293a4b5c6d7e8f9';
/** "Added N days ago" counts from here (2026-11-01), so part changestamps stay the same from run to run. */
const libraryReferenceTime = Date.UTC(2026, 10, 1) / 1000;

/** 20 characters like a real Plex token. */
function randomToken(): string {
  return [...randomBytes(20)].map((byte) => tokenAlphabet[byte % tokenAlphabet.length]).join('');
}

type ConnectionName = 'local' | 'remote' | 'relay';
const connectionNames: ConnectionName[] = ['local', 'remote', 'relay'];

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const token = options.token ?? randomToken();
  // Stable across runs, like a real server's: what a person caches from the demo is found again next time.
  const machineIdentifier = options.machineIdentifier ?? demoMachineIdentifier;
  const timers = new Timers(options.clock);
  const nowMs = Date.now();
  const startedAt = Math.floor(nowMs / 1000);
  const library = new DemoLibrary({ bigSectionSize: options.bigSectionSize, referenceTime: libraryReferenceTime });
  const context: DemoContext = {
    library,
    playState: new PlayState(library.initialHistory, () => timers.now()),
    sessions: new PlaybackSessions(timers),
    playQueues: new PlayQueues(),
    streamChoices: new StreamChoices(),
    timers,
    quirks: { ...options.quirks },
    rateBytesPerSecond: options.rateBytesPerSecond ?? 0,
    uplink: options.uplinkBytesPerSecond ? new Uplink(options.uplinkBytesPerSecond) : null,
    machineIdentifier,
    name: serverName,
    version: serverVersion,
    startedAt,
    startedAtMs: nowMs,
    partRewrites: new Map(),
    removedParts: new Set(),
  };
  const servers: Server[] = [];
  const close = async (): Promise<void> => {
    timers.clear();
    await Promise.all(servers.map(closeServer));
  };
  try {
    const main = createServer(mainHandler(context, {
      token,
      latencyMs: options.latencyMs ?? 0,
      random: seededRandom(options.seed ?? defaultSeed),
      requestLog: options.inspect ? new RequestLog(token) : undefined,
    }));
    servers.push(main);
    const mainPort = await listen(main, options.port ?? 0).catch((error: unknown) => {
      throw listenFailure(error, '127.0.0.1', options.port ?? 0, '--port');
    });

    const ports = {} as Record<ConnectionName, number>;
    for (const name of connectionNames) {
      const health: ConnectionHealth = options.connections?.[name] ?? 'live';
      if (health === 'dead') {
        ports[name] = await closedPort();
        continue;
      }
      const proxy = connectionProxy(mainPort, health === 'slow' ? options.slowConnectionDelayMs ?? 1000 : 0, timers);
      servers.push(proxy);
      ports[name] = await listen(proxy);
    }
    const connectionEntries = (): JsonObject[] =>
      connectionNames.map((name) => ({
        protocol: 'http', address: '127.0.0.1', port: ports[name], uri: `http://127.0.0.1:${ports[name]}`,
        local: name === 'local', relay: name === 'relay', IPv6: false,
      }));

    const awayPort = (options.sharedServers ?? []).length > 0 ? await closedPort() : 0;
    const plexTv = new FakePlexTv({
      token, machineIdentifier, serverName, version: serverVersion, latencyMs: options.latencyMs ?? 0, timers,
      pinApproveAfterMs: options.pinApproveAfterMs ?? 3000, pinLifetimeMs: options.pinLifetimeMs ?? 15 * 60 * 1000, connections: connectionEntries,
      sharedServers: (options.sharedServers ?? []).map((name) => ({ name, uri: `http://127.0.0.1:${awayPort}` })),
    });
    const plexTvServer = createServer(plexTv.handle);
    servers.push(plexTvServer);
    const plexTvPort = await listen(plexTvServer);

    return {
      url: `http://127.0.0.1:${mainPort}`,
      token,
      plexTv: `http://127.0.0.1:${plexTvPort}`,
      machineIdentifier,
      name: serverName,
      connections: { local: `http://127.0.0.1:${ports.local}`, remote: `http://127.0.0.1:${ports.remote}`, relay: `http://127.0.0.1:${ports.relay}` },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
