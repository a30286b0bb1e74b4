// The plugin host's environment comes from the session's, through the allowlist of src/base/childEnvironment.ts,
// not from process.env: a session whose environment differs from this process's shows in what a plugin sees.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Output } from '../../src/session/output.js';
import { Session } from '../../src/session/session.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const quiet: Output = { out: () => undefined, err: () => undefined };

test('a plugin sees the allowed variables of the session\'s environment, not of process.env, and never its token', async () => {
  const home = await makeTempFolder('plexterm-plugin-environment-');
  const pluginsFolder = join(home.path, 'dev-plugins');
  await writePlugin(pluginsFolder, {
    name: 'probe',
    code: 'export function activate(c) { c.api.commands.register("probe.environment", () => JSON.stringify(process.env)); }',
    manifest: commands('probe.environment'),
  });
  const environment: NodeJS.ProcessEnv = {
    HOME: home.path,
    TZ: 'Pacific/Chatham',
    LC_MEASUREMENT: 'plexterm-session-probe',
    PLEXTERM_TOKEN: 'session-environment-token-5d1e',
    // Not allowed: it stays out however it is spelled.
    SECRET_OF_THE_SESSION: 'kept-out',
  };
  assert.is.not(process.env.LC_MEASUREMENT, environment.LC_MEASUREMENT, 'the test needs a value process.env does not have');
  assert.ok(process.env.PATH, 'process.env has a PATH the session\'s environment lacks');
  const session = new Session({ home: home.path, pluginsDir: [pluginsFolder] }, quiet, environment);
  try {
    await session.start();
    const extensions = await session.extensions();
    const seen = JSON.parse(String(await extensions.executeCommand('probe.environment'))) as NodeJS.ProcessEnv;
    assert.is(seen.TZ, 'Pacific/Chatham');
    assert.is(seen.LC_MEASUREMENT, 'plexterm-session-probe');
    assert.is(seen.HOME, home.path);
    assert.is(seen.PATH, undefined, 'process.env\'s PATH is not the session\'s');
    assert.is(seen.PLEXTERM_TOKEN, undefined);
    assert.is(seen.SECRET_OF_THE_SESSION, undefined);
    assert.not.match(JSON.stringify(seen), /session-environment-token-5d1e/);
  } finally {
    await session.dispose();
    await home.remove();
  }
});

test.run();
