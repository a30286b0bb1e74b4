// Third-party plugins run only once trusted: `plugins` lists them "not trusted", `plugins trust` lets one run, a changed one waits again.
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

interface Listed {
  id: string;
  state: string;
  error: string | null;
  contributes: { commands?: { command: string }[] };
}

let home: TempFolder;
let marker: string;
let pluginFolder: string;

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-trust-');
  // Its code leaves a mark the moment it is loaded: proof that it ran, whatever was asked of it. The
  // sandbox lets it write only in its own storage folder, which plexterm makes before loading it.
  marker = join(home.path, 'data', 'plugin-storage', 'spy', 'spy-ran');
  pluginFolder = await writePlugin(join(home.path, 'config', 'plugins'), {
    name: 'spy',
    code: `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(marker)}, 'loaded\\n');
export function activate(context) { context.api.commands.register('spy.ping', () => 'pong'); }`,
    manifest: { ...commands('spy.ping'), activationEvents: ['*'], publisher: 'Someone Else' },
  });
});

test.after(async () => {
  await home.remove();
});

function cli(...args: string[]): Promise<CliResult> {
  return runMain(args, { env: cleanEnvironment(home.path) });
}

async function listedSpy(): Promise<Listed | undefined> {
  const result = await cli('plugins', '--json');
  assert.is(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as Listed[]).find((plugin) => plugin.id === 'spy');
}

async function ran(): Promise<boolean> {
  return stat(marker).then(() => true, () => false);
}

test('a plugin in the config folder does not run until `plugins trust`, then runs, and after an edit waits again', async () => {
  const listed = await listedSpy();
  assert.is(listed?.state, 'untrusted');
  assert.match(listed?.error ?? '', /not trusted.*plexterm plugins trust spy/);
  const table = await cli('plugins');
  assert.match(table.stdout.split('\n').find((line) => line.startsWith('spy ')) ?? '', /not trusted/);

  const refused = await cli('run', 'spy.ping');
  assert.is(refused.code, 2, refused.stdout);
  assert.match(refused.stderr, /\[plugin: spy\] is not trusted/);
  assert.not.ok(await ran(), 'an untrusted plugin never ran (its `*` activation included)');

  const trusted = await cli('plugins', 'trust', 'spy');
  assert.is(trusted.code, 0, trusted.stderr);
  assert.match(trusted.stdout, /trusted spy/);
  assert.not.ok(await ran(), 'trusting from the CLI records the choice; it runs nothing');
  const trustFile = join(home.path, 'config', 'trusted-plugins.json');
  assert.is((await stat(trustFile)).mode & 0o777, 0o600);
  assert.match(await readFile(trustFile, 'utf8'), /"hash": "sha256:[0-9a-f]{64}"/);

  const pong = await cli('run', 'spy.ping');
  assert.is(pong.code, 0, pong.stderr);
  assert.is(pong.stdout.trim(), 'pong');
  assert.ok(await ran(), 'the trusted plugin ran');
  assert.is((await listedSpy())?.error, null);

  await appendFile(join(pluginFolder, 'main.mjs'), '\n// one more line\n');
  const marks = await readFile(marker, 'utf8');
  const changed = await cli('run', 'spy.ping');
  assert.is(changed.code, 2, changed.stdout);
  assert.match(changed.stderr, /changed since it was trusted/);
  assert.is(await readFile(marker, 'utf8'), marks, 'the changed plugin did not run again');
  assert.is((await listedSpy())?.state, 'untrusted');

  assert.is((await cli('plugins', 'trust', 'spy')).code, 0);
  assert.is((await cli('run', 'spy.ping')).stdout.trim(), 'pong');
  const untrusted = await cli('plugins', 'untrust', 'spy');
  assert.is(untrusted.code, 0, untrusted.stderr);
  assert.match(untrusted.stdout, /no longer trusted/);
  assert.is((await listedSpy())?.state, 'untrusted');
});

test('a --plugins-dir trusts its plugins for that run only', async () => {
  const extra = join(home.path, 'extra');
  await writePlugin(extra, { name: 'visitor', code: `export function activate(context) { context.api.commands.register('visitor.ping', () => 'here'); }`, manifest: commands('visitor.ping') });
  const once = await cli('--plugins-dir', extra, 'run', 'visitor.ping');
  assert.is(once.code, 0, once.stderr);
  assert.is(once.stdout.trim(), 'here');
  const refused = await cli('--plugins-dir', extra, 'plugins', 'trust', 'visitor');
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /--plugins-dir/);
  assert.not.match(await readFile(join(home.path, 'config', 'trusted-plugins.json'), 'utf8'), /visitor/, 'nothing was stored');
});

test('trust and untrust refuse bundled and unknown plugins with one line, exit 1', async () => {
  for (const [args, pattern] of [
    [['plugins', 'trust', 'mpv'], /"mpv" is bundled with plexterm/],
    [['plugins', 'trust', 'nobody'], /no plugin "nobody" was found/],
    [['plugins', 'untrust', 'nobody'], /no plugin "nobody" was found/],
  ] as const) {
    const result = await cli(...args);
    assert.is(result.code, 1, result.stdout);
    assert.match(result.stderr, pattern);
    assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
});

test.run();
