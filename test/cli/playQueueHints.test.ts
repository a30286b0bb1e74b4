// `plexterm play` of an item played before asks for its queue beside its metadata (data/queue-hints.json): through a
// real HTTP front to the demo server that holds the item's metadata answer until a POST /playQueues has come in.
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { endingPlayerPlugin, playEvents } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/**
 * A front to `target` that passes every request on and writes each down (`GET /library/metadata/101`). Armed, it holds
 * the next answer to `GET /library/metadata/{key}` until a `POST /playQueues` came in (`releasedBy`: "post"), or its time
 * ran out ("time": what a play that asks for its queue only after the metadata gets).
 */
interface GateFront {
  url: string;
  requests: string[];
  /** Holds the next metadata answer, `waitMs` at most. */
  arm(waitMs: number): void;
  releasedBy: Array<'post' | 'time'>;
  close(): Promise<void>;
}

async function startGateFront(target: string): Promise<GateFront> {
  const origin = new URL(target);
  const requests: string[] = [];
  const releasedBy: Array<'post' | 'time'> = [];
  let armed = false;
  let holdMs = 0;
  let posted: () => void = () => {};
  let postCame = new Promise<void>((resolve) => (posted = resolve));
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((incoming, answer) => {
    const path = (incoming.url ?? '').split('?')[0] ?? '';
    requests.push(`${incoming.method ?? ''} ${path}`);
    if (incoming.method === 'POST' && path === '/playQueues') posted();
    const onward = () => {
      const forwarded = httpRequest({ host: origin.hostname, port: origin.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: origin.host } }, (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      });
      forwarded.on('error', () => answer.destroy());
      incoming.pipe(forwarded);
    };
    if (!(armed && incoming.method === 'GET' && /^\/library\/metadata\/\d+$/.test(path))) return onward();
    armed = false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'time'>((resolve) => {
      timer = setTimeout(() => resolve('time'), holdMs);
      timers.add(timer);
    });
    void Promise.race([postCame.then(() => 'post' as const), late]).then((by) => {
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      releasedBy.push(by);
      onward();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    releasedBy,
    arm(waitMs) {
      armed = true;
      holdMs = waitMs;
      postCame = new Promise<void>((resolve) => (posted = resolve));
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

let home: TempFolder;
let pluginsDir: string;
let demo: DemoServer;
let front: GateFront;

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-queue-hints-');
  pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, endingPlayerPlugin);
  demo = await startDemoServer({});
  front = await startGateFront(demo.url);
});

test.after(async () => {
  await front.close();
  await demo.close();
  await home.remove();
});

const hintsFile = () => join(home.path, 'data', 'queue-hints.json');

async function play(ratingKey: string): Promise<{ code: number | null; stderr: string; requests: string[]; played: string[] }> {
  const before = front.requests.length;
  const result = await runMain(['--server', front.url, '--token', demo.token, '--plugins-dir', pluginsDir, 'play', ratingKey, '--player', 'quick', '--json', '--no-continue'], { env: cleanEnvironment(home.path) });
  // Each line of a queue's entry names its item.
  const played = playEvents(result.stdout).flatMap((event) => (event.type === 'launched' ? [(event as { ratingKey?: string }).ratingKey ?? ''] : []));
  return { code: result.code, stderr: result.stderr, requests: front.requests.slice(before), played };
}

test('the second play of an item asks for its queue before its metadata has answered; the hints name no token', async () => {
  const first = await play('101');
  assert.is(first.code, 0, first.stderr);
  assert.equal(first.played, ['101']);
  const saved = await readFile(hintsFile(), 'utf8');
  assert.equal(JSON.parse(saved), { version: 1, servers: [[`${front.url}/`, { machineIdentifier: demo.machineIdentifier, items: [['101', 'movie']] }]] });
  assert.not.ok(saved.includes(demo.token));

  // Held up to 30 s: a loaded machine's POST still comes long before; a play without the hint would wait it out.
  front.arm(30_000);
  const second = await play('101');
  assert.is(second.code, 0, second.stderr);
  assert.equal(second.played, ['101']);
  assert.equal(front.releasedBy, ['post'], 'the metadata answer waited for a POST /playQueues that came');
  assert.is(second.requests.filter((request) => request === 'POST /playQueues').length, 1, second.requests.join(', '));
});

test('a first play waits for the metadata before its queue (the front holds that answer until its time runs out)', async () => {
  front.arm(1_500);
  const result = await play('103');
  assert.is(result.code, 0, result.stderr);
  assert.equal(front.releasedBy.at(-1), 'time');
});

test('hints from another server at the same address: one queue refused, the right one made, the play as always, the hints mended', async () => {
  await writeFile(hintsFile(), JSON.stringify({ version: 1, servers: [[`${front.url}/`, { machineIdentifier: 'f'.repeat(40), items: [['105', 'movie']] }]] }));
  const result = await play('105');
  assert.is(result.code, 0, result.stderr);
  assert.equal(result.played, ['105']);
  assert.is(result.requests.filter((request) => request === 'POST /playQueues').length, 2, result.requests.join(', '));
  assert.is(result.stderr, '');
  const saved = JSON.parse(await readFile(hintsFile(), 'utf8')) as { servers: Array<[string, { machineIdentifier: string }]> };
  assert.is(saved.servers[0]?.[1].machineIdentifier, demo.machineIdentifier);
});

test.run();
