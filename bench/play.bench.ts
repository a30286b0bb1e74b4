// Play request on an already cached entry → player process spawned (target < 100 ms): a PlaybackService on a real cache, the demo in a process of its own.
// Run alone: node --import tsx bench/play.bench.ts   (with mpv on PATH it also times the bundled mpv plugin through the extension host)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CacheManager, HttpUpstream } from '../src/cache/index.js';
import { ExtensionService } from '../src/extensions/extensionService.js';
import { PlexClient } from '../src/plex/client.js';
import { PlaybackService } from '../src/playback/playbackService.js';
import type { Player } from '../src/playback/player.js';
import { hasMpv } from '../test/helpers/playCli.js';
import { makeTempFolder } from '../test/helpers/tempFolder.js';
import { median as medianOf, percentile, round, type BenchResult } from './benchResult.js';
import { startBackground } from './processTools.js';

const plays = 10;
/** Movie 101 of the demo: a real 10 s clip. */
const ratingKey = '101';
const command = `node --import tsx bench/play.bench.ts  (demo: bench/demoChild.ts in its own process; cache, PlaybackService and a player spawning \`sleep\` in this one; item ${ratingKey} cached fully by a warm-up play, then ${plays} timed plays, each on a cache reopened over the same folder as a new plexterm run would)`;

interface Timing {
  /** play() → the player's launch called (metadata request, cache open and its revalidating probe, ready). */
  toLaunch: number;
  /** play() → the player's process spawned. */
  toSpawn: number;
}

/** A player whose launch spawns `sleep` and records when; without events$, so playback ends once launched. */
function spawningPlayer(marks: { launchAt: number; spawnAt: number }, children: ChildProcess[]): Player {
  return {
    id: 'spawn',
    title: 'spawns sleep',
    mediaTypes: ['video', 'audio'],
    async launch() {
      marks.launchAt = performance.now();
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      children.push(child);
      await once(child, 'spawn');
      marks.spawnAt = performance.now();
      return {};
    },
  };
}

export async function benchPlay(): Promise<BenchResult[]> {
  const folder = await makeTempFolder('plexterm-bench-play-');
  const demo = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), '{}']);
  const { url, token } = JSON.parse(demo.firstLine) as { url: string; token: string };
  const identity = { clientIdentifier: 'plexterm-bench-play' };
  const openCache = () => CacheManager.open({ folder: join(folder.path, 'cache'), connect: (path) => new HttpUpstream({ baseUrl: url, path, token, identity }) });
  let cache = await openCache();
  const client = new PlexClient({ baseUrl: url, token, identity });
  // The service opens entries in whichever cache is current: reopening it between plays is what a new `plexterm play` sees.
  const service = new PlaybackService({ client, cache: { open: (request) => cache.open(request), proxy: cache.proxy }, timings: { reportIntervalMs: 60_000 } });
  const children: ChildProcess[] = [];
  const marks = { launchAt: 0, spawnAt: 0 };
  const timePlays = async (before: () => Promise<void>): Promise<Timing[]> => {
    const timings: Timing[] = [];
    for (let index = 0; index < plays; index += 1) {
      await before();
      const started = performance.now();
      const done = await service.play({ ratingKey, playerId: 'spawn' }).done;
      if (done?.type !== 'ended') throw new Error(`play ${index} ended with ${JSON.stringify(done)}`);
      timings.push({ toLaunch: marks.launchAt - started, toSpawn: marks.spawnAt - started });
      await killAll(children);
    }
    return timings;
  };
  try {
    service.registerPlayer(spawningPlayer(marks, children));
    const key = await warmUp(service, cache);
    const earlierRun = await timePlays(async () => {
      await cache.close();
      cache = await openCache();
    });
    const sameRun = await timePlays(async () => {});
    const toSpawn = earlierRun.map((timing) => timing.toSpawn);
    const median = (timings: Timing[], part: keyof Timing) => round(medianOf(timings.map((timing) => timing[part])));
    const results: BenchResult[] = [
      { name: `play: request on an entry cached by an earlier run → player process spawned, median of ${plays}`, value: round(medianOf(toSpawn)), unit: 'ms', target: '< 100 ms', met: medianOf(toSpawn) < 100, command },
      { name: `play: request on an entry cached by an earlier run → player process spawned, p95 of ${plays}`, value: round(percentile(toSpawn, 0.95)), unit: 'ms', target: '< 100 ms', met: percentile(toSpawn, 0.95) < 100, command },
      { name: 'play: of which request → player launch called (metadata request, cache open with its revalidating probe, ready), median', value: median(earlierRun, 'toLaunch'), unit: 'ms', command: `${command}; cache key ${key}` },
      { name: `play: request on an entry already open in this process (no probe) → player process spawned, median of ${plays}`, value: median(sameRun, 'toSpawn'), unit: 'ms', command },
    ];
    if (hasMpv()) results.push(await throughMpvPlugin(service, command));
    else results.push({ name: 'play: through the bundled mpv plugin — skipped, mpv is not on PATH', value: Number.NaN, unit: 'ms', command });
    return results;
  } finally {
    service.dispose();
    await killAll(children);
    client.dispose();
    await cache.close();
    await demo.stop();
    await folder.remove();
  }
}

