// Issue 3's cache figures: open → ready, first byte after a seek, pass-through throughput, peak RSS over 4 GiB, event-loop delay under four streams.
// Run alone: node --import tsx bench/run.ts cache   (or node --import tsx bench/cache.bench.ts)
// The demo servers and the cache each run in a process of their own; this process is only the client and the clock.
// PLEXTERM_BENCH_CACHE_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the cache processes;
// PLEXTERM_BENCH_CACHE_FIGURES=3,5 runs only those figures (numbered as in the issue's list: 1 open, 2 seek, 3 pass-through, 4 RSS, 5 event loop).
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CachePartRequest } from '../src/cache/index.js';
import type { DemoServerOptions } from '../src/demo/index.js';
import { median, percentile, round, type BenchResult } from './benchResult.js';
import { CacheProcess, now, type FetchTrace } from './cacheProcess.js';
import { pacedReader, timedGet } from './httpTiming.js';
import { cpuBetween, cpuSecondsOf, memoryOf, type CpuSeconds } from './procStats.js';
import { startBackground, timeCommand, type BackgroundProcess } from './processTools.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const suiteCommand = 'node --import tsx bench/run.ts cache';
const latencyMs = 50;
const rateBytesPerSecond = 20_000_000;
const slowUpstream: DemoServerOptions = { latencyMs, rateBytesPerSecond };
/** The cache's default start buffer, which the first figure is about. */
const startBuffer = 2 * MiB;
const openSamples = 5;
const seekSamples = 9;
/** The player that plays at 0 while the seeks happen: slower than one upstream stream, so read-ahead keeps fetching. */
const playerBytesPerSecond = 12_000_000;
const passThroughRuns = 3;
/** A server behind a gigabit link (about 119 MiB/s of payload at best): the fastest uplink most Plex servers have. */
const gigabitUplink = 125_000_000;
const loopDelayRounds = 3;
/** Never evict during the figures: a terabyte limit and no free-disk reserve (the 4 GiB file is removed at the end). */
const noEviction = { maxSize: 1024 * GiB, freeReserve: 0 };
const curlArguments = ['-s', '-o', '/dev/null', '-w', '%{speed_download} %{size_download} %{http_code}'];
const curlCommand = `curl ${curlArguments.map((part) => (part.includes(' ') ? `'${part}'` : part)).join(' ')}`;

interface Demo {
  url: string;
  token: string;
  machineIdentifier: string;
  process: BackgroundProcess;
}

interface LabPart {
  request: CachePartRequest;
  /** The part's URL on the demo server (the token goes in a header). */
  url: string;
  size: number;
}

/** Everything started here, stopped in reverse order even when a figure fails or the run is interrupted. */
class Cleanup {
  private readonly steps: Array<() => Promise<void>> = [];
  private readonly processes = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
  private readonly folders: string[] = [];

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  track(child: { kill(signal: NodeJS.Signals): boolean }): void {
    this.processes.add(child);
  }

  folder(path: string): void {
    this.folders.push(path);
  }

