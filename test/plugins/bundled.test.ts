// Every bundled plugin: its manifest passes the host's checks, with the ids, players and commands the issue names.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import satisfies from 'semver/functions/satisfies.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../src/base/packageRoot.js';
import { pluginApiVersion } from '../../src/extensions/manifest.js';
import { startBundled } from '../helpers/pluginHarness.js';

test('the bundled plugins are all valid, inactive until needed, with their players and commands', async () => {
  const harness = await startBundled();
  try {
    const plugins = harness.service.plugins();
    assert.equal(plugins.map((plugin) => [plugin.id, plugin.state, plugin.error]), [
      ['custom-player', 'inactive', null],
      ['mpv', 'inactive', null],
      ['now-playing', 'inactive', null],
      ['offline', 'inactive', null],
      ['vlc', 'inactive', null],
    ]);
    assert.equal(harness.service.players().map((player) => [player.id, [...player.mediaTypes]]), [
      ['custom-player', ['video', 'audio', 'photo']],
      ['mpv', ['video', 'audio']],
      ['vlc', ['video', 'audio']],
    ]);
    const commandIds = plugins.flatMap((plugin) => (plugin.contributes?.commands ?? []).map((command) => command.command));
    assert.equal(commandIds, ['custom-player.list', 'offline.keepSeason', 'offline.keepShow', 'offline.progress', 'offline.release']);
  } finally {
    await harness.close();
  }
});

test('every bundled plugin\'s configuration schema is a valid JSON Schema (checked here: plexterm checks only other plugins\' at run time)', async () => {
  const checker = new Ajv({ strict: false });
  const folder = assetPath('plugins');
  let checked = 0;
  for (const name of await readdir(folder)) {
    const manifest = JSON.parse(await readFile(join(folder, name, 'package.json'), 'utf8').catch(() => 'null')) as { contributes?: { configuration?: { properties?: unknown } } } | null;
    const properties = manifest?.contributes?.configuration?.properties;
    if (properties === undefined) continue;
    checked += 1;
    assert.ok(checker.validateSchema({ type: 'object', properties }), `${name}: ${checker.errorsText(checker.errors)}`);
  }
  assert.ok(checked >= 3, `only ${checked} bundled plugins have settings`);
  assert.not.ok(checker.validateSchema({ type: 'object', properties: { player: { type: 'strnig' } } }), 'the check catches a wrong type name');
});

test('every bundled plugin\'s engines.plexterm accepts this plexterm\'s plugin API (checked here: plexterm checks only other plugins\' ranges at run time)', async () => {
  const folder = assetPath('plugins');
  const ranges: Array<[string, string]> = [];
  for (const name of await readdir(folder)) {
    const manifest = JSON.parse(await readFile(join(folder, name, 'package.json'), 'utf8').catch(() => 'null')) as { main?: string; engines?: { plexterm?: string } } | null;
    if (manifest?.main === undefined) continue; // the shared helpers' folder is no plugin
    ranges.push([name, String(manifest.engines?.plexterm)]);
  }
  assert.equal(ranges.map(([name]) => name), ['custom-player', 'mpv', 'now-playing', 'offline', 'vlc']);
  for (const [name, range] of ranges) assert.ok(satisfies(pluginApiVersion, range), `${name}: engines.plexterm "${range}" does not accept ${pluginApiVersion}`);
  assert.not.ok(satisfies(pluginApiVersion, '^2.0.0'), 'the check can fail');
});

test.run();
