// plexterm's files are the person's alone: new files 0600 in 0700 folders, and what an older plexterm left 0644/0755 is tightened at start, through the CLI (main() in this process).
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileDurably } from '../../src/base/durableFile.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

async function modeOf(path: string): Promise<string> {
  return ((await stat(path)).mode & 0o777).toString(8);
}

test('a durably written file is 0600 whatever the umask, unless a mode is given', async () => {
  const folder = await makeTempFolder('plexterm-private-');
  const saved = process.umask(0o022);
  try {
    await writeFileDurably(join(folder.path, 'store.json'), '{}');
    assert.is(await modeOf(join(folder.path, 'store.json')), '600');
  } finally {
    process.umask(saved);
    await folder.remove();
  }
});

test('at start plexterm tightens the files and folders an older one left 0644 and 0755, config.json first; the person\'s bits stay', async () => {
  const home = await makeTempFolder('plexterm-private-');
  try {
    const files = {
      config: join(home.path, 'config', 'config.json'),
      plugin: join(home.path, 'config', 'plugins', 'mine', 'run.sh'),
      listing: join(home.path, 'data', 'listings', 'abc.json'),
      storage: join(home.path, 'data', 'plugin-storage', 'offline.json'),
      log: join(home.path, 'log', 'plugins.log'),
      store: join(home.path, 'cache', 'store', 'shard-0.json'),
    };
    for (const path of Object.values(files)) {
      await mkdir(join(path, '..'), { recursive: true, mode: 0o755 });
      await writeFile(path, path === files.config ? '{"token":"private-token-123"}\n' : '{}\n', { mode: 0o644 });
      await chmod(path, path === files.plugin ? 0o755 : 0o644);
    }
    for (const folder of ['config', 'config/plugins', 'config/plugins/mine', 'data', 'data/listings', 'data/plugin-storage', 'log', 'cache', 'cache/store']) await chmod(join(home.path, folder), 0o755);

    const result = await runMain(['plugins', '--json'], { env: cleanEnvironment(home.path) });
    assert.is(result.code, 0, result.stderr);

    assert.equal(
      Object.fromEntries(await Promise.all(Object.entries(files).map(async ([name, path]) => [name, await modeOf(path)]))),
      { config: '600', plugin: '700', listing: '600', storage: '600', log: '600', store: '600' },
    );
    for (const folder of ['config', 'config/plugins', 'config/plugins/mine', 'data', 'data/listings', 'data/plugin-storage', 'log', 'cache', 'cache/store']) {
      assert.is(await modeOf(join(home.path, folder)), '700', folder);
    }
  } finally {
    await home.remove();
  }
});

test('a private folder is not walked at start: nobody else can reach what a 0700 folder holds, so its files are left as they are', async () => {
  const home = await makeTempFolder('plexterm-private-');
  try {
    // A folder plexterm made (0700) holding a file it did not make (0644): reachable by its owner only, through the folder.
    const inPrivate = join(home.path, 'cache', 'data', 'copied-in');
    // An open folder within the private one is not reached either: the walk stops at the private folder.
    const deeper = join(home.path, 'cache', 'data', 'open', 'part');
    await mkdir(join(deeper, '..'), { recursive: true });
    await writeFile(inPrivate, 'x', { mode: 0o644 });
    await writeFile(deeper, 'x', { mode: 0o644 });
    await chmod(join(home.path, 'cache', 'data', 'open'), 0o755);
    await chmod(join(home.path, 'cache', 'data'), 0o700);
    await chmod(join(home.path, 'cache'), 0o700);
    // Beside it, an open folder (an older plexterm's) is walked and closed as before.
    const logFile = join(home.path, 'log', 'plugins.log');
    await mkdir(join(logFile, '..'), { recursive: true, mode: 0o755 });
    await writeFile(logFile, '', { mode: 0o644 });
    await chmod(join(home.path, 'log'), 0o755);

    const result = await runMain(['plugins', '--json'], { env: cleanEnvironment(home.path) });
    assert.is(result.code, 0, result.stderr);

    assert.is(await modeOf(inPrivate), '644');
    assert.is(await modeOf(deeper), '644');
    assert.is(await modeOf(join(home.path, 'cache', 'data', 'open')), '755');
    assert.is(await modeOf(join(home.path, 'cache')), '700');
    assert.is(await modeOf(logFile), '600');
    assert.is(await modeOf(join(home.path, 'log')), '700');
  } finally {
    await home.remove();
  }
});

test.run();
