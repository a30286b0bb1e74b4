// The files `plexterm plugins new` writes: a working plugin (manifest, one command in the palette, typed JavaScript, a test) for a given name.
import { pluginApiVersion } from '../../api/index.js';

export interface PluginTemplate {
  /** Paths relative to the plugin's folder, in the order they are listed. */
  files: Record<string, string>;
  commandId: string;
}

/** "my-plugin" → "My plugin": the category and title people see in the palette. */
function displayNameOf(name: string): string {
  const words = name.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function manifest(name: string, commandId: string, plextermVersion: string): string {
  const displayName = displayNameOf(name);
  return json({
    name,
    displayName,
    description: `${displayName}: a plexterm plugin.`,
    version: '0.1.0',
    type: 'module',
    main: 'main.js',
    // The plugin API versions this plugin works with; plexterm refuses it outside them.
    engines: { plexterm: `^${pluginApiVersion}` },
    contributes: {
      commands: [{ command: commandId, title: 'Greet the selected item, or the server', category: displayName }],
    },
    scripts: { typecheck: 'tsc -p .', test: 'node --test' },
    devDependencies: { plexterm: `^${plextermVersion}`, typescript: '~5.9.3' },
  });
}

function main(name: string, commandId: string): string {
  return `// @ts-check
// The ${name} plugin: one command, ${commandId}, in the command palette (and \`plexterm run ${commandId}\`).
/** @import { PluginContext } from 'plexterm/api' */

/** @param {PluginContext} context */
export function activate(context) {
  const { commands, library, ui } = context.api;
  context.subscriptions.push(
    // From the palette or a key, the first argument is the CommandContext (the selected item, the focused
    // pane); from \`plexterm run ${commandId}\` there is none. Its type comes from commands.d.ts.
    commands.register('${commandId}', async (invocation) => {
      const item = invocation?.item;
      const text = item ? \`Hello, \${item.title}!\` : \`Hello! The server has \${(await library.sections()).length} libraries.\`;
      await ui.showMessage(text);
      return text;
    }),
  );
}
`;
}

function commandTypes(commandId: string): string {
  return `// This plugin's commands for TypeScript: arguments and result of each (CommandMap in plexterm/api), so that
// commands.register and commands.execute check them. Add a line for each command you contribute or run.
import type { CommandContext } from 'plexterm/api';

declare module 'plexterm/api' {
  interface CommandMap {
    '${commandId}'(invocation?: CommandContext): string;
  }
}
`;
}

const typescriptConfig = json({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['main.js', 'commands.d.ts'],
});

function pluginTest(commandId: string): string {
  return `// Loads the plugin in a real plugin host, plexterm's (installed as a development dependency), against its demo server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const pluginFolder = dirname(dirname(fileURLToPath(import.meta.url)));
const plexterm = join(dirname(createRequire(import.meta.url).resolve('plexterm/package.json')), 'bin', 'plexterm.js');

test('${commandId} runs in plexterm and greets the demo server', async () => {
  // --plugins-dir loads (and trusts, for this run) every plugin in the folder this one is in.
  const args = [plexterm, '--plugins-dir', dirname(pluginFolder), '--demo', 'run', '${commandId}'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 120_000 });
  assert.match(stdout, /^Hello! The server has \\d+ libraries\\.\\n$/);
});
`;
}

/** The plugin `name` (a valid plugin id) as files; `plextermVersion` is the plexterm it is written by. */
export function pluginTemplate(name: string, plextermVersion: string): PluginTemplate {
  const commandId = `${name}.greet`;
  return {
    commandId,
    files: {
      'package.json': manifest(name, commandId, plextermVersion),
      'main.js': main(name, commandId),
      'commands.d.ts': commandTypes(commandId),
      'tsconfig.json': typescriptConfig,
      [`test/${name}.test.js`]: pluginTest(commandId),
      '.gitignore': 'node_modules/\n',
    },
  };
}
