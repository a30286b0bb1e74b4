// Theme loading: the bundled themes, plugin themes, and the warnings for unknown keys, bad colours and broken files.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../../src/base/packageRoot.js';
import { fallbackColors, themeColorKeyNames } from '../../../src/tui/themes/themeKeys.js';
import { defaultThemeId, findTheme, loadThemes } from '../../../src/tui/themes/themeLoader.js';
import { makeTempFolder, type TempFolder } from '../../helpers/tempFolder.js';

async function withFolder(body: (folder: TempFolder) => Promise<void>): Promise<void> {
  const folder = await makeTempFolder('plexterm-themes-');
  try {
    await body(folder);
  } finally {
    await folder.remove();
  }
}

async function writeTheme(folder: string, name: string, document: unknown): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

test('the bundled themes load without a warning and set every key themselves', async () => {
  const { themes, warnings } = await loadThemes({ bundledDir: assetPath('themes') });
  assert.equal(warnings, []);
  const ids = themes.map((theme) => theme.id);
  for (const id of ['plexterm-dark', 'plexterm-light', 'plexterm-high-contrast', 'nord']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  assert.is(themes.find((theme) => theme.id === 'plexterm-light')?.type, 'light');
  for (const theme of themes) {
    const document = JSON.parse(await readFile(theme.path, 'utf8')) as { colors: Record<string, string> };
    assert.equal(Object.keys(document.colors).sort(), [...themeColorKeyNames].sort(), `${theme.id} sets every key`);
    for (const key of themeColorKeyNames) assert.match(theme.colors[key], /^#[0-9a-f]{6}$/, `${theme.id} ${key}`);
  }
});

test('plexterm-dark is exactly the dark fallbacks, and it is the default', async () => {
  const { themes } = await loadThemes({ bundledDir: assetPath('themes') });
  assert.equal(findTheme(themes, undefined)?.id, defaultThemeId);
  assert.equal(findTheme(themes, 'no-such-theme')?.id, defaultThemeId);
  assert.equal(findTheme(themes, defaultThemeId)?.colors, fallbackColors('dark'));
});

test('the README documents every colour key', async () => {
  const readme = await readFile(assetPath('themes', 'README.md'), 'utf8');
  for (const key of themeColorKeyNames) assert.ok(readme.includes(`| \`${key}\` |`), `${key} is in themes/README.md`);
});

test('an unknown key is ignored with a warning naming the theme and the key; missing keys take the type fallback', async () => {
  await withFolder(async (folder) => {
    await writeTheme(folder.path, 'mine.json', { name: 'Mine', type: 'light', colors: { 'editor.background': '#ABC', 'list.sparkle': '#ffffff' } });
    const { themes, warnings } = await loadThemes({ bundledDir: folder.path });
    assert.is(warnings.length, 1);
    assert.match(warnings[0] ?? '', /theme "mine".*unknown colour key "list\.sparkle"/);
    const theme = themes[0];
    assert.is(theme?.label, 'Mine');
    assert.is(theme?.colors['editor.background'], '#aabbcc');
    assert.is(theme?.colors['editor.foreground'], fallbackColors('light')['editor.foreground']);
  });
});

test('a bad colour value is ignored with a warning and the fallback is used', async () => {
  await withFolder(async (folder) => {
    const colors = { 'editor.background': 'red', focusBorder: '#12345678', errorForeground: 7, warningForeground: '#ff0' };
    await writeTheme(folder.path, 'bad.json', { name: 'Bad', type: 'dark', colors });
    const { themes, warnings } = await loadThemes({ bundledDir: folder.path });
    assert.is(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings.join('\n'), /"editor\.background" has "red", not a #rgb or #rrggbb colour/);
    assert.match(warnings.join('\n'), /"focusBorder" has "#12345678"/);
    assert.is(themes[0]?.colors['editor.background'], fallbackColors('dark')['editor.background']);
    assert.is(themes[0]?.colors.warningForeground, '#ffff00');
  });
});

test('a broken JSON file gives one line, the theme is skipped, the file stays as it was', async () => {
  await withFolder(async (folder) => {
    const broken = '{ "name": "Broken", "colors": { ';
    const path = await writeTheme(folder.path, 'broken.json', broken);
    await writeTheme(folder.path, 'fine.json', { name: 'Fine', type: 'dark', colors: {} });
    await writeTheme(folder.path, 'notes.txt', 'not a theme');
    const { themes, warnings } = await loadThemes({ bundledDir: folder.path });
    assert.equal(themes.map((theme) => theme.id), ['fine']);
    assert.is(warnings.length, 1);
    assert.not.match(warnings[0] ?? '', /\n/);
    assert.match(warnings[0] ?? '', /theme "broken" .* is not valid JSON: left out/);
    assert.is(await readFile(path, 'utf8'), broken);
  });
});

test('a wrong type is taken as dark with a warning; a missing folder is a warning, not a crash', async () => {
  await withFolder(async (folder) => {
    await writeTheme(folder.path, 'odd.json', { type: 'sepia', colors: {} });
    const { themes, warnings } = await loadThemes({ bundledDir: folder.path });
    assert.is(themes[0]?.type, 'dark');
    assert.is(themes[0]?.label, 'odd');
    assert.match(warnings[0] ?? '', /"type" must be "dark" or "light"/);
    const missing = await loadThemes({ bundledDir: join(folder.path, 'nowhere') });
    assert.equal(missing.themes, []);
    assert.match(missing.warnings[0] ?? '', /cannot be read/);
  });
});

test('a plugin theme loads from its folder under its contribution id and label; a clashing id is left out', async () => {
  await withFolder(async (folder) => {
    await writeTheme(folder.path, 'ocean.json', { name: 'Ocean (file name)', type: 'dark', colors: { 'editor.background': '#001122' } });
    await writeTheme(folder.path, 'clash.json', { name: 'Clash', type: 'dark', colors: {} });
    const { themes, warnings } = await loadThemes({
      bundledDir: assetPath('themes'),
      pluginThemes: [
        { id: 'ocean', label: 'Ocean', path: 'ocean.json', pluginId: 'sea', pluginFolder: folder.path },
        { id: 'plexterm-dark', label: 'Fake dark', path: join(folder.path, 'clash.json'), pluginId: 'sea' },
        { id: 'gone', label: 'Gone', path: 'gone.json', pluginId: 'sea', pluginFolder: folder.path },
      ],
    });
    const ocean = themes.find((theme) => theme.id === 'ocean');
    assert.is(ocean?.label, 'Ocean');
    assert.is(ocean?.source, 'plugin sea');
    assert.is(ocean?.colors['editor.background'], '#001122');
    assert.is(themes.find((theme) => theme.id === 'plexterm-dark')?.source, 'bundled');
    assert.is(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /theme "plexterm-dark" from plugin sea is left out/);
    assert.match(warnings[1] ?? '', /theme "gone" .* cannot be read/);
  });
});

test.run();
