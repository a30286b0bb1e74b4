// A Plex server reached through https (as plex.direct addresses are): the demo server behind an https front with a
// self-signed certificate, trusted through NODE_EXTRA_CA_CERTS. Listings (the Plex client) and downloads (the cache's
// upstream) go through it, from the sources and from the bundle that `plexterm` runs; an untrusted certificate is
// one clear line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { labItem, type LabItem } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { frontCertificate, startHttpsFront, type HttpsFront } from '../helpers/httpsFront.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

let demo: DemoServer;
let front: HttpsFront;
let seven: LabItem;
let home: TempFolder;

test.before(async () => {
  demo = await startDemoServer();
  front = await startHttpsFront(demo.url);
  seven = await labItem(demo, 7_340_033);
});

test.before.each(async () => {
  home = await makeTempFolder();
});

test.after.each(async () => {
  await home.remove();
});

test.after(async () => {
  await front.close();
  await demo.close();
});

function trusting(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnvironment(home.path, { NODE_EXTRA_CA_CERTS: frontCertificate, ...extra });
}

const serverArgs = () => ['--server', front.url, '--token', demo.token];

/** The bundle (dist/bundle, built by npm install), through node as `npm start` runs it, or as the installed `plexterm` command runs it: through its shebang. */
function runBundle(args: string[], env: NodeJS.ProcessEnv, throughShebang = false): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const bin = join(packageRoot(), 'bin', 'plexterm.js');
    const child = throughShebang ? spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeLimit(60_000));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

for (const [how, run] of [
  ['from the sources', (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { env, timeoutMs: 60_000 })],
  ['from the bundle', (args: string[], env: NodeJS.ProcessEnv) => runBundle(args, env)],
  // The shebang hands NODE_EXTRA_CA_CERTS to plexterm, which reads it at its first TLS connection (extraCaCertificates.ts).
  ['through the shebang', (args: string[], env: NodeJS.ProcessEnv) => runBundle(args, env, true)],
] as const) {
  test(`${how}: libraries and a pinned download go through https`, async () => {
    const before = front.requests.length;
    const libraries = await run([...serverArgs(), 'libraries', '--json'], trusting());
    assert.is(libraries.code, 0, libraries.stderr);
    assert.ok((JSON.parse(libraries.stdout) as Array<{ title: string }>).some((library) => library.title === 'Movies'), libraries.stdout);
    const pin = await run([...serverArgs(), 'cache', 'pin', seven.ratingKey, '--json'], trusting());
    assert.is(pin.code, 0, pin.stderr);
    const listed = await run([...serverArgs(), 'cache', 'ls', '--json'], trusting());
    assert.is(listed.code, 0, listed.stderr);
    const entries = JSON.parse(listed.stdout) as Array<{ totalSize: number | null; complete: boolean }>;
    assert.ok(entries.some((entry) => entry.totalSize === seven.size && entry.complete), listed.stdout);
    const through = front.requests.slice(before);
    assert.ok(through.includes('GET /library/sections'), through.join('\n'));
    assert.ok(through.some((line) => line.startsWith(`GET ${seven.partKey.split('?')[0] ?? ''}`)), `the part came through the https front:\n${through.join('\n')}`);
  });

  test(`${how}: a certificate nobody trusts is one clear line, exit 2`, async () => {
    const environment = cleanEnvironment(home.path);
    delete environment.NODE_EXTRA_CA_CERTS;
    const result = await run([...serverArgs(), 'libraries', '--json'], environment);
    assert.is(result.code, 2, result.stderr);
    assert.is(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.is(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /^plexterm: the certificate of 127\.0\.0\.1:\d+ is not trusted: .*NODE_EXTRA_CA_CERTS.* \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
    assert.not.match(result.stderr, /\n\s+at |unexpected error/);
  });
}

test('through the shebang, a NODE_EXTRA_CA_CERTS file that cannot be read is not read at start: the untrusted certificate is the one line', async () => {
  // Node reads the variable's file at start (Node 20 at once, later ones at the first TLS connection) and warns on a
  // second line when it cannot load it; plexterm's shebang takes the variable out of Node's hands.
  const result = await runBundle([...serverArgs(), 'libraries', '--json'], trusting({ NODE_EXTRA_CA_CERTS: join(home.path, 'no-such-bundle.pem') }), true);
  assert.is(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /^plexterm: the certificate of 127\.0\.0\.1:\d+ is not trusted: /);
});

test('an https address for a server that speaks http is one clear line, exit 2', async () => {
  const result = await runCli(['--server', demo.url.replace(/^http:/, 'https:'), '--token', demo.token, 'libraries', '--json'], { env: trusting(), timeoutMs: 60_000 });
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr.trim(), /^plexterm: the https handshake with 127\.0\.0\.1:\d+ failed \(\w+\): a server that speaks http needs an http:\/\/ address$/);
});

test.run();
