// The processes plexterm starts for plugins, on their own: a process that ends before its plugin follows it still reports its exit.
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstValueFrom, toArray } from 'rxjs';
import type { ProcessEvent } from '../../src/api/index.js';
import { PluginProcesses } from '../../src/extensions/pluginProcesses.js';
import { eventually } from '../helpers/extensionFixtures.js';

/** Resolves once plexterm has reaped `pid` and taken in the end of its output: what a busy plugin host's late request meets. */
async function reapedAndClosed(pid: number): Promise<void> {
  // /proc/PID goes when the process is reaped, which Node does in the same turn as it reports the exit.
  await eventually(() => !existsSync(`/proc/${pid}`), `process ${pid} is reaped`);
  // Its stderr closed before it exited; the close of the stream and of the process follow within a turn or two.
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Starts `script` (sh) for the plugin; fails the test when it cannot start. */
async function startScript(processes: PluginProcesses, script: string): Promise<{ id: string; pid: number }> {
  const started = await processes.start('player-plugin', 'sh', ['-c', script]);
  if (!started.ok) throw new Error(`sh did not start: ${started.message}`);
  return started;
}

/** Fails unless plexterm has no record of process `id` any more. */
async function assertForgotten(processes: PluginProcesses, id: string): Promise<void> {
  const error = await firstValueFrom(processes.events('player-plugin', id)).catch((caught: unknown) => caught);
  assert.match(String(error), `no process ${id} of this plugin runs`);
}

test('a process that exits before its plugin asks for its events still reports its exit code (a busy host asks late)', async () => {
  const processes = new PluginProcesses();
  const started = await startScript(processes, 'exec 2>&-; exit 3');
  await reapedAndClosed(started.pid);
  // Before: the record was gone at the exit, the late request failed, and the plugin reported "killed by SIGTERM".
  const events = await firstValueFrom(processes.events('player-plugin', started.id).pipe(toArray()));
  assert.equal(events, [{ type: 'exit', code: 3, signal: null }] satisfies ProcessEvent[]);
  // Delivered once, then forgotten: the record does not outlive the plugin's following of it.
  await assertForgotten(processes, started.id);
});

test('a process of a stopped plugin that nobody followed is forgotten at its exit', async () => {
  const processes = new PluginProcesses();
  const started = await startScript(processes, 'exec 2>&-; trap "exit 0" TERM; while :; do sleep 0.1; done');
  processes.endAll('player-plugin');
  await reapedAndClosed(started.pid);
  await assertForgotten(processes, started.id);
});

test('an exited process nobody followed is forgotten when its plugin stops', async () => {
  const processes = new PluginProcesses();
  const started = await startScript(processes, 'exec 2>&-; exit 0');
  await reapedAndClosed(started.pid);
  processes.endAll('player-plugin');
  await assertForgotten(processes, started.id);
});

test.run();
