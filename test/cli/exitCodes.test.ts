// Exit codes of the CLI (its main() in this process; the real process where a preloaded bug must crash it): settings and arguments the person can fix exit 1 with one line; only a real bug says "unexpected error", with the path of a 0600 log that holds its stack.
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

async function inTempHome(body: (home: string) => Promise<void>): Promise<void> {
  const folder = await makeTempFolder('plexterm-exit-');
  try {
    await body(folder.path);
  } finally {
    await folder.remove();
  }
}

/** A port another program holds for the length of `body`. */
async function withPortInUse(body: (port: number) => Promise<void>): Promise<void> {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    await body((holder.address() as AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
}

function assertConfigurationError(result: CliResult, what: string, message: RegExp): void {
  assert.is(result.code, 1, `${what}: exit 1\n${result.stderr}`);
  assert.is(result.stderr.trim().split('\n').length, 1, `${what}: one line:\n${result.stderr}`);
  assert.match(result.stderr, message, what);
  assert.not.match(result.stderr, /unexpected error/, what);
}

test('demo-server --port 99999 and a port in use exit 1 with one line, not "unexpected error"', async () => {
  await inTempHome(async (home) => {
    assertConfigurationError(await runMain(['demo-server', '--port', '99999'], { env: cleanEnvironment(home) }), '--port 99999', /^plexterm: --port must be a port from 0 to 65535/);
    await withPortInUse(async (port) => {
      const result = await runMain(['demo-server', '--port', String(port)], { env: cleanEnvironment(home) });
      assertConfigurationError(result, '--port in use', new RegExp(`^plexterm: cannot listen on 127\\.0\\.0\\.1:${port} \\(--port\\): the address is already in use by another program`));
    });
  });
});

test('a cache.proxyPort of 99999 or one in use exits 1 naming the setting', async () => {
  await inTempHome(async (home) => {
    await mkdir(join(home, 'config'), { recursive: true });
    const config = join(home, 'config', 'config.json');
    await writeFile(config, JSON.stringify({ cache: { proxyPort: 99999 } }));
    assertConfigurationError(await runMain(['--demo', 'cache', 'open', '103'], { env: cleanEnvironment(home) }), 'proxyPort 99999', /cannot listen on 127\.0\.0\.1:99999 \(cache\.proxyPort in config\.json\): that is not a port/);
    await withPortInUse(async (port) => {
      await writeFile(config, JSON.stringify({ cache: { proxyPort: port } }));
      const result = await runMain(['--demo', 'cache', 'open', '103'], { env: cleanEnvironment(home) });
      assertConfigurationError(result, 'proxyPort in use', new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(cache\\.proxyPort in config\\.json\\): the address is already in use`));
    });
  });
});

test('a config that cannot be read or is invalid exits 1 naming the file', async () => {
  await inTempHome(async (home) => {
    const config = join(home, 'config', 'config.json');
    // A folder where the file should be: unreadable even for root.
    await mkdir(config, { recursive: true });
    assertConfigurationError(await runMain(['libraries'], { env: cleanEnvironment(home) }), 'config is a folder', /^plexterm: cannot read the config file .*config\.json/);
  });
  await inTempHome(async (home) => {
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ server: 5 }));
    assertConfigurationError(await runMain(['libraries'], { env: cleanEnvironment(home) }), 'invalid config', /^plexterm: the config file .*config\.json is invalid: server must be object/);
  });
});

test('a read-only home folder is one line naming the folder, exit 1 (needs root to mount a read-only tmpfs)', async () => {
  if (process.getuid?.() !== 0) {
    console.log('  skipped: mounting a read-only tmpfs needs root');
    return;
  }
  const { spawnSync } = await import('node:child_process');
  await inTempHome(async (folder) => {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', folder], { encoding: 'utf8' });
    assert.is(mounted.status, 0, mounted.stderr);
    try {
      const result = await runMain(['--demo', 'libraries'], { env: cleanEnvironment(folder) });
      assertConfigurationError(result, 'read-only home', new RegExp(`^plexterm: cannot mkdir ${folder}/\\w+: `));
    } finally {
      spawnSync('umount', [folder]);
    }
  });
});

test('a real bug says "unexpected error" with the path of a 0600 log holding its stack, and no token', async () => {
  await inTempHome(async (home) => {
    // The bug: a preloaded module breaks one method of the real client, as a mistake in plexterm would.
    const bug = join(home, 'bug.mjs');
    const client = pathToFileURL(join(packageRoot(), 'src', 'plex', 'client.ts')).href;
    await writeFile(bug, `import { PlexClient } from ${JSON.stringify(client)};\nPlexClient.prototype.sections = async function () { return undefined.simulatedBug; };\n`);
    const token = 'secret-token-for-the-log';
    const result = await runCli(['--demo', '--token', token, 'libraries'], { env: cleanEnvironment(home, { NODE_OPTIONS: `--import=tsx --import=${pathToFileURL(bug).href}` }) });
    assert.is(result.code, 2, result.stderr);
    const line = /^plexterm: unexpected error: Cannot read properties of undefined \(reading 'simulatedBug'\) \(a bug in plexterm; its details are in (.+errors\.log)\)$/m.exec(result.stderr);
    assert.ok(line, `one line naming the log:\n${result.stderr}`);
    const log = line?.[1] ?? '';
    assert.is(log, join(home, 'log', 'errors.log'));
    assert.is((await stat(log)).mode & 0o777, 0o600);
    const text = await readFile(log, 'utf8');
    assert.match(text, /TypeError: Cannot read properties of undefined \(reading 'simulatedBug'\)\n\s+at /);
    assert.match(text, /arguments: --demo --token \*\*\* libraries/);
    assert.not.ok(text.includes(token) || result.stderr.includes(token), 'the token is in neither the log nor the message');
  });
});

test.run();
