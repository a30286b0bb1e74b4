// Activation: lazy and once, dependencies first, failures and time-outs named after the plugin, storage and settings.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands, eventually, rejection, startWithPlugins, stateOf } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const counting = (name: string) => `
let activations = 0;
export async function activate(context) {
  activations += 1;
  context.log('activated ' + activations);
  await new Promise((resolve) => setTimeout(resolve, 50));
  context.api.commands.register('${name}.count', () => activations);
}`;

test('activation is lazy, implied by a contributed command, and happens once for concurrent requests', async () => {
  const harness = await startWithPlugins([{ name: 'lazy', code: counting('lazy'), manifest: commands('lazy.count') }]);
  try {
    assert.is(harness.service.plugins()[0]?.state, 'inactive');
    const results = await Promise.all([harness.service.executeCommand('lazy.count'), harness.service.executeCommand('lazy.count'), harness.service.activate('onCommand:lazy.count')]);
    assert.equal(results.slice(0, 2), [1, 1]);
    assert.is(harness.service.plugins()[0]?.state, 'active');
    assert.equal(harness.log.filter((line) => line.startsWith('[plugin: lazy] activated')), ['[plugin: lazy] activated 1']);
  } finally {
    await harness.close();
  }
});

test('onStartupFinished and * activate; dependencies activate first', async () => {
  const order = (name: string) => `export function activate(context) { context.log('${name} up'); }`;
  const harness = await startWithPlugins([
    { name: 'base', code: order('base') },
    { name: 'middle', code: order('middle'), manifest: { extensionDependencies: ['base'] } },
    { name: 'top', code: order('top'), manifest: { extensionDependencies: ['middle'], activationEvents: ['onStartupFinished'] } },
    { name: 'star', code: order('star'), manifest: { activationEvents: ['*'] } },
  ]);
  try {
    await harness.service.activate('*');
    assert.ok(harness.log.includes('[plugin: star] star up'));
    assert.not.ok(harness.log.some((line) => line.includes('top up')));
    await harness.service.fireStartupFinished();
    const ups = harness.log.filter((line) => / (base|middle|top) up$/.test(line));
    assert.equal(ups, ['[plugin: base] base up', '[plugin: middle] middle up', '[plugin: top] top up']);
    assert.equal(harness.service.plugins().map((plugin) => plugin.state), ['active', 'active', 'active', 'active']);
  } finally {
    await harness.close();
  }
});

test('activate throws: failed, "[plugin: id] message", its commands answer with that error, dependants fail too', async () => {
  const harness = await startWithPlugins([
    { name: 'thrower', code: 'export function activate() { throw new Error("boom at start"); }', manifest: commands('thrower.run') },
    { name: 'dependant', code: 'export function activate() {}', manifest: { extensionDependencies: ['thrower'], ...commands('dependant.run') } },
  ]);
  try {
    const error = await rejection(harness.service.executeCommand('thrower.run'));
    assert.is(error.message, '[plugin: thrower] boom at start');
    const info = harness.service.plugins().find((plugin) => plugin.id === 'thrower');
    assert.equal([info?.state, info?.error], ['failed', '[plugin: thrower] boom at start']);
    assert.is((await rejection(harness.service.executeCommand('thrower.run'))).message, '[plugin: thrower] boom at start');
    assert.match((await rejection(harness.service.executeCommand('dependant.run'))).message, /^\[plugin: dependant\] its dependency "thrower" did not activate/);
  } finally {
    await harness.close();
  }
});

test('activate never settles: timedOut after the configured time, and the others still work', async () => {
  const harness = await startWithPlugins(
    [
      { name: 'sleeper', code: 'export function activate() { return new Promise(() => {}); }', manifest: commands('sleeper.run') },
      { name: 'awake', code: 'export function activate(context) { context.api.commands.register("awake.run", () => "yes"); }', manifest: commands('awake.run') },
    ],
    { activationTimeoutMs: 300 },
  );
  try {
    const error = await rejection(harness.service.executeCommand('sleeper.run'));
    assert.is(error.message, '[plugin: sleeper] activate did not settle within 300 ms');
    assert.is(stateOf(harness, 'sleeper'), 'timedOut');
    assert.is(await harness.service.executeCommand('awake.run'), 'yes');
  } finally {
    await harness.close();
  }
});

test('a syntax error in main fails at activation with a clear message', async () => {
  const harness = await startWithPlugins([{ name: 'typo', code: 'export function activate( {', manifest: commands('typo.run') }]);
  try {
    const error = await rejection(harness.service.executeCommand('typo.run'));
    assert.match(error.message, /^\[plugin: typo\] cannot load main\.mjs: SyntaxError: /);
    assert.is(harness.service.plugins()[0]?.state, 'failed');
  } finally {
    await harness.close();
  }
});

test('a command result that is not plain data, and an unknown command, are errors naming the plugin', async () => {
  const code = `export function activate(context) {
    context.api.commands.register('odd.function', () => () => 1);
    context.api.commands.register('odd.fail', async () => { throw new TypeError('bad input'); });
    context.api.commands.register('odd.call', (id) => context.api.commands.execute(id));
  }`;
  const harness = await startWithPlugins([
    { name: 'odd', code, manifest: commands('odd.function', 'odd.fail', 'odd.call', 'odd.missing') },
    { name: 'other', code: 'export function activate(c) { c.api.commands.register("other.hi", () => "hi from other"); }', manifest: commands('other.hi') },
  ]);
  try {
    assert.match((await rejection(harness.service.executeCommand('odd.function'))).message, /^\[plugin: odd\] command "odd.function" returned a function at the top/);
    assert.is((await rejection(harness.service.executeCommand('odd.fail'))).message, '[plugin: odd] bad input');
    assert.match((await rejection(harness.service.executeCommand('odd.missing'))).message, /no active plugin registered the command "odd.missing"/);
    assert.is(await harness.service.executeCommand('odd.call', 'other.hi'), 'hi from other', 'a plugin runs a command of a plugin not yet active');
    assert.is(stateOf(harness, 'other'), 'active');
  } finally {
    await harness.close();
  }
});

test('storage is a per-plugin memento that survives a restart of plexterm', async () => {
  const data = await makeTempFolder();
  const code = `export function activate(context) {
    context.api.commands.register('keeper.bump', async () => {
      const next = context.storage.get('count', 0) + 1;
      await context.storage.update('count', next);
      return next;
    });
  }`;
  const plugin = { name: 'keeper', code, manifest: commands('keeper.bump') };
  const paths = { config: join(data.path, 'config'), data: data.path };
  try {
    const first = await startWithPlugins([plugin], { paths });
    try {
      assert.is(await first.service.executeCommand('keeper.bump'), 1);
      assert.is(await first.service.executeCommand('keeper.bump'), 2);
    } finally {
      await first.close();
    }
    const second = await startWithPlugins([plugin], { paths });
    try {
      assert.is(await second.service.executeCommand('keeper.bump'), 3);
    } finally {
      await second.close();
    }
  } finally {
    await data.remove();
  }
});

test('settings: defaults from contributes.configuration, overridden by plugins.<id>, changes heard', async () => {
  const code = `export function activate(context) {
    const seen = [];
    context.subscriptions.push(context.api.config.onDidChange((settings) => seen.push(settings.volume)));
    context.api.commands.register('tuned.get', (key) => context.api.config.get(key) ?? null);
    context.api.commands.register('tuned.seen', () => seen);
  }`;
  const manifest = { ...commands('tuned.get', 'tuned.seen'), contributes: { ...commands('tuned.get', 'tuned.seen').contributes as object, configuration: { properties: { volume: { type: 'number', default: 50 }, speed: { type: 'number', default: 1 } } } } };
  const harness = await startWithPlugins([{ name: 'tuned', code, manifest }], { config: { plugins: { tuned: { volume: 80 } } } });
  try {
    assert.is(await harness.service.executeCommand('tuned.get', 'volume'), 80);
    assert.is(await harness.service.executeCommand('tuned.get', 'speed'), 1);
    await harness.service.updateConfig({ plugins: { tuned: { volume: 20 } } });
    assert.is(await harness.service.executeCommand('tuned.get', 'volume'), 20);
    assert.equal(await harness.service.executeCommand('tuned.seen'), [20]);
  } finally {
    await harness.close();
  }
});

test('an activation already running finishes in the restarted host when another plugin crashed it', async () => {
  const harness = await startWithPlugins([
    { name: 'slow', code: 'export async function activate(c) { await new Promise((r) => setTimeout(r, 1500)); c.api.commands.register("slow.run", () => "done"); }', manifest: commands('slow.run') },
    { name: 'crasher', code: 'export function activate(c) { c.api.commands.register("crasher.exit", () => { setTimeout(() => process.exit(3), 10); return "bye"; }); }', manifest: commands('crasher.exit') },
  ]);
  try {
    const slow = harness.service.executeCommand('slow.run');
    await harness.service.executeCommand('crasher.exit');
    assert.is(await slow, 'done');
    await eventually(() => stateOf(harness, 'crasher') === 'failed', 'crasher failed');
    assert.is(stateOf(harness, 'slow'), 'active');
  } finally {
    await harness.close();
  }
});

test.run();
