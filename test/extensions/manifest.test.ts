// Plugin manifests and discovery: schema checks before any code runs, engine ranges, entry files, duplicates, safe mode.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverPlugins } from '../../src/extensions/discovery.js';
import { pluginApiVersion, readPlugin } from '../../src/extensions/manifest.js';
import { ExtensionService } from '../../src/extensions/extensionService.js';
import { manifestSchema } from '../../src/extensions/manifestSchema.js';
import { commands, startWithPlugins, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

async function errorOf(plugin: Parameters<typeof writePlugin>[1]): Promise<string> {
  const folder = await makeTempFolder();
  try {
    const described = await readPlugin(await writePlugin(folder.path, plugin));
    assert.is(described.valid, false, 'invalid');
    const error = described.valid ? '' : described.error;
    assert.not.match(error, /\n/, 'one line');
    return error;
  } finally {
    await folder.remove();
  }
}

test('the plugin API version is 1.5.0 (1.1: a player provider may prepare its player ahead of the URL; 1.2: a player session may seek and show text; 1.3: playback.queue$, next, previous; 1.4: a session may keep its process for the next queue item, and a player starts with and switches audio and subtitle tracks; 1.5: a prepared player may report the person quitting it while idle; playback.enqueue, playNext, removeFromQueue, moveInQueue)', () => {
  assert.is(pluginApiVersion, '1.5.0');
});

test('a complete manifest is valid, with its contributions read without running code', async () => {
  const folder = await makeTempFolder();
  try {
    const path = await writePlugin(folder.path, {
      name: 'complete',
      code: 'throw new Error("never imported by the manifest reader")',
      manifest: {
        displayName: 'Complete',
        activationEvents: ['onStartupFinished'],
        contributes: {
          commands: [{ command: 'complete.run', title: 'Run', category: 'Fixture' }],
          keybindings: [{ command: 'complete.run', key: 'ctrl+r', when: 'browsing' }],
          players: [{ id: 'complete-player', title: 'Complete', mediaTypes: ['video', 'audio'] }],
          themes: [{ id: 'dark', label: 'Dark', path: 'themes/dark.json' }],
          configuration: { properties: { volume: { type: 'number', default: 50 } } },
        },
      },
    });
    const described = await readPlugin(path);
    assert.ok(described.valid);
    if (described.valid) {
      assert.is(described.id, 'complete');
      assert.is(described.mainPath, join(path, 'main.mjs'));
      assert.equal(described.manifest.contributes?.players?.[0]?.mediaTypes, ['video', 'audio']);
    }
  } finally {
    await folder.remove();
  }
});

test('missing required fields are named', async () => {
  assert.match(await errorOf({ name: 'nameless', code: '', manifest: { name: undefined } }), /name is required/);
  assert.match(await errorOf({ name: 'versionless', code: '', manifest: { version: undefined } }), /\[plugin: versionless\].*version is required/);
  assert.match(await errorOf({ name: 'engineless', code: '', manifest: { engines: {} } }), /engines\.plexterm is required/);
  assert.match(await errorOf({ name: 'mainless', manifest: commands('mainless.run') }), /main is required/);
  assert.match(await errorOf({ name: 'Upper', code: '' }), /name must be a lowercase plugin id/);
});

test('a wrong engine range is not loaded, with a clear message', async () => {
  const error = await errorOf({ name: 'future', code: '', manifest: { engines: { plexterm: '^2.0.0' } } });
  // The message names this plexterm's API version, whichever it is (the version has its own test above).
  assert.ok(error.includes(`engines.plexterm "^2.0.0" does not accept the plugin API ${pluginApiVersion}`), error);
  assert.match(await errorOf({ name: 'nonsense', code: '', manifest: { engines: { plexterm: 'soon' } } }), /is not a semver range/);
});

test('the entry must exist and be an ES module', async () => {
  assert.match(await errorOf({ name: 'ghost', manifest: { main: 'missing.mjs' } }), /main "missing\.mjs" does not exist/);
  assert.match(await errorOf({ name: 'common', manifest: { main: 'index.js' }, files: { 'index.js': '' } }), /add "type": "module"/);
  assert.match(await errorOf({ name: 'cjs', manifest: { main: 'index.cjs' }, files: { 'index.cjs': '' } }), /must be an ES module/);
  assert.match(await errorOf({ name: 'escape', manifest: { main: '../elsewhere.mjs' } }), /outside the plugin folder/);
});

test('contributions are checked: media types, command fields, configuration schemas', async () => {
  const players = { contributes: { players: [{ id: 'p', title: 'P', mediaTypes: ['video', 'hologram'] }] } };
  assert.match(await errorOf({ name: 'badplayer', code: '', manifest: players }), /contributes\.players\[0\]\.mediaTypes\[1\] must be one of video, audio, photo/);
  assert.match(await errorOf({ name: 'badcommand', code: '', manifest: { contributes: { commands: [{ title: 'x' }] } } }), /contributes\.commands\[0\]\.command is required/);
  const configuration = { contributes: { configuration: { properties: { volume: { type: 'loud' } } } } };
  assert.match(await errorOf({ name: 'badconfig', code: '', manifest: configuration }), /not a valid JSON schema/);
  assert.match(await errorOf({ name: 'broken', files: { 'package.json': '{ "name": ' } }), /package\.json is not valid JSON/);
});

test('a data-only plugin (themes) needs no main; a .js main with "type": "module" is fine', async () => {
  const folder = await makeTempFolder();
  try {
    const themes = await readPlugin(await writePlugin(folder.path, { name: 'themes-only', manifest: { contributes: { themes: [{ id: 'a', label: 'A', path: 'a.json' }] } } }));
    assert.ok(themes.valid && themes.mainPath === null);
    const js = await readPlugin(await writePlugin(folder.path, { name: 'js', manifest: { main: 'index.js', type: 'module' }, files: { 'index.js': '' } }));
    assert.ok(js.valid);
  } finally {
    await folder.remove();
  }
});

test('discovery: roots in order, the first of an id wins, dependencies must be installed and valid', async () => {
  const folder = await makeTempFolder();
  try {
    const first = join(folder.path, 'first');
    const second = join(folder.path, 'second');
    await writePlugin(first, { name: 'twin', code: '' });
    await writePlugin(second, { name: 'twin', code: '', folder: 'twin-again' });
    await writePlugin(second, { name: 'needy', code: '', manifest: { extensionDependencies: ['absent'] } });
    await writePlugin(second, { name: 'chain', code: '', manifest: { extensionDependencies: ['needy'] } });
    await writePlugin(second, { name: 'round', code: '', manifest: { extensionDependencies: ['trip'] } });
    await writePlugin(second, { name: 'trip', code: '', manifest: { extensionDependencies: ['round'] } });
    const found = await discoverPlugins([first, join(folder.path, 'does-not-exist'), second]);
    const twins = found.filter((plugin) => plugin.id === 'twin');
    assert.is(twins.length, 2);
    assert.ok(twins[0]?.valid && twins[0].folder === join(first, 'twin'));
    assert.match(twins[1]?.valid === false ? twins[1].error : '', /another plugin with this id was found first/);
    const needy = found.find((plugin) => plugin.id === 'needy');
    assert.match(needy?.valid === false ? needy.error : '', /depends on "absent", which is not installed/);
    const chain = found.find((plugin) => plugin.id === 'chain');
    assert.match(chain?.valid === false ? chain.error : '', /\[plugin: chain\] depends on "needy", which cannot activate/);
    const round = found.find((plugin) => plugin.id === 'round');
    assert.match(round?.valid === false ? round.error : '', /circular dependency: round → trip → round/);
  } finally {
    await folder.remove();
  }
});

test('an invalid plugin is listed with its error and never runs', async () => {
  const markerFolder = await makeTempFolder();
  const marker = join(markerFolder.path, 'ran');
  const code = `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export function activate() {}`;
  const harness = await startWithPlugins([
    { name: 'future', code, manifest: { engines: { plexterm: '>=2' }, activationEvents: ['*'] } },
    { name: 'fine', code: 'export function activate() {}', manifest: { activationEvents: ['onStartupFinished'] } },
  ]);
  try {
    await harness.service.fireStartupFinished();
    await harness.service.activate('*');
    const listed = harness.service.plugins();
    assert.equal(listed.map((plugin) => [plugin.id, plugin.state]), [['fine', 'active'], ['future', 'invalid']]);
    assert.match(listed[1]?.error ?? '', /\[plugin: future\] engines\.plexterm/);
    assert.ok(!existsSync(marker), 'the invalid plugin never ran');
  } finally {
    await harness.close();
    await markerFolder.remove();
  }
});

test('the person\'s plugins folder is searched after the bundled one', async () => {
  const folder = await makeTempFolder();
  try {
    await writePlugin(join(folder.path, 'bundled'), { name: 'shared', code: '', manifest: { version: '1.0.0' } });
    await writePlugin(join(folder.path, 'config', 'plugins'), { name: 'shared', code: '', manifest: { version: '2.0.0' } });
    await writePlugin(join(folder.path, 'config', 'plugins'), { name: 'mine', code: '' });
    const service = await ExtensionService.start({ bundledPluginsDir: join(folder.path, 'bundled'), paths: { config: join(folder.path, 'config'), data: join(folder.path, 'data') } });
    try {
      const listed = service.plugins().map((plugin) => `${plugin.id}@${plugin.version}:${plugin.state}`);
      // A plugin of the person's folder waits for their trust; one taking a bundled id is refused.
      assert.equal(listed, ['shared@1.0.0:inactive', 'mine@1.0.0:untrusted', 'shared@2.0.0:invalid']);
      assert.match(service.plugins()[2]?.error ?? '', /takes the id "shared" of a bundled plugin/);
    } finally {
      await service.dispose();
    }
  } finally {
    await folder.remove();
  }
});

test('safe mode (noPlugins, or PLEXTERM_NO_PLUGINS=1) loads nothing and says why', async () => {
  const harness = await startWithPlugins([{ name: 'hello', code: 'export function activate() {}', manifest: commands('hello.run') }], { noPlugins: true });
  try {
    assert.equal(harness.service.plugins(), []);
    assert.match(harness.service.offReason ?? '', /safe mode/);
    await harness.service.executeCommand('hello.run').then(
      () => assert.unreachable('no command runs in safe mode'),
      (error: Error) => assert.match(error.message, /plugins are off/),
    );
  } finally {
    await harness.close();
  }
  process.env.PLEXTERM_NO_PLUGINS = '1';
  try {
    const service = await ExtensionService.start({ bundledPluginsDir: null });
    assert.ok(service.offReason);
    await service.dispose();
  } finally {
    delete process.env.PLEXTERM_NO_PLUGINS;
  }
});

test('the manifest schema is a valid JSON Schema (plexterm compiles it without that check, so it is made here)', () => {
  const checker = new Ajv({ strict: false });
  assert.ok(checker.validateSchema(manifestSchema), checker.errorsText(checker.errors));
});

test.run();
