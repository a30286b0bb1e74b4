// Players registered at run time: found through onPlayer:*, listed while registered, refused on another plugin's id, gone after deactivation or a host crash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Player } from '../../src/playback/player.js';
import { commands, eventually, rejection, startWithPlugins, stateOf, type FixturePlugin } from '../helpers/extensionFixtures.js';
import { recordSession } from '../helpers/pluginHarness.js';

/** A provider whose session reports `playing` at the start position, then ends. */
const launcher = `{
  launch: async (url, options) => ({
    events$: { subscribe(observer) { observer.next({ type: 'playing', position: options.startAt }); observer.complete(); return () => {}; } },
  }),
}`;

const latePlayers: FixturePlugin = {
  name: 'late-players',
  manifest: { activationEvents: ['onPlayer:*'], ...commands('late.drop') },
  code: `export function activate(context) {
    const { players } = context.api;
    const launcher = ${launcher};
    const attempt = (what, register) => {
      try { register(); } catch (error) { context.log(what + ': ' + error.message); }
    };
    const late = players.register('late', launcher, { title: 'Late player', mediaTypes: ['video', 'video', 'audio'] });
    attempt('owned', () => players.register('owned', launcher, { title: 'Stolen', mediaTypes: ['video'] }));
    attempt('no descriptor', () => players.register('nodesc', launcher));
    attempt('bad media', () => players.register('badmedia', launcher, { title: 'Bad', mediaTypes: ['hologram'] }));
    attempt('bad id', () => players.register('Bad Id', launcher, { title: 'Bad', mediaTypes: ['video'] }));
    context.api.commands.register('late.drop', () => { late.dispose(); return true; });
  }`,
};

const owner: FixturePlugin = {
  name: 'owner',
  manifest: { contributes: { players: [{ id: 'owned', title: 'Owned', mediaTypes: ['video'] }] } },
  code: `export function activate(context) { context.api.players.register('owned', ${launcher}); }`,
};

const describe = (players: Player[]) => players.map((player) => [player.id, player.title, [...player.mediaTypes]]);
const ids = (players: Player[]) => players.map((player) => player.id);

test('getPlayer of a run-time id activates the onPlayer:* plugins, then finds it; it is listed until disposed or deactivated', async () => {
  const harness = await startWithPlugins([latePlayers, owner]);
  const emitted: string[][] = [];
  let completed = false;
  const subscription = harness.service.players$.subscribe({ next: (players) => emitted.push(ids(players)), complete: () => (completed = true) });
  try {
    assert.equal(describe(harness.service.players()), [['owned', 'Owned', ['video']]]);
    const player = await harness.service.getPlayer('late');
    assert.equal(describe([player]), [['late', 'Late player', ['video', 'audio']]]);
    assert.is(stateOf(harness, 'late-players'), 'active');
    assert.is(stateOf(harness, 'owner'), 'inactive', 'a run-time id activates only the onPlayer:* plugins');
    assert.equal(describe(harness.service.players()), [['owned', 'Owned', ['video']], ['late', 'Late player', ['video', 'audio']]]);

    const session = recordSession(await player.launch('http://127.0.0.1:1/stream', { startAt: 1500, title: 'T', ratingKey: '1', mediaType: 'video', args: [] }));
    await session.done;
    assert.equal(session.events, [{ type: 'playing', position: 1500 }]);

    assert.is(await harness.service.executeCommand('late.drop'), true);
    assert.equal(ids(harness.service.players()), ['owned']);
    assert.equal(emitted, [['owned'], ['owned', 'late'], ['owned']]);

    // Gone, and the plugin that registered it is active: asking again does not bring it back.
    assert.is((await rejection(harness.service.getPlayer('late'))).message, 'no plugin contributes the player "late", and no active plugin registered it at run time');
    assert.is((await harness.service.getPlayer('owned')).id, 'owned', 'the contributor of "owned" still activates');

    await harness.service.deactivate('late-players');
    assert.equal(await harness.service.stats('late-players'), { registrations: 0, subscriptions: 0 });
    assert.equal(ids(harness.service.players()), ['owned']);
  } finally {
    await harness.close();
    subscription.unsubscribe();
  }
  assert.ok(completed, 'players$ completes when the service is disposed');
});

