// Extension host benchmarks: host start (spawn → ready) and plexterm's event-loop delay while a plugin spins forever.
// Run alone: node --import tsx bench/extensions.bench.ts   (uses dist/ when `npm run build` has made it, else the sources through tsx)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/base/packageRoot.js';
import { commands, eventually, writePlugin } from '../test/helpers/extensionFixtures.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { median, round, type BenchResult } from './benchResult.js';

type ServiceModule = typeof import('../src/extensions/extensionService.js');
type HostModule = typeof import('../src/extensions/hostProcess.js');

const starts = 15;

/** The compiled modules when dist/ holds them (plain node for the host), else the sources (the host through tsx). */
async function load(): Promise<{ service: ServiceModule; host: HostModule; from: string }> {
  const compiled = join(packageRoot(), 'dist', 'extensions', 'extensionService.js');
  if (existsSync(compiled)) {
    const service = (await import(pathToFileURL(compiled).href)) as ServiceModule;
    const host = (await import(pathToFileURL(join(packageRoot(), 'dist', 'extensions', 'hostProcess.js')).href)) as HostModule;
    return { service, host, from: 'dist (plain node)' };
  }
  return { service: await import('../src/extensions/extensionService.js'), host: await import('../src/extensions/hostProcess.js'), from: 'sources through tsx (run npm run build for dist)' };
}

export async function benchExtensions(): Promise<BenchResult[]> {
  const modules = await load();
  const command = `node --import tsx bench/extensions.bench.ts  (host from ${modules.from})`;
  const folder = await makeTempFolder('plexterm-bench-fork-');
  try {
    return [await hostStart(modules.host, command), await bareFork(folder.path, command), await spinningPluginDelay(modules.service, command), await idleDelay(command)];
  } finally {
    await folder.remove();
  }
}

/** The floor under the host start on this machine: fork a node script that only says ready. */
async function bareFork(folder: string, command: string): Promise<BenchResult> {
  const script = join(folder, 'ready.mjs');
  await writeFile(script, "process.send({ type: 'ready' }); process.on('disconnect', () => process.exit(0));\n");
  const times: number[] = [];
  for (let index = 0; index < starts + 1; index += 1) {
    const started = performance.now();
    const child = fork(script, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    await once(child, 'message');
    if (index > 0) times.push(performance.now() - started);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
  return { name: `extensions: baseline, bare node fork → first IPC message (median of ${starts})`, value: round(median(times)), unit: 'ms', command };
}

/** The floor under the event-loop figure: the same UI-like tick with no plugin at all, 4 s. */
async function idleDelay(command: string): Promise<BenchResult> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const ui = setInterval(() => JSON.stringify({ idle: true }), 16);
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, 4000));
  delay.disable();
  clearInterval(ui);
  return { name: 'extensions: baseline, event-loop delay p99 with no plugin running (4 s)', value: round(delay.percentile(99) / 1e6), unit: 'ms', command };
}

async function hostStart(module: HostModule, command: string): Promise<BenchResult> {
  const times: number[] = [];
  const handlers = { request: async () => undefined, notify: () => undefined, subscribe: () => { throw new Error('none'); } };
  for (let index = 0; index < starts + 1; index += 1) {
    const started = performance.now();
    // Sandboxed as plexterm starts it: reading its install only.
    const host = await module.HostProcess.start({ heartbeatMs: 1000, log: () => undefined, handlers, onExit: () => undefined, sandbox: { read: [packageRoot()], write: [] }, environment: process.env });
    const elapsed = performance.now() - started;
    await host.kill();
    if (index > 0) times.push(elapsed); // the first start warms the file cache
  }
  const value = median(times);
  return { name: `extensions: host start, spawn → ready (median of ${starts})`, value: round(value), unit: 'ms', target: '< 150 ms', met: value < 150, command };
}

async function spinningPluginDelay(module: ServiceModule, command: string): Promise<BenchResult> {
  const folder = await makeTempFolder('plexterm-bench-extensions-');
  try {
    await writePlugin(folder.path, { name: 'spinner', code: 'export function activate(c) { c.api.commands.register("spinner.spin", () => { for (;;) {} }); }', manifest: commands('spinner.spin') });
    await writePlugin(folder.path, { name: 'survivor', code: 'export function activate() {}', manifest: { activationEvents: ['onStartupFinished'] } });
    const service = await module.ExtensionService.start({ bundledPluginsDir: null, pluginDirs: [folder.path] });
    try {
      await service.fireStartupFinished();
      const delay = monitorEventLoopDelay({ resolution: 5 });
      // A UI-like load: a 60 Hz tick doing a little work, from the spin until the host is back with the survivor.
      const ui = setInterval(() => JSON.stringify(service.plugins()), 16);
      delay.enable();
      const spinning = service.executeCommand('spinner.spin').catch(() => undefined);
      await spinning;
      const state = (id: string) => service.plugins().find((plugin) => plugin.id === id)?.state;
      await eventually(() => state('survivor') === 'active', 'the survivor is back in a new host', 30_000);
      delay.disable();
      clearInterval(ui);
      const p99 = delay.percentile(99) / 1e6;
      return {
        name: 'extensions: event-loop delay p99 in plexterm while a plugin spins forever (detect, kill, restart, replay)',
        value: round(p99),
        unit: 'ms',
        target: '< 50 ms',
        met: p99 < 50,
        command,
      };
    } finally {
      await service.dispose();
    }
  } finally {
    await folder.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchExtensions()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
