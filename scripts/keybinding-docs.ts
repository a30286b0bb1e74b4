// `npm run docs`: writes the generated tables of docs/keybindings.md from the sources (the text above them is kept).
import { readFile, writeFile } from 'node:fs/promises';
import { assetPath } from '../src/base/packageRoot.js';
import { withGeneratedTables } from '../src/tui/keys/index.js';

const path = assetPath('docs', 'keybindings.md');
const before = await readFile(path, 'utf8');
const after = withGeneratedTables(before);
if (after === before) console.log(`${path} is current`);
else {
  await writeFile(path, after);
  console.log(`${path} written`);
}
