// `plexterm run` end to end (its main() in this process; the real process where another one holds the cache): a plugin command's JSON result, arguments read as JSON, failures naming the plugin, plugin output kept off the terminal.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolvePaths } from '../../src/base/paths.js';
import { CacheManager } from '../../src/cache/index.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { demoEpisodeItem } from '../helpers/demoItems.js';
import { commands, writePlugin } from '../helpers/extensionFixtures.js';
import { startDemoServer } from '../../src/demo/index.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { leaveUnfinishedPin } from '../helpers/unfinishedPin.js';

let home: TempFolder;
let pluginsDir: string;

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-run-');
  pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, {
    name: 'calc',
    code: `export function activate(context) {
  context.api.commands.register('calc.echo', (...args) => ({ args, types: args.map((arg) => (Array.isArray(arg) ? 'array' : arg === null ? 'null' : typeof arg)) }));
  context.api.commands.register('calc.sum', (...numbers) => numbers.reduce((sum, value) => sum + value, 0));
  context.api.commands.register('calc.text', () => 'plain words');
  context.api.commands.register('calc.nothing', () => undefined);
  context.api.commands.register('calc.fail', () => { throw new Error('cannot divide by zero'); });
}`,
    manifest: commands('calc.echo', 'calc.sum', 'calc.text', 'calc.nothing', 'calc.fail'),
  });
  // Records what its commands were given: `recorder.onItem` acts on the selected item (its `when` names it), `recorder.plain` does not.
  await writePlugin(pluginsDir, {
    name: 'recorder',
    code: `export function activate(context) {
  context.api.commands.register('recorder.onItem', (...args) => args);
  context.api.commands.register('recorder.plain', (...args) => args);
}`,
    manifest: {
      contributes: {
        commands: [
          { command: 'recorder.onItem', title: 'Record on the item', when: 'itemSelected' },
          { command: 'recorder.plain', title: 'Record', when: 'listFocus' },
        ],
      },
    },
  });
  await writePlugin(pluginsDir, { name: 'broken', code: 'export function activate() { throw new Error("broken at start"); }', manifest: commands('broken.go') });
  await writePlugin(pluginsDir, {
    name: 'chatty',
    code: `console.log('CHATTY loaded');
export function activate(context) {
  console.log('CHATTY activating');
  console.error('CHATTY error output');
  process.stdout.write('CHATTY raw stdout\\n');
  context.api.commands.register('chatty.talk', () => {
    for (let line = 0; line < 200; line += 1) console.log('CHATTY line ' + line);
    console.error('CHATTY done');
    return { said: 200 };
  });
}`,
    manifest: commands('chatty.talk'),
  });
});

test.after(async () => {
  await home.remove();
});

function run(...args: string[]): Promise<CliResult> {
  return runMain(['--plugins-dir', pluginsDir, 'run', ...args], { env: cleanEnvironment(home.path) });
}

test('run prints the command result as JSON and exits 0', async () => {
  const result = await run('calc.sum', '1', '2', '39', '--json');
  assert.is(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), 42);
  assert.is(result.stderr, '');
});

test('run reads each argument as JSON when it parses, else as a string', async () => {
  const result = await run('calc.echo', '42', 'true', 'null', '{"season":2}', '[1,"a"]', '"quoted"', 'plain text', '--json');
  assert.is(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), {
    args: [42, true, null, { season: 2 }, [1, 'a'], 'quoted', 'plain text'],
    types: ['number', 'boolean', 'null', 'object', 'array', 'string', 'string'],
  });
});

test('run without --json prints a string as it is and nothing for no result; --json prints null', async () => {
  const text = await run('calc.text');
  assert.equal([text.code, text.stdout], [0, 'plain words\n']);
  const nothing = await run('calc.nothing');
  assert.equal([nothing.code, nothing.stdout], [0, '']);
  const asJson = await run('calc.nothing', '--json');
  assert.equal(JSON.parse(asJson.stdout), null);
  const object = await run('calc.echo', 'x');
  assert.equal(JSON.parse(object.stdout), { args: ['x'], types: ['string'] });
});

