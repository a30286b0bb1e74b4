// docs/keybindings.md is current: its tables are what the sources make (npm run docs writes them).
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../../src/base/packageRoot.js';
import { keybindingTables, withGeneratedTables } from '../../../src/tui/keys/keybindingDocs.js';
import { defaultCommandTitles, defaultKeybindings } from '../../../src/tui/keys/keybindingDefaults.js';
import { whenContexts } from '../../../src/extensions/whenClause.js';

test('docs/keybindings.md holds the tables the sources make (run `npm run docs` after changing a binding)', async () => {
  const page = await readFile(assetPath('docs', 'keybindings.md'), 'utf8');
  assert.ok(page.endsWith(keybindingTables()), 'the tables are current');
  assert.is(withGeneratedTables(page), page);
});

test('the tables list every context, every command with its title, and every default key', () => {
  const tables = keybindingTables();
  for (const context of Object.keys(whenContexts)) assert.ok(tables.includes(`| \`${context}\` |`), `context ${context}`);
  for (const [command, title] of Object.entries(defaultCommandTitles)) assert.ok(tables.includes(`| \`${command}\` | ${title} |`), `command ${command}`);
  for (const binding of defaultKeybindings) assert.ok(tables.includes(`\`${binding.key}\`${binding.when ? ` (when \`${binding.when}\`)` : ''}`), `key ${binding.key}`);
});

test.run();
