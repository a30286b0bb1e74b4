// Fixture plugins for the extension host tests: written into a temporary folder, and a service over them that logs to memory.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExtensionService, type ExtensionServiceOptions } from '../../src/extensions/extensionService.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';
import { timeLimit } from './timeLimit.js';

export interface FixturePlugin {
  name: string;
  /** The main module's source (ESM); omitted for a data-only plugin. */
  code?: string;
  /** Merged over the generated package.json: `{ name, version: '1.0.0', engines: { plexterm: '^1.0.0' }, main: 'main.mjs' }`. */
  manifest?: Record<string, unknown>;
  /** Extra files, relative to the plugin folder. */
  files?: Record<string, string>;
  /** The plugin's folder name, when it must differ from `name`. */
  folder?: string;
}

export async function writePlugin(root: string, plugin: FixturePlugin): Promise<string> {
  const folder = join(root, plugin.folder ?? plugin.name);
  await mkdir(folder, { recursive: true });
  const manifest = { name: plugin.name, version: '1.0.0', engines: { plexterm: '^1.0.0' }, ...(plugin.code === undefined ? {} : { main: 'main.mjs' }), ...plugin.manifest };
  await writeFile(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (plugin.code !== undefined) await writeFile(join(folder, 'main.mjs'), plugin.code);
  for (const [path, text] of Object.entries(plugin.files ?? {})) {
    await mkdir(join(folder, path, '..'), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  return folder;
}

export interface ServiceHarness {
  service: ExtensionService;
  folder: TempFolder;
  /** Every line the service logged. */
  log: string[];
  /** Disposes the service (kills the host) and removes the folder. */
  close(): Promise<void>;
}

/** Writes `plugins` into a fresh folder and starts a service over it (no bundled plugins, short heartbeat). */
export async function startWithPlugins(plugins: FixturePlugin[], options: ExtensionServiceOptions = {}): Promise<ServiceHarness> {
  const folder = await makeTempFolder('plexterm-plugins-');
  const root = join(folder.path, 'plugins');
  for (const plugin of plugins) await writePlugin(root, plugin);
  const log: string[] = [];
  const service = await ExtensionService.start({
    bundledPluginsDir: null,
    pluginDirs: [root],
    heartbeatMs: timeLimit(200),
    activationTimeoutMs: timeLimit(10_000),
    log: (line) => log.push(line),
    ...options,
  });
  return {
    service,
    folder,
    log,
    async close() {
      await service.dispose();
      await folder.remove();
    },
  };
}

/** A manifest fragment contributing commands. */
export function commands(...ids: string[]): Record<string, unknown> {
  return { contributes: { commands: ids.map((command) => ({ command, title: command })) } };
}

/** Polls `check` until it holds; for states that change in the background (a host restart). Not a timing assertion. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeLimit(timeoutMs);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with the error `promise` rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** The listed state of plugin `id`. */
export function stateOf(harness: ServiceHarness, id: string): string | undefined {
  return harness.service.plugins().find((plugin) => plugin.id === id)?.state;
}
