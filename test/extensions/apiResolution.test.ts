// A plugin outside plexterm's install (a temporary folder, as the config folder or a --plugins-dir is) imports plexterm/api and plexterm/rxjs at run time.
import nodeModule from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pluginApiVersion } from '../../src/api/index.js';
import { commands, rejection, startWithPlugins } from '../helpers/extensionFixtures.js';

const apiUser = {
  name: 'api-user',
  manifest: commands('api-user.check'),
  code: `import { isCommandContext, pluginApiVersion } from 'plexterm/api';
import { firstValueFrom, map, of } from 'plexterm/rxjs';
export function activate(context) {
  context.subscriptions.push(context.api.commands.register('api-user.check', async (argument) => ({
    version: pluginApiVersion,
    sameAsContext: pluginApiVersion === context.api.version,
    context: isCommandContext(argument),
    explicit: isCommandContext('124'),
    rxjs: await firstValueFrom(of(20).pipe(map((value) => value + 1))),
  })));
}
`,
};

const hasModuleHooks = typeof (nodeModule as object as { registerHooks?: unknown }).registerHooks === 'function';

test('the host resolves plexterm/api and plexterm/rxjs for a plugin outside the install: their values load in the sandbox (Node 22.15+), else the failure says why', async () => {
  const harness = await startWithPlugins([apiUser]);
  try {
    const run = harness.service.executeCommand('api-user.check', { kind: 'commandContext', source: 'palette' });
    if (hasModuleHooks) {
      assert.equal(await run, { version: pluginApiVersion, sameAsContext: true, context: true, explicit: false, rxjs: 21 });
    } else {
      console.log(`  Node ${process.version} has no module.registerHooks: checking the message a plugin importing plexterm/api gets instead`);
      const error = await rejection(run);
      assert.match(error.message, /\[plugin: api-user\] cannot load main\.mjs: it imports plexterm\/api or plexterm\/rxjs at run time, which needs Node 22\.15 or later/);
    }
  } finally {
    await harness.close();
  }
});

test.run();