  async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench cache: cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    for (const folder of this.folders) await rm(folder, { recursive: true, force: true });
  }

  /** On SIGINT/SIGTERM there is no time for politeness: kill what was started and remove the folders. */
  now(): void {
    for (const child of this.processes) child.kill('SIGKILL');
    for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchCache(): Promise<BenchResult[]> {
  const cleanup = new Cleanup();
  const interrupted = (signal: NodeJS.Signals): void => {
    cleanup.now();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const childArgs = (process.env.PLEXTERM_BENCH_CACHE_CHILD_ARGS ?? '').split(' ').filter(Boolean);
  const chosen = (process.env.PLEXTERM_BENCH_CACHE_FIGURES ?? '1,2,3,4,5').split(',').map((figure) => figure.trim());
  const wanted = (...figures: string[]): boolean => figures.some((figure) => chosen.includes(figure));
  try {
    const temp = await mkdtemp(join(tmpdir(), 'plexterm-bench-cache-'));
    cleanup.folder(temp);
    const results: BenchResult[] = [];
    let folders = 0;
    const startCache = async (demo: Demo, traceFetches: boolean, progressIntervalMs?: number): Promise<CacheProcess> => {
      folders += 1;
      const cache = await CacheProcess.start(
        { folder: join(temp, `cache-${folders}`), demoUrl: demo.url, token: demo.token, settings: noEviction, traceFetches, progressIntervalMs },
        childArgs,
      );
      cleanup.track(cache.child);
      cleanup.add(() => cache.stop());
      return cache;
    };

    // 1 and 2: an upstream with 50 ms latency and 20 MB/s.
    if (wanted('1', '2')) {
      const slow = await startDemo(slowUpstream, cleanup);
      const slowParts = await cacheLab(slow);
      const slowCache = await startCache(slow, true);
      if (wanted('1')) results.push(...(await openToReady(slow, part(slowParts, 64 * MiB), slowCache)));
      if (wanted('2')) results.push(...(await seekFirstByte(slow, part(slowParts, GiB + 12_345), slowCache)));
      await slowCache.stop();
      await slow.process.stop();
    }
    if (!wanted('3', '4', '5')) return results;

    // 3 over a server uplink of 1 Gbit/s, as a Plex server on a LAN: the upstream, not the machine, sets the pace.
    if (wanted('3')) {
      const lan = await startDemo({ uplinkBytesPerSecond: gigabitUplink }, cleanup);
      const lanCache = await startCache(lan, false);
      const upstream = `demo '{"uplinkBytesPerSecond":${gigabitUplink}}' (1 Gbit/s shared by all its streams)`;
      results.push(...(await passThrough(lan, part(await cacheLab(lan), GiB + 12_345), lanCache, 'a 1 Gbit/s server uplink', upstream)));
      await lanCache.stop();
      await lan.process.stop();
    }

    // 3 and 5: an upstream as fast as the demo server can make bytes.
    const fast = await startDemo({}, cleanup);
    const fastParts = await cacheLab(fast);
    if (wanted('3', '5')) {
      const fastCache = await startCache(fast, false);
      if (wanted('3')) {
        const upstream = "demo '{}', no rate limit (it makes bytes as fast as one core allows, on the same machine as the cache)";
        results.push(...(await passThrough(fast, part(fastParts, GiB + 12_345), fastCache, 'no uplink limit', upstream)));
      }
      if (wanted('5')) results.push(...(await loopDelay(part(fastParts, 64 * MiB), fastCache)));
      await fastCache.stop();
    }

    // 4: a cache process of its own, so its peak RSS is the stream's alone.
    if (wanted('4')) {
      const rssCache = await startCache(fast, false, 100);
      results.push(...(await peakRss(part(fastParts, 4 * GiB + 4097), rssCache)));
    }
    return results;
  } finally {
    await cleanup.run();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** Figure 1: open → ready on a fresh entry, against what the upstream itself takes for the same two requests. */
async function openToReady(demo: Demo, lab: LabPart, cache: CacheProcess): Promise<BenchResult[]> {
  const token = { 'X-Plex-Token': demo.token };
  const roundTrips: number[] = [];
  const bufferGets: number[] = [];
  for (let sample = 0; sample < openSamples; sample += 1) {
    roundTrips.push((await checked(timedGet(lab.url, { ...token, Range: 'bytes=0-0' }), 206, 1)).totalMs);
    bufferGets.push((await checked(timedGet(lab.url, { ...token, Range: `bytes=0-${startBuffer - 1}` }), 206, startBuffer)).totalMs);
  }
  const readies: number[] = [];
  const sized: number[] = [];
  const firstFetch: number[] = [];
  for (let sample = 0; sample < openSamples; sample += 1) {
    const opened = await cache.call('open', { request: fresh(lab.request, `open-${sample}`) });
    readies.push(opened.states.ready ?? Number.NaN);
    sized.push(opened.states.sized ?? Number.NaN);
    const traces = await cache.call('fetchLog', {});
    const fetch = traces.find((trace) => trace.kind === 'range' && trace.start === 0);
    if (fetch) firstFetch.push(fetch.requestedAt - opened.openedAt);
    // Let the rest of the first chunk arrive, so samples do not overlap.
    await sleep(300);
  }
  const roundTrip = median(roundTrips);
  const bufferGet = median(bufferGets);
  const target = 1.2 * (roundTrip + bufferGet);
  const nominal = 1.2 * (2 * latencyMs + (startBuffer / rateBytesPerSecond) * 1000);
  const ready = median(readies);
  const command = `${suiteCommand}  (demo: node --import tsx bench/demoChild.ts '${JSON.stringify(slowUpstream)}' — latencyMs delays every request, the rate applies per response; cache in its own process (bench/cacheChild.ts), default settings; open → snapshot 'ready' timed there, a fresh key each sample, median of ${openSamples}; upstream alone: node:http GET on a new connection, median of ${openSamples})`;
  return [
    { name: 'upstream alone: round trip, GET Range: bytes=0-0 (50 ms latency)', value: round(roundTrip), unit: 'ms', command },
    { name: 'upstream alone: GET of the 2 MiB start buffer (one round trip + transfer)', value: round(bufferGet), unit: 'ms', command },
    {
      name: `open → ready, fresh entry, 2 MiB start buffer (samples ${readies.map((value) => round(value, 0)).join(', ')}; sized at ${round(median(sized), 0)}, first range GET at ${round(median(firstFetch), 0)})`,
      value: round(ready),
      unit: 'ms',
      target: `≤ ${round(target, 0)} ms = 1.2 × (round trip + start buffer GET) measured; nominal 1.2 × (2×50 + 104.9) = ${round(nominal, 0)} ms`,
      met: ready <= target,
      command,
    },
  ];
}

/** Figure 2: first byte after a seek to an uncached offset while a player reads at 0 and read-ahead fetches. */
async function seekFirstByte(demo: Demo, lab: LabPart, cache: CacheProcess): Promise<BenchResult[]> {
  const opened = await cache.call('open', { request: fresh(lab.request, 'seek') });
  const player = await pacedReader(opened.streamUrl, playerBytesPerSecond);
  try {
    await sleep(500);
    const upstream: number[] = [];
    const proxied: number[] = [];
    const inFlightAtSeek: number[] = [];
    const seeks: Array<{ offset: number; sentAt: number; firstByteAt: number }> = [];
    await cache.call('fetchLog', {});
    await cache.call('syncLog', {});
    for (let sample = 0; sample < seekSamples; sample += 1) {
      // Far from the player (which stays under about 100 MB) and from each other; not chunk-aligned.
      const offset = 200 * MiB + sample * 90 * MiB + 4321;
      const range = { Range: `bytes=${offset}-` };
      const direct = async (): Promise<void> => {
        upstream.push((await checked(timedGet(lab.url, { 'X-Plex-Token': demo.token, ...range }, true), 206)).firstByteMs);
      };
      const throughProxy = async (): Promise<void> => {
        inFlightAtSeek.push(await waitForReadAhead(cache));
        const sentAt = now();
        const answer = await checked(timedGet(opened.streamUrl, range, true), 206);
        proxied.push(answer.firstByteMs);
        seeks.push({ offset, sentAt, firstByteAt: sentAt + answer.firstByteMs });
      };
      // Alternate which goes first, so neither always meets a busier moment.
      if (sample % 2 === 0) {
        await direct();
        await sleep(50);
        await throughProxy();
      } else {
        await throughProxy();
        await sleep(50);
        await direct();
      }
      await sleep(250);
    }
    const traces = await cache.call('fetchLog', {});
    const breakdown = seekBreakdown(seeks, traces, await cache.call('syncLog', {}));
    const upstreamMedian = median(upstream);
    const upstreamP95 = percentile(upstream, 0.95);
    const proxyMedian = median(proxied);
    const proxyP95 = percentile(proxied, 0.95);
    const command = `${suiteCommand}  (demo '${JSON.stringify(slowUpstream)}'; 1 GiB part opened fresh; a player reads it from 0 at ${playerBytesPerSecond / 1e6} MB/s through the proxy; each seek waits until an upstream fetch is in flight, then GET Range: bytes=N- through the proxy on a new connection, timed to the first body byte; upstream alone: the same GET straight to the demo server; ${seekSamples} offsets 200 MiB + k×90 MiB + 4321, order alternating)`;
    return [
      { name: `seek: upstream alone, first byte of Range: bytes=N- (p95 ${round(upstreamP95)} ms)`, value: round(upstreamMedian), unit: 'ms', command },
      {
        name: `seek: first byte through the proxy while read-ahead runs, median (upstream fetches in flight at the seeks: ${inFlightAtSeek.join(',')})`,
        value: round(proxyMedian),
        unit: 'ms',
        target: `≤ ${round(upstreamMedian + 20)} ms (upstream median + 20)`,
        met: proxyMedian <= upstreamMedian + 20,
        command,
      },
      {
        name: 'seek: first byte through the proxy while read-ahead runs, p95',
        value: round(proxyP95),
        unit: 'ms',
        target: `≤ ${round(upstreamP95 + 20)} ms (upstream p95 + 20)`,
        met: proxyP95 <= upstreamP95 + 20,
        command,
      },
      {
        name: `seek breakdown, medians: request → cache's upstream GET ${breakdown.toRequest} ms, → upstream first byte ${breakdown.upstream} ms, → client first byte ${breakdown.delivery} ms; slowest ${breakdown.slowest} ms (${breakdown.matched}/${seeks.length} seeks fetched from their own offset)`,
        value: breakdown.toRequest,
        unit: 'ms',
        command,
      },
    ];
  } finally {
    await player.stop();
    await cache.call('evict', { key: fresh(lab.request, 'seek').key }).catch(() => null);
  }
}

/** Waits (up to 2 s) until the cache has an upstream fetch in flight; answers how many. */
async function waitForReadAhead(cache: CacheProcess): Promise<number> {
  const until = performance.now() + 2000;
  for (;;) {
    const count = await cache.call('inFlight', {});
    if (count > 0 || performance.now() > until) return count;
    await sleep(5);
  }
}

/** Where a seek's time goes, from the cache's own trace of its upstream fetches: medians, and the slowest seek. */
function seekBreakdown(
  seeks: Array<{ offset: number; sentAt: number; firstByteAt: number }>,
  traces: FetchTrace[],
  syncs: Array<[number, number]>,
): { toRequest: number; upstream: number; delivery: number; matched: number; slowest: string } {
  const parts: Array<{ total: number; toRequest: number; upstream: number; delivery: number; syncing: string }> = [];
  for (const seek of seeks) {
    const fetch = traces.find((trace) => trace.kind === 'range' && trace.start === seek.offset && trace.requestedAt >= seek.sentAt - 1);
    if (!fetch || fetch.firstByteAt === null) continue;
    parts.push({
      total: seek.firstByteAt - seek.sentAt,
      toRequest: fetch.requestedAt - seek.sentAt,
      upstream: fetch.firstByteAt - fetch.requestedAt,
      delivery: seek.firstByteAt - fetch.firstByteAt,
      syncing: syncsDuring(syncs, fetch.firstByteAt, seek.firstByteAt),
    });
  }
  const slowest = parts.reduce<(typeof parts)[number] | null>((worst, part) => (worst === null || part.total > worst.total ? part : worst), null);
  return {
    toRequest: round(median(parts.map((part) => part.toRequest))),
    upstream: round(median(parts.map((part) => part.upstream))),
    delivery: round(median(parts.map((part) => part.delivery))),
    matched: parts.length,
    slowest: slowest ? `${round(slowest.total)} = ${round(slowest.toRequest)} + ${round(slowest.upstream)} + ${round(slowest.delivery)} (${slowest.syncing})` : 'none',
  };
}

/** The cache's fsyncs that overlapped [from, to]: how many, and the longest. */
function syncsDuring(syncs: Array<[number, number]>, from: number, to: number): string {
  const overlapping = syncs.filter(([start, end]) => start < to && end > from);
  const longest = Math.max(0, ...overlapping.map(([start, end]) => end - start));
  return `${overlapping.length} of the run's ${syncs.length} fsyncs overlapped its delivery, longest ${round(longest)} ms`;
}

/** Figure 3: a fresh 1 GiB entry read through the proxy from 0 to the end vs the same part straight from the upstream, both by curl. */
async function passThrough(demo: Demo, lab: LabPart, cache: CacheProcess, label: string, upstream: string): Promise<BenchResult[]> {
  const direct: number[] = [];
  const proxied: number[] = [];
  const demoPid = demo.process.child.pid ?? -1;
  // CPU per run from /proc, to tell the cache's own cost from a machine that is simply full.
  const zero = (): CpuSeconds => ({ user: 0, system: 0 });
  const used = { directDemo: zero(), proxyDemo: zero(), proxyCache: zero(), directSeconds: 0, proxySeconds: 0 };
  const add = (sum: CpuSeconds, more: CpuSeconds): void => {
    sum.user += more.user;
    sum.system += more.system;
  };
  const timedCpu = async <T>(body: () => Promise<T>): Promise<{ value: T; seconds: number; demo: CpuSeconds; cache: CpuSeconds }> => {
    const [demoBefore, cacheBefore] = await Promise.all([cpuSecondsOf(demoPid), cpuSecondsOf(cache.pid)]);
    const started = performance.now();
    const value = await body();
    const seconds = (performance.now() - started) / 1000;
    const [demoAfter, cacheAfter] = await Promise.all([cpuSecondsOf(demoPid), cpuSecondsOf(cache.pid)]);
    return { value, seconds, demo: cpuBetween(demoBefore, demoAfter), cache: cpuBetween(cacheBefore, cacheAfter) };
  };
  for (let run = 0; run < passThroughRuns; run += 1) {
    const alone = await timedCpu(() => curlSpeed(lab.url, lab.size, ['-H', `X-Plex-Token: ${demo.token}`]));
    direct.push(alone.value);
    add(used.directDemo, alone.demo);
    used.directSeconds += alone.seconds;
    const request = fresh(lab.request, `pass-${run}`);
    const opened = await cache.call('open', { request });
    const through = await timedCpu(() => curlSpeed(opened.streamUrl, lab.size));
    proxied.push(through.value);
    add(used.proxyDemo, through.demo);
    add(used.proxyCache, through.cache);
    used.proxySeconds += through.seconds;
    await cache.call('evict', { key: request.key });
  }
  const directMb = median(direct) / 1e6;
  const proxyMb = median(proxied) / 1e6;
  const ratio = (100 * proxyMb) / directMb;
  const list = (speeds: number[]): string => speeds.map((speed) => round(speed / 1e6, 0)).join(', ');
  const gib = (passThroughRuns * lab.size) / GiB;
  const cost = (cpu: CpuSeconds, seconds: number): string =>
    `${round(cpu.user / gib, 2)} user + ${round(cpu.system / gib, 2)} sys CPU-s/GiB, ${round((100 * (cpu.user + cpu.system)) / seconds, 0)}% of a core`;
  const command = `${suiteCommand}  (${upstream}, in its own process; cache in its own process, default settings; ${curlCommand} URL, median of ${passThroughRuns}, alternating; proxy: a fresh entry each run, curl from 'ready'; CPU: /proc/PID/stat utime, stime over each download, ${availableParallelism()} cores here)`;
  return [
    { name: `pass-through, ${label}: upstream alone, 1 GiB part (runs ${list(direct)} MB/s; demo ${cost(used.directDemo, used.directSeconds)})`, value: round(directMb, 0), unit: 'MB/s', command },
    {
      name: `pass-through, ${label}: fresh 1 GiB entry through the proxy (runs ${list(proxied)} MB/s; cache ${cost(used.proxyCache, used.proxySeconds)}; demo ${cost(used.proxyDemo, used.proxySeconds)})`,
      value: round(proxyMb, 0),
      unit: 'MB/s',
      command,
    },
    { name: `pass-through, ${label}: through the proxy vs upstream alone`, value: round(ratio, 0), unit: '%', target: '≥ 90%', met: ratio >= 90, command },
  ];
}

/** Figure 5: event-loop delay in the cache process while four fresh 64 MiB entries open and stream at once. */
async function loopDelay(lab: LabPart, cache: CacheProcess): Promise<BenchResult[]> {
  const p99s: number[] = [];
  const maxima: number[] = [];
  const speeds: number[] = [];
  for (let round_ = 0; round_ < loopDelayRounds; round_ += 1) {
    const requests = [0, 1, 2, 3].map((stream) => fresh(lab.request, `loop-${round_}-${stream}`));
    await cache.call('loopDelayStart', { resolutionMs: 1 });
    const started = performance.now();
    await Promise.all(
      requests.map(async (request) => {
        const opened = await cache.call('open', { request });
        await curlSpeed(opened.streamUrl, lab.size);
      }),
    );
    speeds.push((4 * lab.size) / ((performance.now() - started) / 1000));
    const delay = await cache.call('loopDelayStop', {});
    p99s.push(delay.p99);
    maxima.push(delay.max);
    for (const request of requests) await cache.call('evict', { key: request.key });
  }
  // The same monitor with nothing to do: what the machine alone (other processes, the scheduler) adds.
  await cache.call('loopDelayStart', { resolutionMs: 1 });
  await sleep(2000);
  const idle = await cache.call('loopDelayStop', {});
  const p99 = median(p99s);
  const command = `${suiteCommand}  (demo '{}', no rate limit; cache in its own process with monitorEventLoopDelay({ resolution: 1 }) from the four opens to the end of the four downloads; four entries of the 64 MiB part under fresh keys, each read whole by ${curlCommand}; median of ${loopDelayRounds} rounds)`;
  return [
    {
      name: `event-loop delay p99, four fresh 64 MiB streams at once (rounds ${p99s.map((value) => round(value)).join(', ')} ms; max ${round(Math.max(...maxima))} ms; ${round(median(speeds) / 1e6, 0)} MB/s together)`,
      value: round(p99),
      unit: 'ms',
      target: '< 20 ms',
      met: p99 < 20,
      command,
    },
    { name: `event-loop delay p99 of the same process idle for 2 s (max ${round(idle.max)} ms): the machine's share`, value: round(idle.p99), unit: 'ms', command },
  ];
}

/** Figure 4: the cache process's RSS while the 4 GiB part streams through the proxy from a fresh entry. */
async function peakRss(lab: LabPart, cache: CacheProcess): Promise<BenchResult[]> {
  const request = fresh(lab.request, 'rss');
  const opened = await cache.call('open', { request });
  const samples: Array<{ rss: number; downloadedBytes: number }> = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const memory = await memoryOf(cache.pid);
      const rss = memory?.rss ?? cache.progress?.rss;
      if (rss !== undefined) samples.push({ rss, downloadedBytes: cache.progress?.downloadedBytes ?? 0 });
      await sleep(100);
    }
  })();
  let speed: number;
  try {
    speed = await curlSpeed(opened.streamUrl, lab.size);
  } finally {
    sampling = false;
    await sampler;
  }
  const memory = await memoryOf(cache.pid);
  await cache.call('evict', { key: request.key });
  const sampledPeak = Math.max(...samples.map((sample) => sample.rss));
  const peak = Math.max(sampledPeak, memory?.peak ?? 0);
  const at = (fraction: number): number => {
    const reached = samples.find((sample) => sample.downloadedBytes >= fraction * lab.size);
    return (reached ?? samples[samples.length - 1] ?? { rss: Number.NaN }).rss;
  };
  const mb = (bytes: number): number => round(bytes / 1e6, 0);
  const quarter = at(0.25);
  const end = samples[samples.length - 1]?.rss ?? Number.NaN;
  const growth = (end - quarter) / 1e6;
  const command = `${suiteCommand}  (demo '{}', no rate limit; cache alone in its own process, maxSize 1 TiB, freeReserve 0; ${curlCommand} on the fresh entry's URL; VmRSS from /proc/PID/status every 100 ms (${samples.length} samples) and VmHWM at the end)`;
  return [
    {
      name: `peak RSS streaming the 4 GiB part through the proxy (VmHWM ${memory ? mb(memory.peak) : '?'} MB, sampled max ${mb(sampledPeak)} MB; ${round(speed / 1e6, 0)} MB/s)`,
      value: mb(peak),
      unit: 'MB',
      target: '< 200 MB',
      met: peak < 200e6,
      command,
    },
    {
      name: `RSS flat: at 25/50/75% of the bytes and at the end ${[quarter, at(0.5), at(0.75), end].map(mb).join(' / ')} MB; growth 25% → end`,
      value: round(growth, 0),
      unit: 'MB',
      target: '≤ 20 MB',
      met: growth <= 20,
      command,
    },
  ];
}

async function startDemo(options: DemoServerOptions, cleanup: Cleanup): Promise<Demo> {
  const background = await startBackground(process.execPath, [...process.execArgv, fileURLToPath(new URL('./demoChild.ts', import.meta.url)), JSON.stringify(options)]);
  cleanup.track(background.child);
  cleanup.add(() => background.stop());
  const { url, token, machineIdentifier } = JSON.parse(background.firstLine) as { url: string; token: string; machineIdentifier: string };
  return { url, token, machineIdentifier, process: background };
}

interface LabListing {
  MediaContainer: { Metadata?: Array<{ title: string; Media?: Array<{ Part: Array<{ id: number; key: string; size: number; container: string }> }> }> };
}

/** Every Cache Lab part (section 4) as a cache request. */
async function cacheLab(demo: Demo): Promise<LabPart[]> {
  const response = await fetch(`${demo.url}/library/sections/4/all`, { headers: { Accept: 'application/json', 'X-Plex-Token': demo.token } });
  if (!response.ok) throw new Error(`the Cache Lab listing answered ${response.status}`);
  const listing = (await response.json()) as LabListing;
  const parts: LabPart[] = [];
  for (const item of listing.MediaContainer.Metadata ?? []) {
    const found = item.Media?.[0]?.Part[0];
    if (!found) continue;
    const [, , , partId, changestamp] = found.key.split('/');
    parts.push({
      request: {
        key: `${demo.machineIdentifier}/${partId}/${changestamp}`,
        title: item.title,
        upstreamPath: found.key,
        fileName: found.key.split('/').pop() ?? 'file',
        container: found.container,
        metadataSize: found.size,
      },
      url: `${demo.url}${found.key}`,
      size: found.size,
    });
  }
  return parts;
}

function part(parts: LabPart[], size: number): LabPart {
  const found = parts.find((candidate) => candidate.size === size);
  if (!found) throw new Error(`the Cache Lab has no part of ${size} bytes`);
  return found;
}

/** The same part under a key the cache has never seen: a fresh entry with its own data file. */
function fresh(request: CachePartRequest, label: string): CachePartRequest {
  return { ...request, key: `${request.key}/bench-${label}`, title: `${request.title} (${label})` };
}

async function checked<T extends { status: number; bytes: number }>(pending: Promise<T>, status: number, bytes?: number): Promise<T> {
  const answer = await pending;
  if (answer.status !== status || (bytes !== undefined && answer.bytes !== bytes)) {
    throw new Error(`expected HTTP ${status}${bytes === undefined ? '' : ` with ${bytes} bytes`}, got ${answer.status} with ${answer.bytes}`);
  }
  return answer;
}

/** Bytes per second of one curl download that discards; fails unless every byte came with a 200. */
async function curlSpeed(url: string, size: number, extra: string[] = []): Promise<number> {
  const result = await timeCommand('curl', [...curlArguments, ...extra, url]);
  const [speed = '', bytes = '', status = ''] = result.stdout.trim().split(' ');
  if (result.code !== 0 || status !== '200' || Number(bytes) !== size) {
    throw new Error(`curl ${url.replace(/\/stream\/[^/]+/, '/stream/…')}: exit ${result.code}, HTTP ${status}, ${bytes} of ${size} bytes ${result.stderr.trim()}`);
  }
  return Number(speed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchCache()) process.stdout.write(`${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target})` : ''}\n`);
}
