// The layering check of `npm test` must really fail on an upward or circular import, and on a plugin reaching into src/.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/base/packageRoot.js';

const run = promisify(execFile);
const root = packageRoot();
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-layers-'));
  try {
    await copyFile(join(root, 'tsconfig.json'), join(folder, 'tsconfig.json'));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), text);
    }
    try {
      const folders = Object.keys(files).some((path) => path.startsWith('plugins/')) ? ['src', 'plugins'] : ['src'];
      const { stdout, stderr } = await run(process.execPath, [depcruise, ...folders, '--config', join(root, '.dependency-cruiser.cjs')], { cwd: folder });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test('a downward import passes', async () => {
  const result = await cruise({
    'src/base/a.ts': 'export const a = 1;\n',
    'src/plex/b.ts': "import { a } from '../base/a.js';\nexport const b = a;\n",
  });
  assert.is(result.code, 0, result.output);
});

test('an upward import from base to plex fails', async () => {
  const result = await cruise({
    'src/plex/b.ts': 'export const b = 1;\n',
    'src/base/a.ts': "import { b } from '../plex/b.js';\nexport const a = b;\n",
  });
  assert.is.not(result.code, 0);
  assert.match(result.output, 'no-upward-from-base');
});

test('cache importing the TUI fails', async () => {
  const result = await cruise({
    'src/tui/screen.ts': 'export const screen = 1;\n',
    'src/cache/entry.ts': "import { screen } from '../tui/screen.js';\nexport const entry = screen;\n",
  });
  assert.is.not(result.code, 0);
  assert.match(result.output, 'no-upward-from-cache');
});

test('the demo server importing the Plex client fails', async () => {
  const result = await cruise({
    'src/plex/client.ts': 'export const client = 1;\n',
    'src/demo/server.ts': "import { client } from '../plex/client.js';\nexport const server = client;\n",
  });
  assert.is.not(result.code, 0);
  assert.match(result.output, 'demo-imports-only-base');
});

test('the CLI importing the TUI fails, and the TUI importing the CLI fails: both sit on the session', async () => {
  const cliIntoTui = await cruise({
    'src/tui/app.ts': 'export const runTui = 1;\n',
    'src/cli/commands/overview.ts': "import { runTui } from '../../tui/app.js';\nexport const overview = runTui;\n",
  });
  assert.is.not(cliIntoTui.code, 0);
  assert.match(cliIntoTui.output, 'tui-and-cli-apart');
  const tuiIntoCli = await cruise({
    'src/cli/output.ts': 'export const formatTable = 1;\n',
    'src/tui/paneText.ts': "import { formatTable } from '../cli/output.js';\nexport const paneText = formatTable;\n",
  });
  assert.is.not(tuiIntoCli.code, 0);
  assert.match(tuiIntoCli.output, 'tui-and-cli-apart');
});

test('the entry point may import both the CLI and the TUI; the session may import neither', async () => {
  const entry = await cruise({
    'src/tui/app.ts': 'export const runTui = 1;\n',
    'src/cli/main.ts': 'export const main = 1;\n',
    'src/main/plexterm.ts': "import { runTui } from '../tui/app.js';\nimport { main } from '../cli/main.js';\nexport const both = [runTui, main];\n",
  });
  assert.is(entry.code, 0, entry.output);
  const session = await cruise({
    'src/tui/hostBridge.ts': 'export const bridge = 1;\n',
    'src/session/session.ts': "import { bridge } from '../tui/hostBridge.js';\nexport const session = bridge;\n",
  });
  assert.is.not(session.code, 0);
  assert.match(session.output, 'no-upward-from-session');
});

test('a circular import fails', async () => {
  const result = await cruise({
    'src/base/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
    'src/base/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  });
  assert.is.not(result.code, 0);
  assert.match(result.output, 'no-circular');
});

const api = { 'src/api/index.ts': 'export type PlainData = string;\nexport const pluginApiVersion = "1.0.0";\n' };

test('a plugin naming the API plexterm/api, in an import and in JSDoc, passes', async () => {
  const result = await cruise({
    ...api,
    'plugins/hello/main.mjs': "import { pluginApiVersion } from 'plexterm/api';\n/** @param {import('plexterm/api').PlainData} text */\nexport const greet = (text) => text + pluginApiVersion;\n",
  });
  assert.is(result.code, 0, result.output);
});

test('a plugin importing a src/ path fails, even the API by its path, even in JSDoc', async () => {
  for (const code of [
    "import { a } from '../../src/base/a.js';\nexport const b = a;\n",
    "import { pluginApiVersion } from '../../src/api/index.js';\nexport const b = pluginApiVersion;\n",
    "/** @param {import('../../src/api/index.js').PlainData} text */\nexport const greet = (text) => text;\n",
  ]) {
    const result = await cruise({ ...api, 'src/base/a.ts': 'export const a = 1;\n', 'plugins/hello/main.mjs': code });
    assert.is.not(result.code, 0, code);
    assert.match(result.output, 'plugins-import-only-plexterm-api', code);
  }
});

test('the plugin API importing plexterm internals fails, and so does the cache importing the API', async () => {
  const inward = await cruise({ 'src/base/a.ts': 'export const a = 1;\n', 'src/api/index.ts': "import { a } from '../base/a.js';\nexport const b = a;\n" });
  assert.is.not(inward.code, 0);
  assert.match(inward.output, 'plugin-api-stands-alone');
  const downward = await cruise({ ...api, 'src/cache/entry.ts': "import { pluginApiVersion } from '../api/index.js';\nexport const entry = pluginApiVersion;\n" });
  assert.is.not(downward.code, 0);
  assert.match(downward.output, 'plugin-api-adapted-in-extensions');
});

test.run();
