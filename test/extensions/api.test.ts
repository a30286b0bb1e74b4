// The plugin API: players bridged to playback's Player, services answered by the main process, and nothing left after deactivation.
import { firstValueFrom, NEVER, Subject, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot, PlaybackState, LibraryItem, StatusBarItemState } from '../../src/api/index.js';
import type { MainServices } from '../../src/extensions/mainServices.js';
import type { PlayerEvent } from '../../src/playback/player.js';
import { commands, eventually, rejection, startWithPlugins } from '../helpers/extensionFixtures.js';

const playerPlugin = {
  name: 'fixture-player',
  manifest: { contributes: { players: [{ id: 'fixture', title: 'Fixture player', mediaTypes: ['video', 'audio'] }] } },
  code: `export function activate(context) {
  context.api.players.register('fixture', {
    async launch(url, options) {
      context.log('launch ' + url + ' at ' + options.startAt);
      return {
        events$: {
          subscribe(observer) {
            const timer = setTimeout(() => {
              observer.next({ type: 'playing', position: options.startAt, duration: 1000 });
              observer.next({ type: 'position', position: 900, duration: 1000 });
              observer.next({ type: 'ended', position: 1000, duration: 1000 });
              observer.complete();
            }, 5);
            return { unsubscribe: () => clearTimeout(timer) };
          },
        },
        async stop() { context.log('stopped'); },
      };
    },
  });
}`,
};

const launchOptions = { startAt: 250, title: 'Clip', ratingKey: '7', mediaType: 'video' as const, args: [] };

test('a plugin player is a Player: activated on launch, its events$ bridged, stop reaches the plugin', async () => {
  const harness = await startWithPlugins([playerPlugin]);
  try {
    const listed = harness.service.players();
    assert.equal(listed.map((player) => [player.id, player.title, [...player.mediaTypes]]), [['fixture', 'Fixture player', ['video', 'audio']]]);
    assert.is(harness.service.plugins()[0]?.state, 'inactive');
    const session = await listed[0]!.launch('http://127.0.0.1:1/stream', launchOptions);
    assert.is(harness.service.plugins()[0]?.state, 'active');
    const events = await firstValueFrom(session.events$!.pipe(toArray()));
    assert.equal(events.map((event: PlayerEvent) => `${event.type}@${event.position}`), ['playing@250', 'position@900', 'ended@1000']);
    await session.stop?.();
    assert.ok(harness.log.includes('[plugin: fixture-player] launch http://127.0.0.1:1/stream at 250'));
    assert.ok(harness.log.includes('[plugin: fixture-player] stopped'));
    const player = await harness.service.getPlayer('fixture');
    assert.is(player.id, 'fixture');
    assert.match((await rejection(harness.service.getPlayer('absent'))).message, /no plugin contributes the player "absent"/);
  } finally {
    await harness.close();
  }
});

test('a session without events$ is valid', async () => {
  const code = `export function activate(c) { c.api.players.register('silent', { launch: async () => ({}) }); }`;
  const harness = await startWithPlugins([{ name: 'silent', code, manifest: { contributes: { players: [{ id: 'silent', title: 'Silent', mediaTypes: ['audio'] }] } } }]);
  try {
    const session = await (await harness.service.getPlayer('silent')).launch('http://127.0.0.1:1/a', { ...launchOptions, mediaType: 'audio' });
    assert.is(session.events$, undefined);
    await session.stop?.();
  } finally {
    await harness.close();
  }
});