test('a command that throws: exit 2, stderr names the plugin, nothing on stdout', async () => {
  const result = await run('calc.fail', '--json');
  assert.is(result.code, 2);
  assert.is(result.stdout, '');
  assert.match(result.stderr, /^plexterm: \[plugin: calc\] .*cannot divide by zero/m);
});

test('a command whose plugin fails to activate: exit 2 with the activation error', async () => {
  const result = await run('broken.go');
  assert.is(result.code, 2);
  assert.match(result.stderr, /\[plugin: broken\] broken at start/);
});

test('an unknown command: a non-zero exit and a message', async () => {
  const result = await run('nobody.has.this');
  assert.not.equal(result.code, 0);
  assert.match(result.stderr, /nobody\.has\.this/);
});

test('what a plugin prints never reaches the terminal: it goes to plugins.log', async () => {
  const result = await run('chatty.talk', '--json');
  assert.is(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), { said: 200 });
  assert.is(result.stderr, '');
  assert.not.match(result.stdout, /CHATTY/);
  const log = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
  for (const line of ['CHATTY loaded', 'CHATTY activating', 'CHATTY error output', 'CHATTY raw stdout', 'CHATTY line 199', 'CHATTY done']) {
    assert.ok(log.includes(line), `the log holds "${line}"`);
  }
});

test('a command acting on an item: run takes a ratingKey, looks it up on the server, and hands the plugin the TUI\'s context shape', async () => {
  const demo = await startDemoServer();
  try {
    const server = ['--server', demo.url, '--token', demo.token, '--plugins-dir', pluginsDir, 'run'];
    const result = await runMain([...server, 'recorder.onItem', '126', '42', 'more', '--json'], { env: cleanEnvironment(home.path) });
    assert.is(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout), [
      { kind: 'commandContext', source: 'cli', item: demoEpisodeItem },
      42,
      'more',
    ]);
    assert.not.ok(result.stdout.includes(demo.token), 'the context holds no token');
    const nothing = await runMain([...server, 'recorder.onItem', '--json'], { env: cleanEnvironment(home.path) });
    assert.equal(JSON.parse(nothing.stdout), [{ kind: 'commandContext', source: 'cli' }], 'no ratingKey: nothing selected');
    const plain = await runMain([...server, 'recorder.plain', '126', '--json'], { env: cleanEnvironment(home.path) });
    assert.equal(JSON.parse(plain.stdout), [126], 'a command whose when names no item gets its arguments as they are');
    const missing = await runMain([...server, 'recorder.onItem', '99999'], { env: cleanEnvironment(home.path) });
    assert.is(missing.code, 2);
    assert.match(missing.stderr, /^plexterm: .* has no item with ratingKey 99999\n$/);
  } finally {
    await demo.close();
  }
});

