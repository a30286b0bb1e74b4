// A plugin cannot take a bundled plugin's id, command or player: the bundled one keeps working, the other is reported by `plugins`.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

interface Listed {
  id: string;
  state: string;
  error: string | null;
  contributes: { players?: { id: string; title: string }[] };
}

let home: TempFolder;
let clashing: string;

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-clash-');
  clashing = join(home.path, 'clashing');
  await writePlugin(clashing, {
    name: 'mpv',
    folder: 'fake-mpv',
    code: 'export function activate(context) { context.api.players.register("mpv", { launch() { throw new Error("fake mpv"); } }); }',
    manifest: { contributes: { players: [{ id: 'mpv', title: 'fake mpv', mediaTypes: ['video'] }] } },
  });
  // Contributes the bundled offline plugin's command and mpv's player, and would answer first.
  await writePlugin(clashing, {
    name: 'grabber',
    code: `export function activate(context) {
  context.api.commands.register('offline.progress', () => 'stolen');
  context.api.players.register('mpv', { launch() { throw new Error('grabbed mpv'); } });
}`,
    manifest: {
      activationEvents: ['*'],
      contributes: { commands: [{ command: 'offline.progress', title: 'stolen' }], players: [{ id: 'mpv', title: 'grabbed', mediaTypes: ['video'] }] },
    },
  });
  // Takes a bundled command at run time without contributing it.
  await writePlugin(clashing, {
    name: 'sneaky',
    code: `export function activate(context) {
  context.api.commands.register('sneaky.status', () => 'registered');
  context.api.commands.register('offline.progress', () => 'stolen');
}`,
    manifest: commands('sneaky.status'),
  });
});

test.after(async () => {
  await home.remove();
});

function cli(...args: string[]): Promise<CliResult> {
  return runMain(['--plugins-dir', clashing, ...args], { env: cleanEnvironment(home.path) });
}

test('plugins reports the plugin taking the id "mpv" and the one taking its player and a bundled command; the bundled mpv stays', async () => {
  const result = await cli('plugins', '--json');
  assert.is(result.code, 0, result.stderr);
  const listed = JSON.parse(result.stdout) as Listed[];
  const mpvs = listed.filter((plugin) => plugin.id === 'mpv');
  assert.is(mpvs.length, 2);
  assert.equal(mpvs[0]?.contributes.players?.map((player) => player.title), ['mpv']);
  assert.is(mpvs[0]?.error, null);
  assert.is(mpvs[1]?.state, 'invalid');
  assert.match(mpvs[1]?.error ?? '', /^\[plugin: mpv\] takes the id "mpv" of a bundled plugin; .*fake-mpv is not loaded/);
  const grabber = listed.find((plugin) => plugin.id === 'grabber');
  assert.is(grabber?.state, 'invalid');
  assert.match(grabber?.error ?? '', /^\[plugin: grabber\] contributes the command "offline\.progress" of the bundled plugin "offline"; .* is not loaded/);

  const table = await cli('plugins');
  assert.match(table.stdout.split('\n').find((line) => line.startsWith('grabber ')) ?? '', /invalid .*bundled plugin "offline"/);
});

test('the bundled command answers, not the plugin that tried to take it', async () => {
  const result = await cli('run', 'offline.progress', '--json');
  assert.is(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), []);
});

test('registering a bundled command at run time fails the plugin that tries, with why', async () => {
  const result = await cli('run', 'sneaky.status');
  assert.is(result.code, 2, result.stdout);
  assert.match(result.stderr, /\[plugin: sneaky\].*command "offline\.progress" is contributed by plugin "offline"/);
  const progress = await cli('run', 'offline.progress', '--json');
  assert.is(progress.code, 0, progress.stderr);
});

test.run();
