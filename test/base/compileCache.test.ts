// Node's compile cache (src/base/compileCache.ts): where it goes, that the real command uses it on a Node that has one
// (22.1 and later) and writes nothing on one that has none (20), and that a plugin cannot write the program's.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheFolderOf, compileCacheName, hasCompileCache } from '../../src/base/compileCache.js';
import { resolvePaths } from '../../src/base/paths.js';
import { packageRoot } from '../../src/base/packageRoot.js';
import { commands, startWithPlugins } from '../helpers/extensionFixtures.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const bin = join(packageRoot(), 'bin', 'plexterm.js');
/** Node has a compile cache from 22.1 on; the suite runs on 20, 22 and 24. */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const nodeHasCache = major > 22 || (major === 22 && minor >= 1);

/** Every file below `folder` (none when it does not exist). */
function filesBelow(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Runs the real command (bin/plexterm.js, the bundle, no tsx) with PLEXTERM_HOME `home`; resolves with what it printed. */
async function runBin(home: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string }> {
  const environment = cleanEnvironment(home, extra);
  for (const name of ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE']) delete environment[name];
  const child = spawn(process.execPath, [bin, ...args], { env: environment, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout };
}

test('the folder: --home (either form, before any --) wins over PLEXTERM_HOME, which wins over the XDG cache folder', () => {
  const env = { PLEXTERM_HOME: '/srv/env-home' };
  assert.is(cacheFolderOf(['--home', '/srv/a', 'ls'], env), join('/srv/a', 'cache'));
  assert.is(cacheFolderOf(['ls', '--home=/srv/b'], env), join('/srv/b', 'cache'));
  assert.is(cacheFolderOf(['--home', 'relative'], {}), join(resolve('relative'), 'cache'));
  assert.is(cacheFolderOf(['play', '1', '--', '--home', '/srv/c'], env), join('/srv/env-home', 'cache'));
  assert.is(cacheFolderOf(['ls'], env), join('/srv/env-home', 'cache'));
  assert.is(cacheFolderOf(['ls', '--home'], env), join('/srv/env-home', 'cache'));
  assert.is(cacheFolderOf(['ls'], {}), resolvePaths(undefined).cache);
  assert.is(hasCompileCache(), nodeHasCache);
});

test('the command keeps its compiled code in the cache folder where Node has a compile cache, and prints the same from it; elsewhere it writes nothing', async () => {
  const home = await makeTempFolder('plexterm-compile-cache-');
  try {
    const first = await runBin(home.path, ['--help']);
    assert.is(first.code, 0);
    assert.match(first.stdout, /^Usage: plexterm /);
    const cached = filesBelow(join(home.path, 'cache', compileCacheName));
    if (nodeHasCache) {
      assert.ok(cached.length > 0 && cached.every((file) => file.startsWith(join(home.path, 'cache', compileCacheName, 'plexterm') + '/')), cached.join('\n'));
      // The second run starts from the cache and prints byte for byte the same.
      const second = await runBin(home.path, ['--help']);
      assert.equal([second.code, second.stdout], [0, first.stdout]);
    } else {
      assert.equal(cached, [], `Node ${process.version} has no compile cache: nothing is written`);
    }
    // PLEXTERM_NO_COMPILE_CACHE (to measure without it): nothing written.
    const other = await makeTempFolder('plexterm-compile-cache-off-');
    try {
      assert.is((await runBin(other.path, ['--help'], { PLEXTERM_NO_COMPILE_CACHE: '1' })).code, 0);
      assert.equal(filesBelow(join(other.path, 'cache')), []);
    } finally {
      await other.remove();
    }
  } finally {
    await home.remove();
  }
});

/** A plugin that tries to write the program's compile cache folder, and its host's. */
const writer = `import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
function attempt(folder) {
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'planted'), 'x');
    return 'allowed';
  } catch (error) {
    return error.code ?? error.message;
  }
}
export function activate(context) {
  context.api.commands.register('writer.try', (cache) => ({ program: attempt(join(cache, '${compileCacheName}', 'plexterm')), top: attempt(join(cache, '${compileCacheName}')) }));
}
`;

test('the plugin host has a compile cache of its own, written when plexterm closes it; a plugin cannot write the program\'s', async () => {
  const home = await makeTempFolder('plexterm-compile-cache-host-');
  const paths = resolvePaths(home.path);
  const harness = await startWithPlugins([{ name: 'writer', code: writer, manifest: commands('writer.try') }], { paths });
  let tried: unknown;
  try {
    tried = await harness.service.executeCommand('writer.try', paths.cache);
  } finally {
    await harness.close();
  }
  try {
    assert.equal(tried, { program: 'ERR_ACCESS_DENIED', top: 'ERR_ACCESS_DENIED' });
    assert.not.ok(existsSync(join(paths.cache, compileCacheName, 'plexterm', 'planted')));
    const hostFiles = filesBelow(join(paths.cache, compileCacheName, 'plugin-host'));
    if (nodeHasCache) assert.ok(hostFiles.length > 0, 'the host wrote its compile cache as it was closed');
    else assert.equal(filesBelow(join(paths.cache, compileCacheName)), [], `Node ${process.version}: no compile cache, no folder`);
  } finally {
    await home.remove();
  }
});

test.run();