test('run --wait stays until the pinned downloads the command started are on disk (offline.keepSeason on an episode of the demo keeps its season)', async () => {
  const own = await makeTempFolder('plexterm-cli-run-wait-');
  try {
    const kept = await runMain(['--demo', 'run', 'offline.keepSeason', '126', '--wait', '--json'], { env: cleanEnvironment(own.path) });
    assert.is(kept.code, 0, kept.stderr);
    const result = JSON.parse(kept.stdout) as { ratingKey: string; title: string; pinned: { ratingKey: string; key: string }[] };
    assert.equal([result.ratingKey, result.title], ['124', 'Orbital Kitchen — Season 2']);
    assert.equal(result.pinned.map((episode) => episode.ratingKey), ['126', '128', '130']);
    assert.match(kept.stderr, /pinned downloads: 3 of 3 complete/);
    const listed = await runMain(['--demo', 'cache', 'ls', '--json'], { env: cleanEnvironment(own.path) });
    assert.is(listed.code, 0, listed.stderr);
    const entries = JSON.parse(listed.stdout) as { key: string; pinned: boolean; complete: boolean }[];
    for (const { key } of result.pinned) {
      const entry = entries.find((candidate) => candidate.key === key);
      assert.ok(entry?.pinned && entry.complete, `${key} is pinned and complete after run --wait`);
    }
    // Kept again, every download is already on disk: the wait says so rather than ending silently.
    const again = await runMain(['--demo', 'run', 'offline.keepSeason', '126', '--wait'], { env: cleanEnvironment(own.path) });
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stderr, /pinned downloads: 3 of 3 complete/);
    const show = await runMain(['--demo', 'run', 'offline.keepSeason', '116'], { env: cleanEnvironment(own.path) });
    assert.is(show.code, 2, show.stderr);
    assert.match(show.stderr, /^plexterm: \[plugin: offline\] "Orbital Kitchen" is a show: select one of its seasons or episodes to keep a season, or keep the whole show \(offline\.keepShow\)\n$/, show.stderr);
  } finally {
    await own.remove();
  }
});

test('run --wait also finishes a pinned download an earlier run left unfinished', async () => {
  const own = await makeTempFolder('plexterm-cli-run-wait-earlier-');
  try {
    const key = await leaveUnfinishedPin(own.path);
    const before = await runMain(['--demo', 'cache', 'ls', '--json'], { env: cleanEnvironment(own.path) });
    assert.equal((JSON.parse(before.stdout) as { key: string; pinned: boolean; complete: boolean }[]).map((entry) => [entry.key, entry.pinned, entry.complete]), [[key, true, false]]);
    const waited = await runMain(['--demo', '--plugins-dir', pluginsDir, 'run', 'calc.sum', '1', '2', '--wait'], { env: cleanEnvironment(own.path) });
    assert.is(waited.code, 0, waited.stderr);
    assert.is(waited.stdout.trim(), '3');
    assert.match(waited.stderr, /pinned downloads: 1 of 1 complete/);
    const after = await runMain(['--demo', 'cache', 'ls', '--json'], { env: cleanEnvironment(own.path) });
    assert.equal((JSON.parse(after.stdout) as { key: string; pinned: boolean; complete: boolean }[]).map((entry) => [entry.key, entry.pinned, entry.complete]), [[key, true, true]]);
  } finally {
    await own.remove();
  }
});

test('run --wait while another plexterm holds the cache: the result, then a clear message (exit 1)', async () => {
  const own = await makeTempFolder('plexterm-cli-run-wait-locked-');
  const holder = await CacheManager.open({ folder: resolvePaths(own.path).cache, connect: () => { throw new Error('no fetching here'); } });
  try {
    const result = await runCli(['--demo', '--plugins-dir', pluginsDir, 'run', 'calc.sum', '1', '2', '--wait'], { env: cleanEnvironment(own.path) });
    assert.is(result.code, 1, result.stderr);
    assert.is(result.stdout.trim(), '3');
    assert.match(result.stderr, new RegExp(`^plexterm: --wait cannot take the cache: the cache folder .* is in use by plexterm process ${process.pid}; follow the downloads with \`plexterm cache watch\` instead\n$`));
  } finally {
    await holder.close();
    await own.remove();
  }
});

test('run --wait with no download started returns at once', async () => {
  const result = await run('calc.sum', '1', '2', '--wait');
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout.trim(), '3');
  assert.is(result.stderr, '');
});

test('--no-plugins: run says plugins are off', async () => {
  const result = await runMain(['--no-plugins', '--plugins-dir', pluginsDir, 'run', 'calc.sum', '1'], { env: cleanEnvironment(home.path) });
  assert.not.equal(result.code, 0);
  assert.is(result.stdout, '');
  assert.match(result.stderr, /safe mode/);
});

test.run();
