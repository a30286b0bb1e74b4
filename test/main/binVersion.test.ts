// bin/plexterm.js answers `--version` (and `-V`) before loading the program: the answer must stay the one the
// CLI itself gives, and anything more on the command line goes to the CLI as before.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { runMain } from '../helpers/cliInProcess.js';

const run = promisify(execFile);

async function bin(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/plexterm.js', ...args], { cwd: packageRoot(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
}

test('--version and -V print what the CLI prints, the package version and a newline, with nothing on stderr', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const fromMain = await runMain(['--version']);
  assert.is(fromMain.stdout, `${version}\n`);
  for (const flag of ['--version', '-V']) {
    const answer = await bin(flag);
    assert.is(answer.stdout, fromMain.stdout, flag);
    assert.is(answer.stderr, '', flag);
  }
});

test('with anything more on the command line the CLI answers, as it always did', async () => {
  for (const args of [['--version', '--json'], ['--help']]) {
    const fromMain = await runMain(args);
    const answer = await bin(...args);
    assert.is(answer.stdout, fromMain.stdout, args.join(' '));
    assert.ok(answer.stdout.length > 0, args.join(' '));
  }
});

test.run();