const preparingPlugin = {
  name: 'fixture-preparing',
  manifest: { contributes: { players: [{ id: 'preparing', title: 'Preparing player', mediaTypes: ['video'] }, { id: 'plain', title: 'Plain player', mediaTypes: ['video'] }] } },
  code: `export function activate(context) {
  const session = (url) => ({ events$: { subscribe(observer) { observer.next({ type: 'playing', position: 0 }); observer.complete(); return () => {}; } } });
  context.api.players.register('preparing', {
    async launch(url) { context.log('fresh launch ' + url); return session(url); },
    async prepare(options) {
      context.log('prepared with ' + options.args.join(' '));
      return {
        async launch(url, launchOptions) { context.log('prepared launch ' + url + ' titled ' + launchOptions.title); return session(url); },
        async dispose() { context.log('disposed'); },
      };
    },
  });
  context.api.players.register('plain', { async launch(url) { return session(url); } });
}`,
};

test('a plugin player that can prepare crosses the host: prepared with the args, launched on the URL later, or disposed; one that cannot prepares nothing', async () => {
  const harness = await startWithPlugins([preparingPlugin]);
  try {
    const player = await harness.service.getPlayer('preparing');
    const prepared = await player.prepare?.({ args: ['--quiet'] });
    if (!prepared) throw new Error('nothing was prepared');
    assert.ok(harness.log.includes('[plugin: fixture-preparing] prepared with --quiet'), harness.log.join('\n'));
    assert.not.ok(harness.log.some((line) => line.includes('launch')), 'no URL went to the plugin while preparing');
    const session = await prepared.launch('http://127.0.0.1:1/ready', launchOptions);
    assert.equal(await firstValueFrom(session.events$!.pipe(toArray())), [{ type: 'playing', position: 0 }]);
    assert.ok(harness.log.includes('[plugin: fixture-preparing] prepared launch http://127.0.0.1:1/ready titled Clip'));
    await prepared.dispose();
    assert.not.ok(harness.log.includes('[plugin: fixture-preparing] disposed'), 'a launched prepared player is not disposed');
    assert.match((await rejection(prepared.launch('http://127.0.0.1:1/again', launchOptions))).message, /the prepared player is gone/);

    const unused = await player.prepare?.({ args: [] });
    await unused?.dispose();
    assert.ok(harness.log.includes('[plugin: fixture-preparing] disposed'));
    assert.match((await rejection(unused!.launch('http://127.0.0.1:1/late', launchOptions))).message, /the prepared player is gone/, 'a disposed player takes no URL');

    assert.is(await (await harness.service.getPlayer('plain')).prepare?.({ args: [] }), null, 'a provider without prepare: null');
    assert.not.ok(harness.log.some((line) => line.includes('fresh launch')));
  } finally {
    await harness.close();
  }
});

function fakeServices() {
  const entries = new Subject<CacheEntrySnapshot[]>();
  const playing = new Subject<PlaybackState | null>();
  const messages: string[] = [];
  const statusBar = new Map<string, StatusBarItemState>();
  const services: Partial<MainServices> = {
    library: {
      sections: async () => [],
      items: async () => [],
      children: async () => [],
      allLeaves: async (ratingKey) => [{ ratingKey: `${ratingKey}1`, key: `/library/metadata/${ratingKey}1`, type: 'episode', title: 'Leaf' } as LibraryItem],
      search: async (query) => [{ ratingKey: '1', key: '/library/metadata/1', type: 'movie', title: `found ${query}` } as LibraryItem],
      info: async (ratingKey) => ({ ratingKey, key: `/library/metadata/${ratingKey}`, type: 'movie', title: 'Info' }) as LibraryItem,
    },
    cache: { entries$: entries, entry$: () => NEVER, open: async (ratingKey) => `key-${ratingKey}`, pin: async () => undefined, unpin: async () => undefined },
    ui: {
      showMessage: async (pluginId, text) => void messages.push(`${pluginId}: ${text}`),
      showQuickPick: async (_pluginId, items) => items[1],
      setStatusBarItem: (item) => void statusBar.set(item.id, item),
      removeStatusBarItem: (_pluginId, itemId) => void statusBar.delete(itemId),
    },
  };
  return { services, entries, playing, messages, statusBar };
}

