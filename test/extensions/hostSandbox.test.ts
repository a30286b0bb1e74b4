// The plugin host's sandbox: what a plugin may and may not do in it (on the Node this suite runs on), and the flags for each Node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { permissionFlag, sandboxArguments, sandboxWarning } from '../../src/extensions/hostSandbox.js';
import { commands, startWithPlugins } from '../helpers/extensionFixtures.js';

/** Tries each thing a sandboxed plugin must not do, and writing in its storage folder, which it may. */
const tester = `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
async function attempt(body) {
  try {
    await body();
    return 'allowed';
  } catch (error) {
    return error.code ?? error.message;
  }
}
export function activate(context) {
  context.api.commands.register('tester.try', async () => ({
    childProcess: await attempt(async () => (await import('node:child_process')).execFileSync('true')),
    worker: await attempt(async () => { const { Worker } = await import('node:worker_threads'); new Worker('1', { eval: true }).terminate(); }),
    wasi: await attempt(async () => { const { WASI } = await import('node:wasi'); new WASI({ version: 'preview1' }); }),
    binding: await attempt(async () => process.binding('fs')),
    writeOwnFolder: await attempt(async () => writeFileSync(join(context.pluginPath, 'changed.txt'), 'x')),
    readPasswd: await attempt(async () => (await import('node:fs')).readFileSync('/etc/passwd')),
    writeStorage: await attempt(async () => writeFileSync(join(context.storagePath, 'kept.txt'), 'kept')),
    storagePath: context.storagePath,
  }));
}
`;

test('a sandboxed plugin starts no process, worker or WASI module, reaches no binding, reads nothing outside, writes only in its storage folder', async () => {
  assert.ok(permissionFlag() !== null, `Node ${process.version} has a permission model`);
  const harness = await startWithPlugins([{ name: 'tester', code: tester, manifest: commands('tester.try') }]);
  try {
    const found = (await harness.service.executeCommand('tester.try')) as Record<string, string>;
    const { storagePath, ...tried } = found;
    assert.equal(tried, {
      childProcess: 'ERR_ACCESS_DENIED',
      worker: 'ERR_ACCESS_DENIED',
      wasi: 'ERR_ACCESS_DENIED',
      binding: 'ERR_ACCESS_DENIED',
      writeOwnFolder: 'ERR_ACCESS_DENIED',
      readPasswd: 'ERR_ACCESS_DENIED',
      writeStorage: 'allowed',
    });
    assert.is(readFileSync(join(storagePath!, 'kept.txt'), 'utf8'), 'kept');
    assert.not.ok(existsSync(join(harness.folder.path, 'plugins', 'tester', 'changed.txt')));
  } finally {
    await harness.close();
  }
});

test('the flags: --permission on Node 22 and later, --experimental-permission (its warning silenced) on Node 20, none without a model, which plugins then say', () => {
  const folders = { read: ['/opt/plexterm', '/home/me/plugins/a'], write: ['/home/me/data/plugin-storage/a'] };
  assert.equal(sandboxArguments(folders, '--permission'), [
    '--permission',
    '--allow-fs-read=/opt/plexterm',
    '--allow-fs-read=/home/me/plugins/a',
    '--allow-fs-read=/home/me/data/plugin-storage/a',
    '--allow-fs-write=/home/me/data/plugin-storage/a',
  ]);
  assert.equal(sandboxArguments(folders, '--experimental-permission').slice(0, 2), ['--experimental-permission', '--disable-warning=ExperimentalWarning']);
  assert.equal(sandboxArguments(folders, null), []);
  assert.is(permissionFlag(new Set(['--permission', '--experimental-permission'])), '--permission');
  assert.is(permissionFlag(new Set(['--experimental-permission'])), '--experimental-permission');
  assert.is(permissionFlag(new Set()), null);
  assert.match(sandboxWarning(null) ?? '', /^plugins run without a sandbox: Node v[\d.]+ has no permission model/);
  assert.is(sandboxWarning('--permission'), null);
});

test.run();
