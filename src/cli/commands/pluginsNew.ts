// `plexterm plugins new <name>`: writes a working plugin to start from, and says how to run, typecheck and test it.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assetPath, packageVersion } from '../../base/packageRoot.js';
import { UsageError } from '../../base/errors.js';
import { discoverPlugins } from '../../extensions/discovery.js';
import type { Output } from '../output.js';
import { pluginTemplate } from './pluginTemplate.js';

export interface PluginsNewFlags {
  dir?: string;
}

/** A plugin id, as manifests allow it (manifestSchema.ts); it names the folder and prefixes the command. */
const namePattern = /^[a-z0-9][a-z0-9._-]*$/;
const longestName = 214;

async function checkName(name: string): Promise<void> {
  if (!namePattern.test(name) || name.length > longestName) {
    throw new UsageError(`"${name}" is not a plugin name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. my-plugin)`);
  }
  const bundled = await discoverPlugins([assetPath('plugins')]);
  if (bundled.some((plugin) => plugin.id === name)) throw new UsageError(`"${name}" is a bundled plugin's id, which no other plugin may take: choose another name`);
}

export async function pluginsNewAction(output: Output, flags: PluginsNewFlags, name: string): Promise<void> {
  await checkName(name);
  const parent = resolve(flags.dir ?? '.');
  const folder = join(parent, name);
  if (existsSync(folder)) throw new UsageError(`${folder} already exists: nothing was written (choose another name or --dir)`);
  const template = pluginTemplate(name, packageVersion());
  // Written beside its place, then moved there whole: a failure leaves no half-written plugin, and an
  // existing folder (made meanwhile) is never written into.
  await mkdir(parent, { recursive: true });
  const draft = join(parent, `.${name}-${randomUUID()}`);
  try {
    await mkdir(draft);
    for (const [path, text] of Object.entries(template.files)) {
      await mkdir(dirname(join(draft, path)), { recursive: true });
      await writeFile(join(draft, path), text);
    }
    if (existsSync(folder)) throw new UsageError(`${folder} already exists: nothing was written (choose another name or --dir)`);
    await rename(draft, folder);
  } catch (error) {
    await rm(draft, { recursive: true, force: true });
    throw error;
  }
  const command = template.commandId;
  output.out(
    [
      `wrote the plugin ${name} in ${folder}:`,
      ...Object.keys(template.files).map((path) => `  ${path}`),
      '',
      'Next:',
      `  plexterm --plugins-dir ${quoted(parent)} --demo run ${command}   run its command against the demo server`,
      `  plexterm --plugins-dir ${quoted(parent)} --demo                   the TUI: ":" opens the palette, where the command is`,
      `  cd ${quoted(folder)} && npm install && npm run typecheck && npm test`,
      `  plexterm plugins trust ${name}   after copying it to your config folder's plugins/, to run it without --plugins-dir`,
    ].join('\n'),
  );
}

/** A path as a shell would take it back: quoted when it holds anything but plain characters. */
function quoted(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
