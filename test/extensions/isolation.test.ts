// Isolation: plugins that print, exit, kill or spin their host cannot reach plexterm's terminal or take it down.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands, eventually, rejection, startWithPlugins, stateOf, type FixturePlugin } from '../helpers/extensionFixtures.js';
import { timeLimit } from '../helpers/timeLimit.js';

const survivor: FixturePlugin = {
  name: 'survivor',
  manifest: { activationEvents: ['onStartupFinished'], ...commands('survivor.ping') },
  code: `let activations = 0;
export function activate(context) {
  activations += 1;
  context.log('survivor activation');
  context.api.commands.register('survivor.ping', () => 'pong ' + process.pid);
}`,
};

const breaker = (name: string, body: string): FixturePlugin => ({
  name,
  manifest: commands(`${name}.break`),
  code: `export function activate(context) { context.api.commands.register('${name}.break', () => { ${body} }); }`,
});

async function breaks(name: string, body: string, expected: RegExp): Promise<void> {
  const harness = await startWithPlugins([survivor, breaker(name, body)]);
  try {
    await harness.service.fireStartupFinished();
    const firstHost = await harness.service.executeCommand('survivor.ping');
    const error = await rejection(harness.service.executeCommand(`${name}.break`));
    assert.match(error.message, new RegExp(`^\\[plugin: ${name}\\] `));
    assert.match(error.message, expected);
    assert.is(stateOf(harness, name), 'failed');
    // The survivor's activation is replayed in the new host; the breaker is never loaded again.
    await eventually(() => harness.log.filter((line) => line === '[plugin: survivor] survivor activation').length === 2, 'survivor activated again');
    await eventually(() => stateOf(harness, 'survivor') === 'active', 'survivor active');
    const secondHost = await harness.service.executeCommand('survivor.ping');
    assert.is.not(secondHost, firstHost, 'a new host process');
    assert.is((await rejection(harness.service.executeCommand(`${name}.break`))).message, error.message);
    assert.ok(harness.log.some((line) => line.startsWith('[plugin host] the plugin host') && line.includes(`"${name}"`)), 'the log says what happened');
  } finally {
    await harness.close();
  }
}

test('a plugin calling process.exit: failed, its exit code is not plexterm\'s, the host restarts', async () => {
  await breaks('exiter', 'process.exit(42);', /exited with code 42/);
  assert.is(process.exitCode ?? 0, 0);
});

test('a plugin killing its process (SIGTERM) or aborting (SIGABRT)', async () => {
  await breaks('killer', 'process.kill(process.pid);', /killed by SIGTERM/);
  await breaks('aborter', 'process.abort();', /killed by SIGABRT/);
});

test('a plugin stuck in a synchronous loop: the heartbeat notices, the host restarts without it', async () => {
  await breaks('spinner', 'for (;;) {}', /stopped answering/);
});

test('a host the machine does not schedule (stopped, not spinning) is not taken for stuck', async () => {
  // On a machine whose cores are busy elsewhere, the host can wait seconds to run; silence alone is
  // no loop. SIGSTOP is that starvation made certain: the host uses no CPU and answers nothing.
  const harness = await startWithPlugins([survivor]);
  try {
    await harness.service.fireStartupFinished();
    const before = String(await harness.service.executeCommand('survivor.ping'));
    const pid = Number(before.split(' ')[1]);
    process.kill(pid, 'SIGSTOP');
    try {
      // Twice the silence that used to count as a loop (3 beats). The wait is the subject of the test, not a synchronisation.
      await new Promise((resolve) => setTimeout(resolve, 6 * timeLimit(200)));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    assert.is(String(await harness.service.executeCommand('survivor.ping')), before, 'the same host answers');
    assert.is(stateOf(harness, 'survivor'), 'active');
  } finally {
    await harness.close();
  }
});

test('a loop in activate fails that plugin only', async () => {
  const harness = await startWithPlugins([survivor, { name: 'stuck', code: 'export function activate() { for (;;) {} }', manifest: commands('stuck.run') }]);
  try {
    await harness.service.fireStartupFinished();
    assert.match((await rejection(harness.service.executeCommand('stuck.run'))).message, /^\[plugin: stuck\] the plugin host stopped answering/);
    assert.match(String(await harness.service.executeCommand('survivor.ping')), /^pong /);
  } finally {
    await harness.close();
  }
});

test('nothing a plugin prints reaches the terminal: it all goes to the log, named', async () => {
  const loud = `export function activate(context) {
    context.api.commands.register('loud.shout', () => {
      for (let index = 0; index < 5000; index += 1) console.log('line ' + index);
      console.error('to stderr');
      process.stdout.write('partial ');
      process.stdout.write('line\\n');
      setTimeout(() => console.log('later'), 10);
      return 'done';
    });
  }`;
  const harness = await startWithPlugins([{ name: 'loud', code: loud, manifest: commands('loud.shout') }]);
  const written: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    assert.is(await harness.service.executeCommand('loud.shout'), 'done');
    await eventually(() => harness.log.includes('[plugin: loud] later'), 'the last line logged');
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    await harness.close();
  }
  assert.equal(written, [], 'nothing reached this process\'s stdout or stderr');
  assert.ok(harness.log.includes('[plugin: loud] line 0') && harness.log.includes('[plugin: loud] line 4999'));
  assert.ok(harness.log.includes('[plugin: loud] to stderr'));
  assert.ok(harness.log.includes('[plugin: loud] partial line'));
});

test('after 3 restarts within 5 minutes, a 4th crash turns plugins off, with a message saying why', async () => {
  const names = ['one', 'two', 'three', 'four'];
  const harness = await startWithPlugins([survivor, ...names.map((name) => breaker(name, 'process.exit(1);'))]);
  try {
    await harness.service.fireStartupFinished();
    for (const name of names) {
      await rejection(harness.service.executeCommand(`${name}.break`));
      assert.is(stateOf(harness, name), 'failed');
    }
    assert.match(harness.service.offReason ?? '', /^plugins are off: the plugin host stopped 4 times within 5 minutes/);
    const error = await rejection(harness.service.executeCommand('survivor.ping'));
    assert.match(error.message, /plugins are off/);
    const survivorInfo = harness.service.plugins().find((plugin) => plugin.id === 'survivor');
    assert.is(survivorInfo?.state, 'failed');
    assert.match(survivorInfo?.error ?? '', /^\[plugin: survivor\] plugins are off/);
  } finally {
    await harness.close();
  }
});

test('plugins never see secrets from the environment', async () => {
  process.env.PLEX_TOKEN = 'secret-token-value';
  const harness = await startWithPlugins([
    { name: 'curious', code: 'export function activate(c) { c.api.commands.register("curious.env", () => JSON.stringify(process.env)); }', manifest: commands('curious.env') },
  ]);
  try {
    assert.not.match(String(await harness.service.executeCommand('curious.env')), /secret-token-value/);
  } finally {
    delete process.env.PLEX_TOKEN;
    await harness.close();
  }
});

test.run();
