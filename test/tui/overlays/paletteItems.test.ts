// The command palette's rows: plugin commands whose contributed `when` is false where the palette opens are left out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeybindingRegistry } from '../../../src/tui/keys/keybindingRegistry.js';
import { paletteItems, type PluginCommand } from '../../../src/tui/overlays/paletteItems.js';
import { whenContextOf, type TuiStateInput } from '../../../src/tui/state/focusState.js';

const offline = {
  pluginId: 'offline',
  commands: [
    { command: 'offline.keepSeason', title: 'Keep this season offline', category: 'Offline', when: 'itemType == season || itemType == episode' },
    { command: 'offline.keepShow', title: 'Keep this show offline', category: 'Offline', when: 'itemType == show || itemType == season || itemType == episode' },
    { command: 'offline.progress', title: 'Show the progress of what is kept offline', category: 'Offline' },
  ],
};
const pluginCommands: PluginCommand[] = offline.commands.map((command) => ({ command: command.command, title: `Offline: ${command.title}`, pluginId: 'offline' }));
const registry = new KeybindingRegistry({ plugins: [offline] });
const state: TuiStateInput = { focus: 'list', overlay: null, playerRunning: false, cachePanelVisible: false, offline: false };

function offered(itemType: string | undefined): string[] {
  return paletteItems(registry, pluginCommands, whenContextOf({ ...state, itemType })).map((item) => item.id).filter((id) => id.startsWith('offline.'));
}

test('an episode or a season selected: every offline command; a show: not keepSeason; a movie or nothing: only progress', () => {
  assert.equal(offered('episode'), ['offline.keepSeason', 'offline.keepShow', 'offline.progress']);
  assert.equal(offered('season'), ['offline.keepSeason', 'offline.keepShow', 'offline.progress']);
  assert.equal(offered('show'), ['offline.keepShow', 'offline.progress']);
  assert.equal(offered('movie'), ['offline.progress']);
  assert.equal(offered(undefined), ['offline.progress']);
});

test('plexterm\'s own commands are listed once each with their first key, the overlay-only ones left out; plugin rows name the plugin', () => {
  const items = paletteItems(registry, pluginCommands, whenContextOf({ ...state, itemType: 'episode' }));
  const ids = items.map((item) => item.id);
  assert.is(new Set(ids).size, ids.length);
  assert.ok(ids.includes('plexterm.quit'));
  assert.not.ok(ids.includes('plexterm.palette.accept'));
  assert.not.ok(ids.includes('plexterm.commandPalette'));
  assert.equal(items.find((item) => item.id === 'plexterm.quit'), { id: 'plexterm.quit', label: 'quit', detail: 'q' });
  assert.equal(items.find((item) => item.id === 'offline.keepSeason'), { id: 'offline.keepSeason', label: 'Offline: Keep this season offline', detail: 'offline' });
});

test('a command `when` that does not parse is a problem naming the plugin, and the command is offered everywhere', () => {
  const broken = new KeybindingRegistry({ plugins: [{ pluginId: 'broken', commands: [{ command: 'broken.go', title: 'Go', when: 'itemType = show' }] }] });
  assert.equal(broken.problems.length, 1);
  assert.match(broken.problems[0] ?? '', /^\[plugin: broken\] contributes\.commands\[0\]: when "itemType = show": unexpected "=" .*; the palette offers broken\.go everywhere$/);
  assert.is(broken.commandWhen('broken.go'), undefined);
  const items = paletteItems(broken, [{ command: 'broken.go', title: 'Go', pluginId: 'broken' }], whenContextOf(state));
  assert.ok(items.some((item) => item.id === 'broken.go'));
});

test.run();