test('a run-time registration is refused on another plugin\'s id, without a descriptor, or with a bad one: "[plugin: id] ..."', async () => {
  const harness = await startWithPlugins([latePlayers, owner]);
  try {
    await harness.service.getPlayer('late');
    const said = (what: string) => harness.log.find((line) => line.startsWith(`[plugin: late-players] ${what}: `))?.slice(`[plugin: late-players] ${what}: `.length);
    assert.is(said('owned'), '[plugin: late-players] player "owned" is contributed by plugin "owner"; choose another id');
    assert.is(said('no descriptor'), '[plugin: late-players] player "nodesc" is not in contributes.players: register it with a descriptor, players.register(id, provider, { title, mediaTypes })');
    assert.match(said('bad media') ?? '', /^\[plugin: late-players\] player "badmedia" is not in contributes\.players: .*its mediaTypes must list some of "video", "audio", "photo"$/);
    assert.is(said('bad id'), '[plugin: late-players] player id "Bad Id" must be lowercase (a-z, 0-9, ".", "_", "-")');
    assert.equal(await harness.service.stats('late-players'), { registrations: 2, subscriptions: 0 }, 'the player "late" and the command, nothing refused');
  } finally {
    await harness.close();
  }
});

test('two plugins registering one run-time id: the first keeps it, the second is told who holds it', async () => {
  const sharer = (name: string): FixturePlugin => ({
    name,
    manifest: { activationEvents: ['onPlayer:*'] },
    code: `export function activate(context) {
      try { context.api.players.register('shared', ${launcher}, { title: '${name}', mediaTypes: ['audio'] }); }
      catch (error) { context.log('refused: ' + error.message); }
    }`,
  });
  const harness = await startWithPlugins([sharer('sharer-a'), sharer('sharer-b')]);
  try {
    const player = await harness.service.getPlayer('shared');
    const holder = player.title;
    const other = holder === 'sharer-a' ? 'sharer-b' : 'sharer-a';
    assert.equal(ids(harness.service.players()), ['shared']);
    assert.ok(harness.log.includes(`[plugin: ${other}] refused: [plugin: ${other}] player "shared" is already registered by plugin "${holder}"`), harness.log.join('\n'));
  } finally {
    await harness.close();
  }
});

test('run-time players are listed in their plugins\' order, whichever plugin registered first', async () => {
  const registering = (name: string, playerId: string, delayMs: number): FixturePlugin => ({
    name,
    manifest: { activationEvents: ['onPlayer:*'] },
    code: `export async function activate(context) {
      await new Promise((resolve) => setTimeout(resolve, ${delayMs}));
      context.api.players.register('${playerId}', ${launcher}, { title: '${playerId}', mediaTypes: ['video'] });
    }`,
  });
  const harness = await startWithPlugins([registering('alpha', 'slow', 300), registering('beta', 'fast', 0)]);
  try {
    assert.equal(harness.service.plugins().map((plugin) => plugin.id), ['alpha', 'beta']);
    const arrived: string[] = [];
    const subscription = harness.service.players$.subscribe((players) => arrived.push(ids(players).join(',')));
    await harness.service.getPlayer('slow');
    subscription.unsubscribe();
    assert.equal(arrived, ['', 'fast', 'slow,fast'], 'beta registered first');
    assert.equal(ids(harness.service.players()), ['slow', 'fast']);
  } finally {
    await harness.close();
  }
});

test('a host crash removes the run-time players; the replayed activations register the survivors\' again, never the culprit\'s', async () => {
  const registering = (name: string, playerId: string, extra = ''): FixturePlugin => ({
    name,
    manifest: { activationEvents: ['onPlayer:*'], ...(extra ? commands(`${name}.exit`) : {}) },
    code: `export function activate(context) {
      context.api.players.register('${playerId}', ${launcher}, { title: '${playerId}', mediaTypes: ['video'] });
      ${extra}
    }`,
  });
  const crashy = registering('crashy', 'doomed', `context.api.commands.register('crashy.exit', () => process.exit(3));`);
  const harness = await startWithPlugins([crashy, registering('survivor', 'kept')]);
  try {
    await harness.service.getPlayer('doomed');
    assert.equal(ids(harness.service.players()), ['doomed', 'kept']);
    await rejection(harness.service.executeCommand('crashy.exit'));
    await eventually(() => stateOf(harness, 'crashy') === 'failed' && stateOf(harness, 'survivor') === 'active', 'the survivor activated again in a new host');
    assert.equal(ids(harness.service.players()), ['kept']);
    assert.is((await harness.service.getPlayer('kept')).id, 'kept');
    const error = await rejection(harness.service.getPlayer('doomed'));
    assert.match(error.message, /^no plugin contributes the player "doomed", and no active plugin registered it at run time; \[plugin: crashy\] the plugin host .*it is not loaded again$/);
  } finally {
    await harness.close();
  }
});

test.run();
