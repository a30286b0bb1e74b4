// Server addresses through the CLI (run in this process; login from a pipe in a real one): a bad one from a flag, the environment or config.json stops before anything is fetched, printed or saved; a base path behind a reverse proxy works; login takes the token from stdin or the environment.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { demoJson } from '../helpers/demoServer.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const user = 'someuser';
const password = 'hunter2secret';

async function withDemoAndHome(body: (demo: DemoServer, home: string) => Promise<void>): Promise<void> {
  const demo = await startDemoServer({ inspect: true });
  const folder = await makeTempFolder('plexterm-address-');
  try {
    await body(demo, folder.path);
  } finally {
    await folder.remove();
    await demo.close();
  }
}

/** How many requests the demo server has seen, leaving out the test's own questions to its inspect route. */
async function requestCount(demo: DemoServer): Promise<number> {
  const state = (await demoJson(demo, '/__demo/state')) as { requests: Array<{ path: string }> };
  return state.requests.filter((request) => !request.path.startsWith('/__demo/')).length;
}

function assertRefused(result: CliResult, what: string, reason: RegExp): void {
  assert.is(result.code, 1, `${what}: exit 1\n${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, `${what}: one line:\n${result.stderr}`);
  assert.match(lines[0] ?? '', reason, what);
  assert.not.match(result.stderr, /unexpected error/, what);
  for (const text of [result.stdout, result.stderr]) {
    assert.not.ok(text.includes(user) || text.includes(password), `${what}: neither the user nor the password is printed:\n${text}`);
  }
}

test('--server with user:pass@, a query and a fragment exits 1 before any request, printing neither the user nor the password, and login saves nothing', async () => {
  await withDemoAndHome(async (demo, home) => {
    const port = new URL(demo.url).port;
    const before = await requestCount(demo);
    const hostile = `http://${user}:${password}@127.0.0.1:${port}/?x#y`;
    const login = await runMain(['--server', hostile, '--token', demo.token, 'login'], { env: cleanEnvironment(home) });
    assertRefused(login, 'login --server', /--server: the server address holds a user name or password \(user:pass@\); Plex signs in with a token/);
    const libraries = await runMain(['--server', hostile, '--token', demo.token, 'libraries'], { env: cleanEnvironment(home) });
    assertRefused(libraries, 'libraries --server', /--server: the server address holds a user name or password/);
    assert.is(await requestCount(demo), before, 'the server was never asked anything');
    assert.not.ok(existsSync(join(home, 'config', 'config.json')), 'nothing was saved');
  });
});

test('a query, a fragment, another scheme or no address at all is refused the same way, from --server and from PLEXTERM_SERVER', async () => {
  await withDemoAndHome(async (demo, home) => {
    const cases: Array<[string, RegExp]> = [
      [`${demo.url}/?${password}=1`, /has a query/],
      [`${demo.url}/?`, /has a query/],
      [`${demo.url}/#${password}`, /has a fragment/],
      [`ftp://127.0.0.1:${new URL(demo.url).port}`, /is a ftp address; plexterm talks to Plex over http:\/\/ or https:\/\/ only/],
      [`127.0.0.1:${new URL(demo.url).port}`, /(is not an address|is a 127\.0\.0\.1 address)/],
      ['http://', /is not an address; give it as http:\/\/host:port/],
    ];
    const before = await requestCount(demo);
    for (const [address, reason] of cases) {
      assertRefused(await runMain(['--server', address, '--token', demo.token, 'libraries'], { env: cleanEnvironment(home) }), `--server ${address}`, reason);
      const fromEnvironment = await runMain(['libraries'], { env: cleanEnvironment(home, { PLEXTERM_SERVER: address, PLEXTERM_TOKEN: demo.token }) });
      assertRefused(fromEnvironment, `PLEXTERM_SERVER=${address}`, new RegExp(`^plexterm: PLEXTERM_SERVER: the server address ${reason.source}`));
    }
    const login = await runMain(['login'], { env: cleanEnvironment(home, { PLEXTERM_SERVER: `http://${user}:${password}@127.0.0.1:1`, PLEXTERM_TOKEN: demo.token }) });
    assertRefused(login, 'login with PLEXTERM_SERVER', /PLEXTERM_SERVER: the server address holds a user name or password/);
    assert.is(await requestCount(demo), before, 'the server was never asked anything');
    assert.not.ok(existsSync(join(home, 'config', 'config.json')), 'nothing was saved');
  });
});

