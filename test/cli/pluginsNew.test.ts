// `plexterm plugins new`: the plugin it writes runs at once with --plugins-dir; it never writes over a folder, and refuses bad names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { pluginApiVersion } from '../../src/api/version.js';

let home: TempFolder;
let environment: NodeJS.ProcessEnv;

test.before(async () => {
  home = await makeTempFolder('plexterm-plugins-new-');
  environment = cleanEnvironment(join(home.path, 'plexterm-home'));
});

test.after(async () => {
  await home.remove();
});

test('writes the plugin, lists what it wrote and what to do next; its command runs with --plugins-dir', async () => {
  const pluginsDir = join(home.path, 'my plugins');
  const written = await runMain(['plugins', 'new', 'hello', '--dir', pluginsDir], { env: environment });
  assert.is(written.code, 0, written.stderr);
  assert.is(written.stderr, '');
  const folder = join(pluginsDir, 'hello');
  assert.match(written.stdout, `wrote the plugin hello in ${folder}:`);
  for (const path of ['package.json', 'main.js', 'commands.d.ts', 'tsconfig.json', 'test/hello.test.js']) {
    assert.match(written.stdout, `\n  ${path}\n`);
    assert.ok(existsSync(join(folder, path)), `${path} was not written`);
  }
  assert.match(written.stdout, `plexterm --plugins-dir '${pluginsDir}' --demo run hello.greet`);
  assert.equal(readdirSync(pluginsDir), ['hello'], 'no draft folder is left beside it');

  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { engines: { plexterm: string }; contributes: { commands: { command: string }[] } };
  assert.is(manifest.engines.plexterm, `^${pluginApiVersion}`, 'the scaffold asks for the plugin API of this plexterm');
  assert.equal(manifest.contributes.commands.map((command) => command.command), ['hello.greet']);
  assert.match(readFileSync(join(folder, 'main.js'), 'utf8'), /@import \{ PluginContext \} from 'plexterm\/api'/);

  const ran = await runMain(['--plugins-dir', pluginsDir, '--demo', 'run', 'hello.greet'], { env: environment });
  assert.is(ran.code, 0, ran.stderr);
  assert.is(ran.stdout, 'Hello! The server has 5 libraries.\n');
});

test('an existing folder is refused in one line, exit 1, and left as it was', async () => {
  const pluginsDir = join(home.path, 'taken');
  await mkdir(join(pluginsDir, 'hello'), { recursive: true });
  await writeFile(join(pluginsDir, 'hello', 'notes.txt'), 'mine');
  const result = await runMain(['plugins', 'new', 'hello', '--dir', pluginsDir], { env: environment });
  assert.is(result.code, 1);
  assert.is(result.stdout, '');
  assert.is(result.stderr, `plexterm: ${join(pluginsDir, 'hello')} already exists: nothing was written (choose another name or --dir)\n`);
  assert.equal(readdirSync(join(pluginsDir, 'hello')), ['notes.txt']);
  assert.equal(readdirSync(pluginsDir), ['hello']);
});

test('a name that is no plugin id, or a bundled plugin\'s, is refused in one line, exit 1, writing nothing', async () => {
  const pluginsDir = join(home.path, 'names');
  for (const [name, message] of [
    ['Hello', /^plexterm: "Hello" is not a plugin name: use lowercase letters/],
    ['../escape', /^plexterm: "\.\.\/escape" is not a plugin name/],
    ['offline', /^plexterm: "offline" is a bundled plugin's id, which no other plugin may take: choose another name\n$/],
  ] as const) {
    const result = await runMain(['plugins', 'new', name, '--dir', pluginsDir], { env: environment });
    assert.is(result.code, 1, name);
    assert.match(result.stderr, message);
    assert.is(result.stderr.trimEnd().split('\n').length, 1, `one line for ${name}`);
  }
  assert.not.ok(existsSync(pluginsDir), 'nothing was written');
});

test.run();
