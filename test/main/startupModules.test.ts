// What a command loads decides how soon it answers (issue 15): `--help` and a command's own help need only the
// command line's declarations, `libraries --json` only the HTTP client. Each runs the real CLI with a preload
// that lists every module the process loads, and the test names those it must not.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { startDemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const root = packageRoot();
const preload = join(root, 'test', 'helpers', 'loadedModules.ts');

/** The files (relative to plexterm's folder) that `plexterm ARGS` loaded, tsx's own and the preload's left out. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const home = await makeTempFolder();
  try {
    const list = join(home.path, 'modules.txt');
    const result = await runCli(args, { env: cleanEnvironment(home.path, { PLEXTERM_TEST_LOADED_MODULES: list }), nodeArguments: ['--import', preload] });
    assert.is(result.code, 0, `plexterm ${args.join(' ')}: ${result.stderr}`);
    const files = (await readFile(list, 'utf8')).split('\n').filter((line) => line.startsWith(`file://${root}/`));
    return [...new Set(files.map((line) => line.slice(`file://${root}/`.length).replace(/\?.*$/, '')))].filter((file) => !/^node_modules\/(tsx|esbuild|get-tsconfig|resolve-pkg-maps)\/|^test\/helpers\//.test(file));
  } finally {
    await home.remove();
  }
}

function packageOf(file: string): string | undefined {
  return /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
}

function assertNoneLoaded(loaded: readonly string[], forbidden: { packages: readonly string[]; folders: readonly string[] }, what: string): void {
  // The list is read from a working preload: the CLI's own entry and commander are always in it.
  assert.ok(loaded.includes('src/cli/main.ts') && loaded.some((file) => packageOf(file) === 'commander'), `${what}: the preload listed ${loaded.length} modules`);
  const packages = loaded.map(packageOf).filter((name) => name !== undefined && forbidden.packages.includes(name));
  assert.equal([...new Set(packages)], [], `${what} loads packages it does not use`);
  assert.equal(loaded.filter((file) => forbidden.folders.some((folder) => file.startsWith(folder))), [], `${what} loads plexterm modules it does not use`);
}

/** What a help text needs none of: every part behind a session, and the table's display-width measuring. */
const notForHelp = {
  packages: ['blessed', 'rxjs', 'axios', 'axios-retry', 'ajv', 'lowdb', 'string-width', 'env-paths', 'pngjs'],
  folders: ['src/session/', 'src/tui/', 'src/plex/', 'src/demo/', 'src/playback/', 'src/extensions/', 'src/offline/', 'src/cache/index.ts', 'src/cache/cacheManager.ts', 'src/cache/lifecycle/', 'src/cache/store/', 'src/cache/download/', 'src/cache/proxy/', 'src/cache/upstream/', 'src/base/config.ts', 'src/cli/tokenInput.ts', 'src/main/openTui.ts'],
};

test('--help, a command\'s --help and a subcommand\'s --help load the declarations only: no session, cache, TUI, HTTP client or tables', async () => {
  for (const args of [['--help'], ['play', '--help'], ['cache', 'ls', '--help'], ['libraries', '--help']]) {
    assertNoneLoaded(await modulesLoadedBy(args), notForHelp, args.join(' '));
  }
});

test('libraries --json loads the HTTP client, not the TUI, the cache, the plugin host, playback, the demo server or the tables', async () => {
  const server = await startDemoServer();
  try {
    const loaded = await modulesLoadedBy(['--server', server.url, '--token', server.token, 'libraries', '--json']);
    assert.ok(loaded.includes('src/plex/client.ts'), 'libraries --json talks to the server through the Plex client');
    assertNoneLoaded(loaded, {
      packages: ['blessed', 'rxjs', 'lowdb', 'string-width', 'pngjs'],
      folders: ['src/tui/', 'src/demo/', 'src/playback/', 'src/extensions/', 'src/offline/', 'src/cache/index.ts', 'src/cache/cacheManager.ts', 'src/cache/lifecycle/', 'src/cache/store/', 'src/cache/download/', 'src/cache/proxy/', 'src/cache/upstream/', 'src/main/openTui.ts'],
    }, 'libraries --json');
  } finally {
    await server.close();
  }
});

test.run();