test('a config.json that already holds a bad address gets the same message naming the file, and cache ls still works', async () => {
  await withDemoAndHome(async (demo, home) => {
    const path = join(home, 'config', 'config.json');
    await mkdir(join(home, 'config'), { recursive: true });
    const text = JSON.stringify({ server: { url: `http://${user}:${password}@127.0.0.1:${new URL(demo.url).port}/?x#y` }, token: demo.token });
    await writeFile(path, text, { mode: 0o600 });
    const libraries = await runMain(['libraries'], { env: cleanEnvironment(home) });
    assertRefused(libraries, 'libraries with a bad config', new RegExp(`^plexterm: the config file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(server\\.url\\): the server address holds a user name or password`));
    const list = await runMain(['cache', 'ls'], { env: cleanEnvironment(home) });
    assert.is(list.code, 0, list.stderr);
    assert.match(list.stdout, /the cache is empty/);
    assert.is(await readFile(path, 'utf8'), text, 'the file is left as it was');
  });
});

/** A reverse proxy on 127.0.0.1 that serves the demo server under /plex, as nginx's `location /plex/ { proxy_pass ...; }` does. */
async function startBasePathProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, answer) => {
    const path = incoming.url ?? '/';
    if (!path.startsWith('/plex/')) {
      answer.writeHead(404).end('not under /plex');
      return;
    }
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, path: path.slice('/plex'.length), method: incoming.method, headers: incoming.headers }, (reply) => {
      answer.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(answer);
    });
    forwarded.on('error', () => answer.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/plex/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('a base path is kept: behind a reverse proxy under /plex, login saves it and listings and cached parts are fetched under it', async () => {
  await withDemoAndHome(async (demo, home) => {
    const proxy = await startBasePathProxy(demo.url);
    try {
      const login = await runCli(['login', '--server', proxy.url, '--token-stdin'], { env: cleanEnvironment(home), input: `${demo.token}\n` });
      assert.is(login.code, 0, login.stderr);
      const saved = JSON.parse(await readFile(join(home, 'config', 'config.json'), 'utf8')) as { server: { url: string } };
      assert.is(saved.server.url, proxy.url.replace(/\/$/, ''));
      const libraries = await runMain(['libraries'], { env: cleanEnvironment(home) });
      assert.is(libraries.code, 0, libraries.stderr);
      assert.match(libraries.stdout, /World Cinema/);
      const pinned = await runMain(['cache', 'pin', '103'], { env: cleanEnvironment(home) });
      assert.is(pinned.code, 0, pinned.stderr);
      assert.match(pinned.stdout, /pinned: Nosferatu/);
    } finally {
      await proxy.close();
    }
  });
});

test('login --token-stdin reads the token from a pipe, PLEXTERM_TOKEN works too, and the token is never in argv or output', async () => {
  await withDemoAndHome(async (demo, home) => {
    const path = join(home, 'config', 'config.json');
    const piped = await runCli(['login', '--server', demo.url, '--token-stdin'], { env: cleanEnvironment(home), input: `${demo.token}\nleft unread\n` });
    assert.is(piped.code, 0, piped.stderr);
    assert.not.ok(`${piped.stdout}${piped.stderr}`.includes(demo.token));
    assert.is((JSON.parse(await readFile(path, 'utf8')) as { token: string }).token, demo.token);
    await writeFile(path, '{}');
    const environment = await runCli(['login', '--server', demo.url], { env: cleanEnvironment(home, { PLEXTERM_TOKEN: demo.token }) });
    assert.is(environment.code, 0, environment.stderr);
    assert.is((JSON.parse(await readFile(path, 'utf8')) as { token: string }).token, demo.token);
    await writeFile(path, '{}');
    const empty = await runCli(['login', '--server', demo.url, '--token-stdin'], { env: cleanEnvironment(home), input: '' });
    assert.is(empty.code, 1);
    assert.match(empty.stderr, /^plexterm: --token-stdin read no token/);
    const noToken = await runCli(['login', '--server', demo.url], { env: cleanEnvironment(home) });
    assert.is(noToken.code, 1);
    assert.match(noToken.stderr, /--token-stdin/);
    const noServer = await runCli(['login'], { env: cleanEnvironment(home, { PLEXTERM_TOKEN: demo.token }) });
    assert.is(noServer.code, 1);
    assert.match(noServer.stderr, /PLEXTERM_TOKEN is set: give the server/);
    assert.is(await readFile(path, 'utf8'), '{}', 'nothing saved by the refused ones');
    const help = await runCli(['login', '--help'], { env: cleanEnvironment(home) });
    assert.match(help.stdout, /--token-stdin/);
    assert.match(help.stdout, /shows in ps/);
  });
});

test.run();
