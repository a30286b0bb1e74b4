// A player is prepared right behind its plugin's activation (ExtensionService.preparePlayer): the request goes to the
// host at once and the host holds it until the activation is done, so it need not wait for this process to hear that
// the plugin is active (a play is busy loading its modules then). Real host, real plugins.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands, rejection, startWithPlugins, type ServiceHarness } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

const starter = { name: 'starter', manifest: commands('starter.go'), code: `export function activate(context) { context.api.commands.register('starter.go', () => 'up'); }` };

/** Its activation takes a while (a timer); its prepare leaves a mark in its storage folder. */
const slowPlayer = {
  name: 'slow-player',
  manifest: { contributes: { players: [{ id: 'slow', title: 'Slow player', mediaTypes: ['video'] }] } },
  code: `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
export async function activate(context) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  context.api.players.register('slow', {
    async launch() { return {}; },
    async prepare(options) {
      writeFileSync(join(context.storagePath, 'prepared'), options.args.join(' '));
      return { async launch() { return {}; }, async dispose() {} };
    },
  });
}`,
};

/** Its activation fails. */
const brokenPlayer = {
  name: 'broken-player',
  manifest: { contributes: { players: [{ id: 'broken', title: 'Broken player', mediaTypes: ['video'] }] } },
  code: `export async function activate() { await new Promise((resolve) => setTimeout(resolve, 20)); throw new Error('no mpv here'); }`,
};

async function withService(body: (harness: ServiceHarness, data: string) => Promise<void>): Promise<void> {
  const home: TempFolder = await makeTempFolder('plexterm-prepare-');
  const data = join(home.path, 'data');
  await mkdir(data);
  const harness = await startWithPlugins([starter, slowPlayer, brokenPlayer], { paths: { config: join(home.path, 'config'), data } });
  try {
    await body(harness, data);
  } finally {
    await harness.close();
    await home.remove();
  }
}

test('prepare on a player whose plugin is not active: the host prepares it after the activation while this process is too busy to hear of it', () =>
  withService(async (harness, data) => {
    // The host runs (another plugin's command), the player's plugin is not active yet.
    assert.is(await harness.service.executeCommand('starter.go'), 'up');
    assert.is(harness.service.plugins().find((plugin) => plugin.id === 'slow-player')?.state, 'inactive');
    const player = harness.service.players().find((candidate) => candidate.id === 'slow');
    if (!player?.prepare) throw new Error('the slow player has no prepare');
    const preparing = player.prepare({ args: ['--idle'] });
    preparing.catch(() => undefined); // awaited below, once the check is done
    // One turn for the requests to go out; the activation takes 50 ms in the host, so it is not done yet.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // From here this process serves no event: it cannot hear that the plugin is active.
    const mark = join(data, 'plugin-storage', 'slow-player', 'prepared');
    const deadline = Date.now() + timeLimit(20_000);
    while (!existsSync(mark) && Date.now() < deadline) {
      // busy, as a play loading its modules is
    }
    assert.ok(existsSync(mark), `the player was not prepared before this process heard its plugin was active:\n${harness.log.join('\n')}`);
    const prepared = await preparing;
    assert.ok(prepared, 'a prepared player');
    assert.is(harness.service.plugins().find((plugin) => plugin.id === 'slow-player')?.state, 'active');
    await prepared?.dispose();
  }));

test("prepare on a player whose plugin fails to activate rejects with the activation's error, not with an unknown player", () =>
  withService(async (harness) => {
    assert.is(await harness.service.executeCommand('starter.go'), 'up');
    const player = harness.service.players().find((candidate) => candidate.id === 'broken');
    if (!player?.prepare) throw new Error('the broken player has no prepare');
    const error = await rejection(player.prepare({ args: [] }));
    assert.match(error.message, /\[plugin: broken-player\].*no mpv here/);
    assert.is(harness.service.plugins().find((plugin) => plugin.id === 'broken-player')?.state, 'failed');
  }));

test('prepare on a player whose plugin is active already: prepared as before', () =>
  withService(async (harness) => {
    const player = await harness.service.getPlayer('slow');
    const prepared = await player.prepare?.({ args: [] });
    assert.ok(prepared);
    await prepared?.dispose();
  }));

test.run();
