// Every bundled plugin: its manifest passes the host's checks, with the ids, players and commands the issue names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
