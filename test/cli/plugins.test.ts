// `plexterm plugins` end to end: bundled plugins, a --plugins-dir with valid and invalid ones, the table, safe mode.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../src/base/packageRoot.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

interface Listed {
  id: string;
  version: string | null;
  state: string;
  contributes: { commands?: { command: string }[]; players?: { id: string }[] };
  error: string | null;
}

let home: TempFolder;
let pluginsDir: string;

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-plugins-');
  pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, { name: 'greeter', code: 'export function activate(context) { context.api.commands.register("greeter.hello", () => "hi"); }', manifest: commands('greeter.hello') });
  await writePlugin(pluginsDir, { name: 'no-main', manifest: { main: 'missing.mjs' } });
  await writePlugin(pluginsDir, { name: 'too-new', code: 'export function activate() {}', manifest: { engines: { plexterm: '^99.0.0' } } });
  await writePlugin(pluginsDir, { name: 'no-version', code: 'export function activate() {}', manifest: { version: undefined } });
  // The person's own plugins folder is searched too.
  await writePlugin(join(home.path, 'config', 'plugins'), { name: 'mine', code: 'export function activate() {}', manifest: commands('mine.go') });
});

test.after(async () => {
  await home.remove();
});

async function bundledIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const name of await readdir(assetPath('plugins'))) {
    const manifest = join(assetPath('plugins'), name, 'package.json');
    if (await stat(manifest).then(() => true, () => false)) ids.push(name);
  }
  return ids;
}

test('plugins --json lists the bundled plugins, the config folder and every --plugins-dir, invalid ones with their error', async () => {
  const result = await runMain(['--plugins-dir', pluginsDir, 'plugins', '--json'], { env: cleanEnvironment(home.path) });
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr, '');
  const listed = JSON.parse(result.stdout) as Listed[];
  const byId = new Map(listed.map((plugin) => [plugin.id, plugin]));
  for (const id of await bundledIds()) assert.ok(byId.has(id), `bundled plugin ${id} is listed`);
  assert.equal(byId.get('mpv')?.contributes.players?.map((player) => player.id), ['mpv']);
  for (const plugin of listed) assert.equal(Object.keys(plugin).sort(), ['contributes', 'error', 'id', 'state', 'version']);

  assert.equal(byId.get('greeter'), { id: 'greeter', version: '1.0.0', state: 'inactive', contributes: { commands: [{ command: 'greeter.hello', title: 'greeter.hello' }] }, error: null });
  assert.is(byId.get('mine')?.state, 'untrusted', 'a plugin of the config folder waits for the person\'s trust');
  for (const [id, pattern] of [
    ['no-main', /missing\.mjs/],
    ['too-new', /\^99\.0\.0/],
    ['no-version', /version/],
  ] as const) {
    const plugin = byId.get(id);
    assert.is(plugin?.state, 'invalid', id);
    assert.match(plugin?.error ?? '', pattern);
  }
});

test('plugins without --json prints an aligned table with the errors', async () => {
  const result = await runMain(['--plugins-dir', pluginsDir, 'plugins'], { env: cleanEnvironment(home.path) });
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^ID\s+VERSION\s+STATE\s+CONTRIBUTES\s+ERROR$/);
  const stateColumn = (lines[0] ?? '').indexOf('STATE');
  const greeter = lines.find((line) => line.startsWith('greeter '));
  assert.match(greeter ?? '', /^greeter\s+1\.0\.0\s+inactive\s+commands: 1$/);
  assert.is(greeter?.indexOf('inactive'), stateColumn);
  assert.match(lines.find((line) => line.startsWith('no-main ')) ?? '', /invalid\s+.*missing\.mjs/);
});

test('plugins says plainly which players play a whole queue in one process and which start one per item', async () => {
  // A home without the untrusted plugin, whose long error would narrow the CONTRIBUTES column.
  const own = await makeTempFolder('plexterm-cli-plugins-processes-');
  const result = await runMain(['plugins'], { env: { ...cleanEnvironment(own.path), COLUMNS: '200' } }).finally(() => own.remove());
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.match(lines.find((line) => line.startsWith('mpv ')) ?? result.stdout, /players: mpv \(one process per queue\)/);
  assert.match(lines.find((line) => line.startsWith('vlc ')) ?? result.stdout, /players: vlc \(one process per item\)/);
});

test('--no-plugins and PLEXTERM_NO_PLUGINS=1 list nothing and say safe mode', async () => {
  for (const [args, extra] of [
    [['--no-plugins', '--plugins-dir', pluginsDir, 'plugins', '--json'], {}],
    [['--plugins-dir', pluginsDir, 'plugins', '--json'], { PLEXTERM_NO_PLUGINS: '1' }],
  ] as const) {
    const result = await runMain([...args], { env: cleanEnvironment(home.path, extra) });
    assert.is(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), []);
    assert.match(result.stderr, /safe mode/);
  }
  const table = await runMain(['--no-plugins', 'plugins'], { env: cleanEnvironment(home.path) });
  assert.is(table.stdout, '');
  assert.match(table.stderr, /plugins are off \(safe mode/);
});

test.run();