/** One play caches the entry; then every byte is fetched, so the timed plays start on a complete entry. */
async function warmUp(service: PlaybackService, cache: CacheManager): Promise<string> {
  const handle = service.play({ ratingKey, playerId: 'spawn' });
  let key = '';
  handle.events$.subscribe((event) => {
    if (event.type === 'resolved') key = event.item.part.key;
  });
  await handle.done;
  const entry = cache.entry(key);
  if (!entry) throw new Error('the warm-up play opened no cache entry');
  await entry.waitUntilComplete();
  return key;
}

/**
 * The same request with the bundled mpv plugin, already activated as `plexterm play` activates it
 * while the item is resolved: until the plugin's "mpv started" line (logged right after the spawn)
 * reaches plexterm over IPC. Each play is stopped (mpv quit) before the next.
 */
async function throughMpvPlugin(service: PlaybackService, baseCommand: string): Promise<BenchResult> {
  let startedAt = 0;
  let onStarted: () => void = () => {};
  let onExited: () => void = () => {};
  const extensions = await ExtensionService.start({
    noPlugins: false,
    log: (line) => {
      if (line.includes('mpv started')) {
        startedAt = performance.now();
        onStarted();
      } else if (/mpv \(.*\) (exited|was killed)/.test(line)) {
        onExited();
      }
    },
  });
  try {
    const player = await extensions.getPlayer('mpv');
    const registration = service.registerPlayer(player);
    const times: number[] = [];
    for (let index = 0; index < plays + 1; index += 1) {
      const spawned = new Promise<void>((resolve) => (onStarted = resolve));
      const exited = new Promise<void>((resolve) => (onExited = resolve));
      const started = performance.now();
      const handle = service.play({ ratingKey, playerId: 'mpv', fromStart: true, args: ['--vo=null', '--ao=null'] });
      await spawned;
      if (index > 0) times.push(startedAt - started);
      handle.stop();
      // The stop is asynchronous: the next play starts once the plugin says mpv has gone.
      await exited;
    }
    registration.dispose();
    const value = medianOf(times);
    return { name: `play: request on an entry open in this process → mpv spawned by the bundled plugin (extension host, plugin active; its "mpv started" line reaching plexterm), median of ${plays}`, value: round(value), unit: 'ms', target: '< 100 ms', met: value < 100, command: `${baseCommand}; mpv --vo=null --ao=null` };
  } finally {
    await extensions.dispose();
  }
}

async function killAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await benchPlay()) process.stdout.write(`${JSON.stringify(result)}\n`);
}
