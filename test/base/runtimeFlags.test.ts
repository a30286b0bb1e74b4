// The V8 flags plexterm runs with reach node both ways it is started: the installed command (its shebang) and `npm start`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../../src/base/packageRoot.js';
import { nodeFlags } from '../../src/base/runtimeFlags.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const bin = join(packageRoot(), 'bin', 'plexterm.js');

test('the shebang of bin/plexterm.js starts node with exactly the runtime flags', () => {
  const shebang = readFileSync(bin, 'utf8').split('\n')[0] ?? '';
  assert.is(shebang, `#!/usr/bin/env -S node ${nodeFlags.join(' ')}`);
});

test('npm start passes the runtime flags to node, and npm run bench measures with them', () => {
  const scripts = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.is(scripts.start, `node ${nodeFlags.join(' ')} bin/plexterm.js`);
  assert.match(scripts.bench ?? '', ` node ${nodeFlags.join(' ')} --import tsx bench/run.ts`);
});

test('started through its shebang, as the installed command is, plexterm runs with the flags', async () => {
  assert.ok(existsSync(join(packageRoot(), 'dist', 'bundle', 'plexterm.js')), 'dist/bundle is missing: `npm install` builds it (the prepare script)');
  const home = await makeTempFolder();
  try {
    // demo-server runs until told to stop, so its command line can be read while it runs.
    const child = spawn(bin, ['demo-server'], { env: cleanEnvironment(home.path), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      lines.close();
      assert.match(line, /"url":"http:\/\/127\.0\.0\.1:\d+"/);
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of nodeFlags) assert.ok(commandLine.includes(flag), `${flag} missing from ${commandLine.join(' ')}`);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.is(code, 0, `exit ${code}, signal ${signal}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    await home.remove();
  }
});

test.run();
