// The key binding registry: defaults, plugin and config sources, removal, conflict reports, the help listing, and chords.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultCommandTitles, defaultKeybindings } from '../../../src/tui/keys/keybindingDefaults.js';
import { KeybindingDispatcher } from '../../../src/tui/keys/keybindingDispatcher.js';
import { KeybindingRegistry } from '../../../src/tui/keys/keybindingRegistry.js';

const list = { listFocus: true };
const search = { searchFocus: true };
const palette = { paletteOpen: true };

test('the defaults: no problems, no conflicts, the issue\'s keys in their contexts', () => {
  const registry = new KeybindingRegistry();
  assert.equal(registry.problems, []);
  assert.equal(registry.conflicts, []);
  const expected: Array<[string, object, string | undefined]> = [
    ['down', list, 'plexterm.cursorDown'], ['j', list, 'plexterm.cursorDown'], ['k', list, 'plexterm.cursorUp'],
    ['h', list, 'plexterm.focusLeft'], ['l', list, 'plexterm.focusRight'],
    ['g', list, 'plexterm.cursorTop'], ['shift+g', list, 'plexterm.cursorBottom'],
    ['enter', list, 'plexterm.open'], ['backspace', list, 'plexterm.back'], ['escape', list, 'plexterm.back'],
    ['/', list, 'plexterm.search'], ['p', list, 'plexterm.play'], ['r', list, 'plexterm.resume'],
    ['shift+p', list, 'plexterm.playFromStart'], ['w', list, 'plexterm.toggleWatched'], ['o', list, 'plexterm.togglePin'],
    ['x', list, 'plexterm.evict'], ['shift+c', list, 'plexterm.toggleCachePanel'], ['c', list, 'plexterm.cycleSubtitles'], [':', list, 'plexterm.commandPalette'],
    ['ctrl+p', list, 'plexterm.commandPalette'], ['t', list, 'plexterm.pickTheme'], ['?', list, 'plexterm.help'], ['q', list, 'plexterm.quit'],
    // Typing goes into the search box and the palette.
    ['j', search, undefined], ['q', search, undefined], ['/', palette, undefined],
    ['escape', search, 'plexterm.search.close'], ['enter', search, 'plexterm.search.accept'],
    ['escape', palette, 'plexterm.palette.close'], ['enter', palette, 'plexterm.palette.accept'], ['ctrl+p', palette, 'plexterm.palette.close'],
    ['p', { sidebarFocus: true }, undefined], ['p', { detailsFocus: true }, 'plexterm.play'],
    ['ctrl+c', search, 'plexterm.quit'],
  ];
  for (const [key, context, command] of expected) assert.is(registry.resolve(key, context), command, `${key} in ${JSON.stringify(context)}`);
});

test('describe lists every binding with its title in words', () => {
  const rows = new KeybindingRegistry().describe();
  assert.is(rows.length, defaultKeybindings.length);
  for (const row of rows) assert.is(row.title, defaultCommandTitles[row.command], row.command);
  assert.ok(rows.some((row) => row.label === 'q' && row.title === 'quit'));
  assert.ok(rows.some((row) => row.label === '/' && row.title === 'search'));
  assert.ok(rows.some((row) => row.label === 'Ctrl+P' && row.title === 'open the command palette'));
  assert.ok(rows.some((row) => row.label === 'P' && row.title === 'play from the start'));
  // Grouped by command: both keys of "move down" sit together.
  const downRows = rows.map((row, index) => (row.command === 'plexterm.cursorDown' ? index : -1)).filter((index) => index >= 0);
  assert.is(downRows[1], (downRows[0] ?? 0) + 1);
});

test('config bindings win over defaults where both apply, and the conflict is reported', () => {
  const registry = new KeybindingRegistry({ config: [{ key: 'q', command: 'plexterm.toggleCachePanel', when: 'listFocus' }] });
  assert.is(registry.resolve('q', list), 'plexterm.toggleCachePanel');
  assert.is(registry.resolve('q', { sidebarFocus: true }), 'plexterm.quit');
  assert.is(registry.conflicts.length, 1);
  assert.match(registry.conflicts[0] ?? '', /^key "q": plexterm\.toggleCachePanel \(config\) wins over plexterm\.quit \(default, "quit"\) where both apply/);
});

test('"-command" in the config removes a default; rebinding elsewhere is no conflict', () => {
  const registry = new KeybindingRegistry({
    config: [
      { key: 'q', command: '-plexterm.quit' },
      { key: 'ctrl+q', command: 'plexterm.quit' },
      { command: '-plexterm.evict' },
      { key: 'z', command: '-plexterm.play' },
    ],
  });
  assert.is(registry.resolve('q', list), undefined);
  assert.is(registry.resolve('ctrl+q', list), 'plexterm.quit');
  assert.is(registry.resolve('ctrl+c', list), 'plexterm.quit');
  assert.is(registry.resolve('x', list), undefined);
  assert.equal(registry.conflicts, []);
  assert.is(registry.problems.length, 1);
  assert.match(registry.problems[0] ?? '', /config\.json keybindings\[3\]: "-plexterm\.play" removes nothing/);
});

