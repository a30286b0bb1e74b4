// Key syntax: parsing and normalizing VS Code-style keys, their labels, and blessed's keypress events mapped to the same spelling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keyFromBlessed } from '../../../src/tui/keys/keyFromBlessed.js';
import { KeySyntaxError, isIndistinguishableInTerminal, keyLabel, normalizeKeySequence } from '../../../src/tui/keys/keyNames.js';

test('keys normalize to one spelling', () => {
  const cases: Array<[string, string]> = [
    ['ctrl+k', 'ctrl+k'],
    ['Ctrl+K', 'ctrl+k'],
    ['shift+ctrl+p', 'ctrl+shift+p'],
    ['ctrl+shift+p', 'ctrl+shift+p'],
    ['shift+g', 'shift+g'],
    ['G', 'shift+g'],
    ['ctrl+G', 'ctrl+g'],
    ['Escape', 'escape'],
    ['esc', 'escape'],
    ['return', 'enter'],
    ['pgup', 'pageup'],
    ['PageDown', 'pagedown'],
    ['backspace', 'backspace'],
    ['meta+x', 'alt+x'],
    ['alt+shift+up', 'shift+alt+up'],
    ['/', '/'],
    ['?', '?'],
    ['shift+/', '?'],
    ['shift+;', ':'],
    [':', ':'],
    ['shift+?', '?'],
    ['ctrl++', 'ctrl++'],
    ['+', '+'],
    ['f5', 'f5'],
    ['  ctrl+k   ctrl+t ', 'ctrl+k ctrl+t'],
  ];
  for (const [input, expected] of cases) assert.is(normalizeKeySequence(input), expected, input);
});

test('bad keys are errors that say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/],
    ['ctrl+', /key after the modifiers is missing/],
    ['cmd+p', /unknown modifier "cmd" \(a terminal cannot send it\)/],
    ['hyper+p', /unknown modifier "hyper"/],
    ['ctrl+banana', /unknown key "banana"/],
    ['a b c', /at most two/],
  ];
  for (const [input, message] of cases) {
    try {
      normalizeKeySequence(input);
      assert.unreachable(`"${input}" should not parse`);
    } catch (error) {
      assert.instance(error, KeySyntaxError);
      assert.match((error as Error).message, message);
    }
  }
});

test('labels for the help screen', () => {
  assert.is(keyLabel('ctrl+p'), 'Ctrl+P');
  assert.is(keyLabel('shift+g'), 'G');
  assert.is(keyLabel('g'), 'g');
  assert.is(keyLabel('escape'), 'Esc');
  assert.is(keyLabel('shift+up'), 'Shift+↑');
  assert.is(keyLabel('ctrl+k ctrl+t'), 'Ctrl+K Ctrl+T');
  assert.is(keyLabel('?'), '?');
  assert.ok(isIndistinguishableInTerminal('ctrl+shift+p'));
  assert.not.ok(isIndistinguishableInTerminal('ctrl+p'));
});

test('blessed keypress events map to the same spelling', () => {
  // Shaped as blessed's program.js hands them over (see node_modules/blessed/lib/keys.js).
  const cases: Array<[string | undefined, Parameters<typeof keyFromBlessed>[1], string | null]> = [
    ['j', { name: 'j', ctrl: false, meta: false, shift: false, full: 'j', sequence: 'j' }, 'j'],
    ['G', { name: 'g', ctrl: false, meta: false, shift: true, full: 'S-g', sequence: 'G' }, 'shift+g'],
    ['P', { name: 'p', ctrl: false, meta: false, shift: true, full: 'S-p', sequence: 'P' }, 'shift+p'],
    ['\u0010', { name: 'p', ctrl: true, meta: false, shift: false, full: 'C-p', sequence: '\u0010' }, 'ctrl+p'],
    ['\u001bx', { name: 'x', ctrl: false, meta: true, shift: false, full: 'M-x', sequence: '\u001bx' }, 'alt+x'],
    [undefined, { name: 'up', ctrl: false, meta: false, shift: false, full: 'up', sequence: '\u001b[A' }, 'up'],
    [undefined, { name: 'pageup', ctrl: false, meta: false, shift: false, full: 'pageup', sequence: '\u001b[5~' }, 'pageup'],
    [undefined, { name: 'up', ctrl: false, meta: false, shift: true, full: 'S-up', sequence: '\u001b[1;2A' }, 'shift+up'],
    ['\u001b', { name: 'escape', ctrl: false, meta: false, shift: false, full: 'escape', sequence: '\u001b' }, 'escape'],
    ['\u007f', { name: 'backspace', ctrl: false, meta: false, shift: false, full: 'backspace', sequence: '\u007f' }, 'backspace'],
    ['\r', { name: 'enter', ctrl: false, meta: false, shift: false, full: 'enter', sequence: '\r' }, 'enter'],
    ['\r', { name: 'return', ctrl: false, meta: false, shift: false, full: 'return', sequence: '\r' }, null],
    ['\n', { name: 'linefeed', ctrl: false, meta: false, shift: false, full: 'linefeed', sequence: '\n' }, 'enter'],
    ['\t', { name: 'tab', ctrl: false, meta: false, shift: false, full: 'tab', sequence: '\t' }, 'tab'],
    [undefined, { name: 'tab', ctrl: false, meta: false, shift: true, full: 'S-tab', sequence: '\u001b[Z' }, 'shift+tab'],
    [' ', { name: 'space', ctrl: false, meta: false, shift: false, full: 'space', sequence: ' ' }, 'space'],
    ['/', { full: '/' }, '/'],
    ['?', { full: '?' }, '?'],
    [':', { full: ':' }, ':'],
    ['1', { full: '1' }, '1'],
    ['é', { full: 'é' }, 'é'],
    [undefined, { name: 'undefined', sequence: '\u001b[M' }, null],
    [undefined, undefined, null],
  ];
  for (const [character, event, expected] of cases) {
    assert.is(keyFromBlessed(character, event), expected, JSON.stringify([character, event]));
    if (expected !== null && expected !== 'é') assert.is(normalizeKeySequence(expected), expected, `${expected} round-trips`);
  }
});

test.run();
