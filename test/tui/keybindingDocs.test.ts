// docs/keybindings.md documents every when-clause context and every default command.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetPath } from '../../src/base/packageRoot.js';
import { defaultCommandTitles, defaultKeybindings } from '../../src/tui/keybindingDefaults.js';
import { whenContexts } from '../../src/tui/whenClause.js';

test('every context and every default command is in docs/keybindings.md', async () => {
  const page = await readFile(assetPath('docs', 'keybindings.md'), 'utf8');
  for (const context of Object.keys(whenContexts)) assert.ok(page.includes(`| \`${context}\` |`), `context ${context}`);
  for (const [command, title] of Object.entries(defaultCommandTitles)) assert.ok(page.includes(`| \`${command}\` | ${title} |`), `command ${command}`);
  for (const binding of defaultKeybindings) assert.ok(page.includes(`\`${binding.key}\``), `key ${binding.key}`);
});

test.run();
