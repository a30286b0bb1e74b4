// The CLI as a whole: help, version, usage errors, configuration, sign-in, --demo and demo-server. Most run the
// CLI's main() in this process; the PIN sign-in (it asks on a terminal) and SIGTERM spawn the real process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot, packageVersion } from '../../src/base/packageRoot.js';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

async function inTempHome<T>(body: (home: string) => Promise<T>): Promise<T> {
  const folder = await makeTempFolder();
  try {
    return await body(folder.path);
  } finally {
    await folder.remove();
  }
}

test('--version prints the version', async () => {
  await inTempHome(async (home) => {
    const result = await runMain(['--version'], { env: cleanEnvironment(home) });
    assert.is(result.code, 0);
    assert.is(result.stdout.trim(), packageVersion());
  });
});

test('--help works on every command', async () => {
  await inTempHome(async (home) => {
    const top = await runMain(['--help'], { env: cleanEnvironment(home) });
    assert.is(top.code, 0);
    const commands = ['libraries', 'ls', 'search', 'info', 'watched', 'unwatched', 'servers', 'login', 'demo-server'];
    for (const command of commands) assert.match(top.stdout, new RegExp(`\\n\\s+${command}\\b`), command);
    for (const command of commands) {
      const result = await runMain([command, '--help'], { env: cleanEnvironment(home) });
      assert.is(result.code, 0, command);
      assert.match(result.stdout, `Usage: plexterm ${command}`);
      assert.match(result.stdout, 'Example');
    }
  });
});

test('usage errors exit with 1 and one line', async () => {
  await inTempHome(async (home) => {
    for (const args of [['nonsense'], ['ls'], ['ls', '1', '--size', '-3'], ['--timeout', 'soon', 'libraries'], ['libraries', '--bogus']]) {
      const result = await runMain(args, { env: cleanEnvironment(home) });
      assert.is(result.code, 1, args.join(' '));
      assert.match(result.stderr, /^plexterm: /, args.join(' '));
    }
  });
});

test('nothing configured is a usage error that says what to do', async () => {
  await inTempHome(async (home) => {
    const result = await runMain(['libraries'], { env: cleanEnvironment(home) });
    assert.is(result.code, 1);
    assert.match(result.stderr, /plexterm login/);
  });
});

test('a config file that is not JSON is moved aside, reported in one line, and kept', async () => {
  await inTempHome(async (home) => {
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), 'server = "http://nas:32400"');
    const result = await runMain(['libraries'], { env: cleanEnvironment(home) });
    assert.is(result.code, 1);
    assert.match(result.stderr, /config\.json is not valid JSON; it was moved to .*corrupt-/);
    const names = await readdir(join(home, 'config'));
    const aside = names.find((name) => name.startsWith('config.json.corrupt-'));
    assert.ok(aside);
    assert.is(await readFile(join(home, 'config', aside ?? ''), 'utf8'), 'server = "http://nas:32400"');
  });
});

test('--demo works without any sign-in and exits when done', async () => {
  await inTempHome(async (home) => {
    const result = await runMain(['--demo', 'libraries', '--json'], { env: cleanEnvironment(home) });
    assert.is(result.code, 0, result.stderr);
    const titles = (JSON.parse(result.stdout) as Array<{ title: string }>).map((section) => section.title);
    assert.equal(titles.slice(0, 5), ['Movies', 'TV Shows', 'Music', 'Cache Lab', 'World Cinema']);
    const overview = await runMain(['--demo'], { env: cleanEnvironment(home) });
    assert.is(overview.code, 0, overview.stderr);
    assert.match(overview.stdout, /Movies/);
  });
});

test('login --server --token saves the server and token privately; later runs use them', async () => {
  const demo = await startDemoServer();
  try {
    await inTempHome(async (home) => {
      const login = await runMain(['login', '--server', demo.url, '--token', demo.token], { env: cleanEnvironment(home) });
      assert.is(login.code, 0, login.stderr);
      assert.not.ok(login.stdout.includes(demo.token));
      const path = join(home, 'config', 'config.json');
      assert.is((await stat(path)).mode & 0o777, 0o600);
      const saved = JSON.parse(await readFile(path, 'utf8')) as { server: { url: string; machineIdentifier: string }; token: string };
      assert.is(saved.server.url, demo.url);
      assert.is(saved.server.machineIdentifier, demo.machineIdentifier);
      assert.is(saved.token, demo.token);
      const libraries = await runMain(['libraries', '--json'], { env: cleanEnvironment(home) });
      assert.is(libraries.code, 0, libraries.stderr);
    });
  } finally {
    await demo.close();
  }
});

