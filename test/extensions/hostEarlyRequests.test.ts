// A request sent to the plugin host as it is forked, before it said it is ready, is answered: Node holds a child's
// messages until it listens. The supervisor sends a plugin's activation so (HostProcess.start's `forked`), so the
// activation does not wait for this process to hear "ready", which waits behind whatever it is busy with.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HostProcess } from '../../src/extensions/hostProcess.js';
import { installFolders } from '../../src/extensions/hostSandbox.js';
import type { ActivationData } from '../../src/extensions/protocol.js';
import { Observable } from '../../src/extensions/observable.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

test('an activation sent as the host is forked runs while this process is too busy to hear "ready"', async () => {
  const folder = await makeTempFolder('plexterm-host-early-');
  const pluginFolder = join(folder.path, 'early');
  const storagePath = join(folder.path, 'storage');
  mkdirSync(pluginFolder);
  mkdirSync(storagePath);
  writeFileSync(join(pluginFolder, 'package.json'), JSON.stringify({ name: 'early', version: '1.0.0', main: 'main.mjs', engines: { plexterm: '^1.0.0' } }));
  // The plugin leaves a mark in its storage folder as it activates.
  writeFileSync(
    join(pluginFolder, 'main.mjs'),
    "import { writeFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport function activate(context) { writeFileSync(join(context.storagePath, 'activated'), 'yes'); }\n",
  );
  const data: ActivationData = { id: 'early', folder: pluginFolder, mainPath: join(pluginFolder, 'main.mjs'), storagePath, settings: {}, storage: {}, playerOwners: {}, commandOwners: {} };
  const log: string[] = [];
  let activation: Promise<unknown> | undefined;
  let host: HostProcess | undefined;
  let forkedHost: HostProcess | undefined;
  try {
    const started = HostProcess.start(
      {
        heartbeatMs: timeLimit(200),
        log: (line) => log.push(line),
        handlers: { request: async () => null, notify: () => undefined, subscribe: () => new Observable(() => undefined) },
        onExit: () => undefined,
        sandbox: { read: [...installFolders(), pluginFolder], write: [storagePath] },
        environment: process.env,
      },
      (forked) => {
        forkedHost = forked;
        activation = forked.channel.request('activate', [data]);
        // From here this process serves no event: it cannot hear the host's "ready" until the plugin has activated.
        const mark = join(storagePath, 'activated');
        const deadline = Date.now() + timeLimit(20_000);
        while (!existsSync(mark) && Date.now() < deadline) {
          // busy, as a play loading its modules is
        }
        assert.ok(existsSync(mark), `the plugin did not activate before its host was heard ready:\n${log.join('\n')}`);
      },
    );
    host = await started;
    assert.ok(activation, 'HostProcess.start told the forked host');
    await activation;
  } finally {
    // Also when the check above failed inside start: no host is left running.
    await (host ?? forkedHost)?.kill();
    await folder.remove();
  }
});

test.run();