test('library, cache and ui requests are answered by the main process\'s handlers; a missing service is a clear error', async () => {
  const fake = fakeServices();
  const code = `export function activate(context) {
    const api = context.api;
    api.commands.register('asker.all', async () => {
      const found = await api.library.search('dune');
      const leaves = await api.library.allLeaves('7');
      const key = await api.cache.open('42');
      await api.ui.showMessage('hello');
      const picked = await api.ui.showQuickPick([{ label: 'a' }, { label: 'b', value: 2 }]);
      const item = api.ui.createStatusBarItem();
      item.text = 'now playing';
      item.show();
      return { title: found[0].title, leaf: leaves[0].ratingKey, key, picked, frozen: Object.isFrozen(api) && Object.isFrozen(api.commands) };
    });
    api.commands.register('asker.play', () => api.playback.play('1'));
  }`;
  const harness = await startWithPlugins([{ name: 'asker', code, manifest: commands('asker.all', 'asker.play') }], { services: fake.services });
  try {
    const answer = await harness.service.executeCommand('asker.all');
    assert.equal(answer, { title: 'found dune', leaf: '71', key: 'key-42', picked: { label: 'b', value: 2 }, frozen: true });
    assert.equal(fake.messages, ['asker: hello']);
    await eventually(() => [...fake.statusBar.values()].some((item) => item.visible && item.text === 'now playing'), 'status bar item shown');
    assert.match((await rejection(harness.service.executeCommand('asker.play'))).message, /^\[plugin: asker\] plexterm offers no playback service here/);
  } finally {
    await harness.close();
  }
});

test('a plugin that leaks subscriptions and registrations: after deactivation the host counts zero, the main side holds nothing', async () => {
  const fake = fakeServices();
  const code = `export function activate(context) {
    const api = context.api;
    api.cache.entries$.subscribe((entries) => context.log('entries ' + entries.length));
    api.cache.entry$('k').subscribe(() => {});
    api.commands.register('leaky.extra', () => 1);
    api.config.onDidChange(() => {});
    api.ui.createStatusBarItem().show();
    api.players.register('leaky', { launch: async () => ({ events$: { subscribe: () => ({ unsubscribe() {} }) } }) });
    context.subscriptions.push(api.commands.register('leaky.run', () => 'ok'));
  }`;
  const manifest = { contributes: { ...(commands('leaky.run').contributes as object), players: [{ id: 'leaky', title: 'Leaky', mediaTypes: ['video'] }] } };
  const harness = await startWithPlugins([{ name: 'leaky', code, manifest }], { services: fake.services });
  try {
    assert.is(await harness.service.executeCommand('leaky.run'), 'ok');
    const session = await (await harness.service.getPlayer('leaky')).launch('http://127.0.0.1:1/x', launchOptions);
    const watching = session.events$!.subscribe(() => undefined);
    await eventually(async () => (await harness.service.stats('leaky')).subscriptions === 3, 'three live subscriptions');
    fake.entries.next([]);
    await eventually(() => harness.log.includes('[plugin: leaky] entries 0'), 'an entry list reached the plugin');
    assert.equal(await harness.service.stats('leaky'), { registrations: 5, subscriptions: 3 });
    assert.ok(fake.entries.observed && fake.statusBar.size === 1);

    await harness.service.deactivate('leaky');
    assert.equal(await harness.service.stats('leaky'), { registrations: 0, subscriptions: 0 });
    await eventually(() => !fake.entries.observed, 'the main side unsubscribed');
    await eventually(() => fake.statusBar.size === 0, 'the status bar item is gone');
    assert.is(harness.service.plugins()[0]?.state, 'inactive');
    watching.unsubscribe();
    assert.is(await harness.service.executeCommand('leaky.run'), 'ok', 'activates again on demand');
  } finally {
    await harness.close();
  }
  assert.not.ok(fake.entries.observed, 'disposing the service leaves no subscription behind');
});

test.run();