test('a token given by flag or environment is never stored', async () => {
  const demo = await startDemoServer();
  try {
    await inTempHome(async (home) => {
      await runMain(['--server', demo.url, '--token', demo.token, 'libraries'], { env: cleanEnvironment(home) });
      await runMain(['libraries'], { env: cleanEnvironment(home, { PLEXTERM_SERVER: demo.url, PLEXTERM_TOKEN: demo.token }) });
      const config = await readFile(join(home, 'config', 'config.json'), 'utf8');
      assert.not.ok(config.includes(demo.token));
    });
  } finally {
    await demo.close();
  }
});

test('login runs the PIN flow, races the connections and saves the preferred one', async () => {
  const demo = await startDemoServer({ pinApproveAfterMs: 300, connections: { local: 'dead', remote: 'live', relay: 'live' } });
  try {
    await inTempHome(async (home) => {
      const result = await runCli(['--plex-tv', demo.plexTv, 'login'], { env: cleanEnvironment(home) });
      assert.is(result.code, 0, result.stderr);
      assert.match(result.stderr, /https:\/\/app\.plex\.tv\/auth#\?clientID=[^&]+&code=/);
      assert.match(result.stdout, /remote connection/);
      const saved = JSON.parse(await readFile(join(home, 'config', 'config.json'), 'utf8')) as { server: { url: string }; token: string; clientIdentifier: string };
      assert.is(saved.server.url, demo.connections.remote);
      assert.is(saved.token, demo.token);
      assert.match(result.stderr, saved.clientIdentifier);
      const servers = await runMain(['--plex-tv', demo.plexTv, 'servers', '--json'], { env: cleanEnvironment(home) });
      assert.is(servers.code, 0, servers.stderr);
      assert.not.ok(servers.stdout.includes(demo.token), 'servers --json leaves out access tokens');
      const listed = JSON.parse(servers.stdout) as Array<{ clientIdentifier: string; connections: unknown[] }>;
      assert.is(listed[0]?.clientIdentifier, demo.machineIdentifier);
      assert.is(listed[0]?.connections.length, 3);
    });
  } finally {
    await demo.close();
  }
});

test('an expired PIN ends the sign-in with a clear message', async () => {
  const demo = await startDemoServer({ pinApproveAfterMs: 60_000, pinLifetimeMs: 300 });
  try {
    await inTempHome(async (home) => {
      const result = await runCli(['--plex-tv', demo.plexTv, 'login'], { env: cleanEnvironment(home) });
      assert.is.not(result.code, 0);
      assert.match(result.stderr, /expired/i);
    });
  } finally {
    await demo.close();
  }
});

async function withServer(handler: Parameters<typeof createServer>[1], body: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('an HTML page where JSON was expected is a one-line error, exit code 2', async () => {
  await withServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Router login</body></html>');
  }, async (url) => {
    await inTempHome(async (home) => {
      const result = await runMain(['--server', url, '--token', 'some-token-1', 'libraries'], { env: cleanEnvironment(home) });
      assert.is(result.code, 2);
      assert.match(result.stderr, /HTML/);
      assert.is(result.stderr.trim().split('\n').length, 1);
    });
  });
});

test('a server that never answers times out with a message naming it, exit code 2', async () => {
  await withServer(() => {
    // Never answers.
  }, async (url) => {
    await inTempHome(async (home) => {
      const result = await runMain(['--timeout', '0.3', '--server', url, '--token', 'some-token-2', 'libraries'], { env: cleanEnvironment(home) });
      assert.is(result.code, 2);
      assert.match(result.stderr, /did not answer|timed out/);
      assert.match(result.stderr, new URL(url).host);
    });
  });
});

test('demo-server prints its URL and token as JSON and stops on SIGTERM', async () => {
  await inTempHome(async (home) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src', 'main', 'entry.ts'), 'demo-server', '--quirk', 'flaky=0.1', '--inspect'], {
      env: cleanEnvironment(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      lines.close();
      const started = JSON.parse(line) as { url: string; token: string; plexTv: string };
      assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(started.plexTv, /^http:\/\/127\.0\.0\.1:\d+$/);
      const identity = await fetch(`${started.url}/identity`, { headers: { Accept: 'application/json' } });
      assert.is(identity.status, 200);
      await identity.text();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.is(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

test('demo-server refuses an unknown quirk as a usage error', async () => {
  await inTempHome(async (home) => {
    const result = await runMain(['demo-server', '--quirk', 'explode'], { env: cleanEnvironment(home) });
    assert.is(result.code, 1);
    assert.match(result.stderr, /explode/);
  });
});

test.run();
