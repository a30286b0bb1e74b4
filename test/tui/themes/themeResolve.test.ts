// Colour resolution per terminal: NO_COLOR, 8, 16, 256 and truecolor, with the readable fallbacks for few colours.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nearestBasicColor, nearestXterm256, normalizeHexColor, parseHexColor, xterm256Color } from '../../../src/tui/themes/color.js';
import { fallbackColors } from '../../../src/tui/themes/themeKeys.js';
import type { Theme } from '../../../src/tui/themes/themeLoader.js';
import { resolveColor, resolveTheme } from '../../../src/tui/themes/themeResolve.js';
import { themeStyleNames } from '../../../src/tui/themes/themeStyles.js';

function theme(type: 'dark' | 'light', colors: Partial<Theme['colors']> = {}): Theme {
  return { id: 'test', label: 'Test', type, colors: { ...fallbackColors(type), ...colors }, source: 'bundled', path: '/dev/null' };
}

test('hex colours: #rgb and #rrggbb in any case, nothing else', () => {
  assert.is(normalizeHexColor('#F0a'), '#ff00aa');
  assert.is(normalizeHexColor('#ABCDEF'), '#abcdef');
  for (const bad of ['red', '#12345', '#1234567', '#ggg', 'ff0000', 12, null]) assert.is(normalizeHexColor(bad), null, String(bad));
  assert.equal(parseHexColor('#102030'), { red: 16, green: 32, blue: 48 });
});

test('known values: #ff0000 is 196 in 256 colours and red in 8; greys go to the ramp', () => {
  const red = parseHexColor('#ff0000')!;
  assert.is(nearestXterm256(red), 196);
  assert.is(nearestBasicColor(red, 8), 'red');
  assert.is(nearestBasicColor(red, 16), 'lightred');
  assert.is(resolveColor('#ff0000', 'xterm256'), 196);
  assert.is(resolveColor('#ff0000', 'basic8'), 'red');
  assert.is(resolveColor('#ff0000', 'truecolor'), '#ff0000');
  assert.is(resolveColor('#ff0000', 'monochrome'), 'default');
  assert.is(resolveColor('#1e1e1e', 'xterm256'), 234);
  assert.is(resolveColor('#5f87af', 'xterm256'), 67);
  assert.is(resolveColor('#ffffff', 'xterm256'), 231);
  assert.is(resolveColor('#000000', 'xterm256'), 16);
  assert.is(resolveColor('#1e1e1e', 'basic8'), 'black');
  assert.is(resolveColor('#d4d4d4', 'basic8'), 'white');
  assert.is(resolveColor('#0000ff', 'basic8'), 'blue');
});

test('every cube and ramp entry maps back to itself', () => {
  for (let index = 16; index < 256; index += 1) {
    const color = xterm256Color(index);
    const back = nearestXterm256(color);
    assert.equal(xterm256Color(back), color, `index ${index}`);
  }
});

test('truecolor hands the hex as is; every style has every field, so re-applying replaces the last theme', () => {
  const resolved = resolveTheme(theme('dark'), { depth: 'truecolor' });
  assert.is(resolved.colors['list.activeSelectionBackground'], '#04395e');
  assert.equal(resolved.styles.activeSelection, { fg: '#ffffff', bg: '#04395e', bold: false, inverse: false, underline: false });
  for (const name of themeStyleNames) assert.equal(Object.keys(resolved.styles[name]).sort(), ['bg', 'bold', 'fg', 'inverse', 'underline']);
});

test('256 colours: indexes for every key', () => {
  const resolved = resolveTheme(theme('dark', { 'list.activeSelectionBackground': '#ff0000' }), { depth: 'xterm256' });
  assert.is(resolved.colors['list.activeSelectionBackground'], 196);
  assert.ok(Object.values(resolved.colors).every((color) => typeof color === 'number'));
});

test('NO_COLOR: no colours; selection bold + inverse, status bar inverse', () => {
  const resolved = resolveTheme(theme('dark'), { depth: 'monochrome' });
  assert.ok(Object.values(resolved.colors).every((color) => color === 'default'));
  assert.equal(resolved.styles.activeSelection, { fg: 'default', bg: 'default', bold: true, inverse: true, underline: false });
  assert.is(resolved.styles.statusBar.inverse, true);
  assert.is(resolved.styles.editor.inverse, false);
});

test('8 colours: a selection that collapses into the list background is shown with attributes', () => {
  const resolved = resolveTheme(theme('dark'), { depth: 'basic8' });
  assert.is(resolved.colors['editor.background'], 'black');
  assert.is(resolved.colors['list.activeSelectionBackground'], 'black');
  assert.equal(resolved.styles.activeSelection, { fg: 'white', bg: 'black', bold: true, inverse: true, underline: false });
  assert.is(resolved.styles.statusBar.bg, 'cyan'); // #007acc: its hue sits nearer cyan than blue
  assert.is(resolved.styles.statusBar.inverse, false);
});

test('8 colours: text that collapses into its own background turns black or white', () => {
  const light = resolveTheme(theme('light', { 'statusBar.background': '#eeeeee', 'statusBar.foreground': '#dddddd' }), { depth: 'basic8' });
  assert.equal([light.styles.statusBar.fg, light.styles.statusBar.bg], ['black', 'white']);
  const dark = resolveTheme(theme('dark', { 'panel.background': '#101010', 'panel.foreground': '#303030' }), { depth: 'basic16' });
  assert.equal([dark.styles.panel.fg, dark.styles.panel.bg], ['lightwhite', 'black']);
});

test.run();