test('plugin bindings sit between defaults and config, carry their command titles, and conflicts name the plugin', () => {
  const registry = new KeybindingRegistry({
    plugins: [
      {
        pluginId: 'lyrics',
        commands: [{ command: 'lyrics.show', title: 'show the lyrics', category: 'Lyrics' }],
        keybindings: [{ key: 'shift+l', command: 'lyrics.show' }, { key: 'w', command: 'lyrics.show', when: 'playerRunning' }],
      },
    ],
    config: [{ key: 'shift+l', command: 'plexterm.help' }],
  });
  assert.is(registry.resolve('w', { listFocus: true, playerRunning: true }), 'lyrics.show');
  assert.is(registry.resolve('w', list), 'plexterm.toggleWatched');
  assert.is(registry.resolve('shift+l', list), 'plexterm.help');
  assert.equal(registry.conflicts, [
    'key "w": lyrics.show (plugin lyrics) wins over plexterm.toggleWatched (default, "mark watched or unwatched") where both apply (when "listFocus || detailsFocus" and "playerRunning")',
    'key "shift+l": plexterm.help (config) wins over lyrics.show (plugin lyrics, "Lyrics: show the lyrics") everywhere',
  ]);
  assert.ok(registry.describe().some((row) => row.command === 'lyrics.show' && row.title === 'Lyrics: show the lyrics' && row.source === 'plugin lyrics'));
});

test('bad rules are skipped with one line each naming where they were written', () => {
  const registry = new KeybindingRegistry({
    plugins: [{ pluginId: 'broken', keybindings: [{ key: 'hyper+x', command: 'broken.x' }, { key: 'y', command: '-plexterm.quit' }] }],
    config: [
      { key: 'ctrl+k', command: 'plexterm.help', when: 'listFocus &&' },
      'q',
      { key: 5, command: 'plexterm.help' },
      { key: 'ctrl+shift+h', command: 'plexterm.help' },
    ],
  });
  const problems = registry.problems.join('\n');
  assert.is(registry.problems.length, 6, problems);
  assert.match(problems, /\[plugin: broken\] contributes\.keybindings\[0\]: "hyper\+x": unknown modifier "hyper"/);
  assert.match(problems, /\[plugin: broken\] contributes\.keybindings\[1\]: only config\.json can remove bindings/);
  assert.match(problems, /config\.json keybindings\[0\]: when "listFocus &&": expected a context name/);
  assert.match(problems, /config\.json keybindings\[1\]: must be an object/);
  assert.match(problems, /config\.json keybindings\[2\]: "key" must be a string/);
  assert.match(problems, /config\.json keybindings\[3\]: "ctrl\+shift\+h" arrives from a terminal as ctrl\+h/);
  assert.is(registry.resolve('ctrl+k', list), undefined);
  assert.is(registry.resolve('q', list), 'plexterm.quit');
  const notAnArray = new KeybindingRegistry({ config: { q: 'plexterm.quit' } });
  assert.match(notAnArray.problems[0] ?? '', /"keybindings" must be an array/);
});

test('the same binding from a later source is one row, not a conflict', () => {
  const registry = new KeybindingRegistry({ config: [{ key: 'Q', command: 'plexterm.quit' }, { key: 'q', command: 'plexterm.quit', when: '!searchFocus && !paletteOpen' }] });
  assert.equal(registry.conflicts, []);
  assert.is(registry.describe().filter((row) => row.command === 'plexterm.quit').length, 3);
  assert.is(registry.describe().find((row) => row.key === 'q')?.source, 'config');
});

test('chords: the first key waits for the second; a chord over a single key is a reported conflict', () => {
  const registry = new KeybindingRegistry({ config: [{ key: 'ctrl+k ctrl+t', command: 'plexterm.pickTheme' }, { key: 'g g', command: 'plexterm.cursorTop' }] });
  assert.equal(registry.match('ctrl+k', list), { kind: 'chord', prefix: 'ctrl+k' });
  assert.is(registry.resolve('ctrl+k ctrl+t', list), 'plexterm.pickTheme');
  assert.equal(registry.conflicts, []);
  const dispatcher = new KeybindingDispatcher(registry);
  const control = (name: string) => ({ name, ctrl: true, meta: false, shift: false, full: `C-${name}`, sequence: '' });
  assert.equal(dispatcher.press(undefined, control('k'), list), { kind: 'chord', key: 'ctrl+k' });
  assert.is(dispatcher.waitingForChord, 'ctrl+k');
  assert.equal(dispatcher.press(undefined, control('t'), list), { kind: 'command', command: 'plexterm.pickTheme', key: 'ctrl+k ctrl+t' });
  assert.equal(dispatcher.press(undefined, control('k'), list), { kind: 'chord', key: 'ctrl+k' });
  assert.equal(dispatcher.press('z', { name: 'z', full: 'z', sequence: 'z' }, list), { kind: 'unbound', key: 'ctrl+k z', character: undefined });
  assert.is(dispatcher.waitingForChord, null);
  assert.equal(dispatcher.press('\r', { name: 'return', sequence: '\r' }, list), { kind: 'ignored' });
  assert.equal(dispatcher.press('\r', { name: 'enter', sequence: '\r' }, list), { kind: 'command', command: 'plexterm.open', key: 'enter' });
  assert.equal(dispatcher.press('a', { name: 'a', full: 'a', sequence: 'a' }, search), { kind: 'unbound', key: 'a', character: 'a' });
  // "g g" is later than the default "g": g now waits, and the shadowed default is reported.
  const shadowing = new KeybindingRegistry({ config: [{ key: 'g g', command: 'plexterm.help' }] });
  assert.equal(shadowing.match('g', list), { kind: 'chord', prefix: 'g' });
  assert.match(shadowing.conflicts.join('\n'), /key "g g" and "g": plexterm\.help \(config\) wins over plexterm\.cursorTop/);
});

test.run();
