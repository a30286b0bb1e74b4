// `plexterm play` end to end with a fixture player plugin: resume and --from-start and signals in real CLI processes; the server ending the session, failures and their exit codes through main() in this process.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseQuirk, startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { fakePlayerPlugin, playEvents, timelineStates } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/**
 * A player whose plugin finishes activating only once a cache entry is ready: a play that waited for
 * the player's plugin before fetching the metadata and filling the entry would never get there.
 */
const gatedPlayerPlugin = {
  name: 'gated-player',
  manifest: { contributes: { players: [{ id: 'gated', title: 'Gated player', mediaTypes: ['video'] }] } },
  code: `export async function activate(context) {
  await new Promise((resolve) => {
    const subscription = context.api.cache.entries$.subscribe({
      next(entries) {
        if (!entries.some((entry) => entry.state === 'ready')) return;
        resolve();
        queueMicrotask(() => subscription.unsubscribe());
      },
    });
  });
  context.log('active once an entry was ready');
  context.subscriptions.push(context.api.players.register('gated', { async launch() { return {}; } }));
}`,
};

let home: TempFolder;
let pluginsDir: string;
const demos: DemoServer[] = [];

/** A fresh demo for each test: the play state (viewOffset) of one test never leaks into the next. */
async function demo(quirks: string[] = []): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true, quirks: Object.assign({}, ...quirks.map(parseQuirk)) });
  demos.push(server);
  return server;
}

function playArgs(server: DemoServer, ...args: string[]): string[] {
  return ['--server', server.url, '--token', server.token, '--plugins-dir', pluginsDir, 'play', ...args];
}

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-play-');
  pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, fakePlayerPlugin);
  await writePlugin(pluginsDir, gatedPlayerPlugin);
});

// A test that fails before it stops its long-running CLI must not leave that CLI holding the shared cache folder for the next tests.
test.after.each(killLiveClis);

test.after(async () => {
  await killLiveClis();
  await Promise.all(demos.map((server) => server.close()));
  await home.remove();
});

test('play resumes at the viewOffset; SIGINT stops the player, reports stopped to the server and exits 0', async () => {
  const server = await demo();
  const live = startCli(home.path, playArgs(server, '103', '--player', 'fake', '--headless', '--json'));
  const launched = playEvents([await live.waitForLine(/"type":"launched"/)])[0];
  assert.equal(launched && launched.type === 'launched' ? launched.startAt : null, 4500);
  await live.waitForLine(/"type":"position"/);
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
  const events = playEvents(live.lines);
  // A single item plays as a queue of one: `stopped` names it, then the queue ends.
  assert.equal(events.at(-2), { type: 'stopped', signal: 'SIGINT', ratingKey: '103', playQueueItemID: 1 });
  assert.equal(events.at(-1), { type: 'queueEnded', playQueueID: 1, played: 0, skipped: 0, reason: 'stopped' });
  const resolved = events.find((event) => event.type === 'resolved');
  assert.equal(resolved?.type === 'resolved' ? [resolved.item.playerId, resolved.item.startAt] : null, ['fake', 4500]);
  const states = await timelineStates(server, '103');
  assert.is(states[0], 'playing');
  assert.is(states.at(-1), 'stopped');
});

test('--from-start starts at 0; SIGTERM ends it with 0 too; human lines without --json', async () => {
  const server = await demo();
  const live = startCli(home.path, playArgs(server, '103', '--player', 'fake', '--from-start'));
  await live.waitForLine(/^playing 0:00 \/ 1:00$/);
  assert.equal(await stopCli(live, 'SIGTERM'), { code: 0, signal: null });
  assert.match(live.lines[0] ?? '', /^Nosferatu \(video, 0:12\) with fake, from the start$/);
  assert.ok(live.lines.includes('cache: ready'));
  assert.ok(live.lines.includes('launched at 0:00'));
  assert.is(live.lines.filter(Boolean).at(-1), 'stopped (SIGTERM)');
  assert.is((await timelineStates(server, '103')).at(-1), 'stopped');
});

test('the server ends the session: the player is stopped, exit 2 with the server\'s text', async () => {
  const server = await demo(['terminate-after=0']);
  const result = await runMain(playArgs(server, '101', '--player', 'fake', '--json'), { env: cleanEnvironment(home.path) });
  assert.is(result.code, 2, result.stderr);
  const terminated = playEvents(result.stdout).at(-2);
  assert.is(terminated?.type, 'terminated');
  const text = terminated?.type === 'terminated' ? terminated.message : '';
  assert.ok(text.length > 0);
  assert.ok(result.stderr.includes(`the server ended the playback: ${text}`), result.stderr);
});

test('the play does not wait for its player\'s plugin: metadata and cache entry go on while it activates, and it launches once active', async () => {
  const server = await demo();
  const result = await runMain(playArgs(server, '107', '--player', 'gated', '--json'), { env: cleanEnvironment(home.path) });
  assert.is(result.code, 0, result.stderr);
  const shown = playEvents(result.stdout).map((event) => (event.type === 'cache' ? `cache:${event.state}` : event.type));
  assert.ok(shown.indexOf('cache:ready') >= 0 && shown.indexOf('launched') > shown.indexOf('cache:ready'), shown.join(', '));
  // The movie's queue holds it alone: it ends, then the queue.
  assert.equal(shown.slice(-2), ['ended', 'queueEnded'], shown.join(', '));
});

test('an unknown player: exit 1 naming the players there are', async () => {
  const server = await demo();
  const result = await runMain(playArgs(server, '101', '--player', 'nosuch'), { env: cleanEnvironment(home.path) });
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stderr, /no player "nosuch" \(registered: .*fake/);
});

test('an item the server does not have: exit 2 with the reason', async () => {
  const server = await demo();
  const result = await runMain(playArgs(server, '999999', '--player', 'fake', '--json'), { env: cleanEnvironment(home.path) });
  assert.is(result.code, 2, result.stderr);
  const [failed, ended] = playEvents(result.stdout).slice(-2);
  assert.is(failed?.type, 'failed');
  assert.equal(ended, { type: 'queueEnded', playQueueID: null, played: 0, skipped: 0, reason: 'failed', code: 'not-found', message: failed?.type === 'failed' ? failed.message : '' });
  assert.match(result.stderr, /^plexterm: .*999999/m);
});

test('--no-plugins: nothing can play, exit 1', async () => {
  const server = await demo();
  const result = await runMain(['--no-plugins', ...playArgs(server, '101')], { env: cleanEnvironment(home.path) });
  assert.is(result.code, 1);
  assert.match(result.stderr, /nothing can play: plugins are off \(safe mode/);
});

test.run();
