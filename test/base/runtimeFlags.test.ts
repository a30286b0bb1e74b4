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
  assert.is(shebang, ['#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS PLEXTERM_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node', ...nodeFlags].join(' '));
});

test('npm start passes the runtime flags to node, and npm run bench measures with them', () => {
  const scripts = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.is(scripts.start, ['node', ...nodeFlags, 'bin/plexterm.js'].join(' '));
  assert.match(scripts.bench ?? '', ` ${['node', ...nodeFlags, '--import tsx bench/run.ts'].join(' ')}`);
});

test('started through its shebang, as the installed command is, plexterm runs with the flags, and NODE_EXTRA_CA_CERTS is handed to it, not to node', async () => {
  assert.ok(existsSync(join(packageRoot(), 'dist', 'bundle', 'plexterm.js')), 'dist/bundle is missing: `npm install` builds it (the prepare script)');
  const home = await makeTempFolder();
  try {
    // demo-server runs until told to stop, so its command line can be read while it runs.
    const certificates = join(home.path, 'extra-authorities.pem');
    const child = spawn(bin, ['demo-server'], { env: cleanEnvironment(home.path, { NODE_EXTRA_CA_CERTS: certificates }), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      lines.close();
      assert.match(line, /"url":"http:\/\/127\.0\.0\.1:\d+"/);
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      // node, exactly the runtime flags (none: see runtimeFlags.ts), then the script.
      assert.equal(commandLine.slice(1, 2 + nodeFlags.length), [...nodeFlags, bin], commandLine.join(' '));
      // NODE_EXTRA_CA_CERTS reaches plexterm under its own name, not Node (which would read it at every start on Node 20).
      const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      assert.ok(!environment.some((entry) => entry.startsWith('NODE_EXTRA_CA_CERTS=')), 'NODE_EXTRA_CA_CERTS is not in node\'s environment');
      assert.ok(environment.includes(`PLEXTERM_EXTRA_CA_CERTS=${certificates}`), environment.filter((entry) => entry.includes('CA_CERTS')).join(' '));
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
