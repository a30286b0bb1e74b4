// Benchmarks of the cache metadata store with 10,000 entries: load time, event-loop blocking of writes, durable write latency.
// Run alone: node --import tsx bench/store.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { RangeSet } from '../src/base/rangeSet.js';
import { CacheStore } from '../src/cache/store/index.js';
import { sampleEntry } from '../test/helpers/storeEntries.js';
import { median, percentile, round, type BenchResult } from './benchResult.js';


const entryCount = 10_000;
const command = 'node --import tsx bench/store.bench.ts';

export async function benchStore(): Promise<BenchResult[]> {
  const folder = await mkdtemp(join(tmpdir(), 'plexterm-bench-store-'));
  try {
    const entries = Array.from({ length: entryCount }, (_, index) => sampleEntry(index));
    const unsharded = median(Array.from({ length: 7 }, () => timed(() => JSON.stringify({ entries }))));
    const first = await CacheStore.open(folder);
    for (const entry of entries) first.upsert(entry);
    await first.writeNow();
    await first.close();

    const loads: number[] = [];
    for (let round = 0; round < 7; round += 1) {
      const started = performance.now();
      const store = await CacheStore.open(folder);
      loads.push(performance.now() - started);
      if (store.size !== entryCount) throw new Error(`loaded ${store.size} entries, not ${entryCount}`);
      await store.close();
    }

    const store = await CacheStore.open(folder, { coalesceMs: 250 });
    const downloading = entries.slice(0, 4).map((entry) => entry.key);
    const idle = await measureBlocking(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    const progress = await measureBlocking(() => simulateDownloads(store, downloading, 1500));
    const progressBlock = store.writeStatistics.longestBlockMs;
    for (const entry of entries) store.upsert({ ...entry, lastAccess: entry.lastAccess + 1 });
    store.writeStatistics.longestBlockMs = 0;
    await store.writeNow();
    const everythingBlock = store.writeStatistics.longestBlockMs;
    const latencies: number[] = [];
    for (let round = 0; round < 30; round += 1) {
      store.update(entries[round]!.key, { lastAccess: round });
      const started = performance.now();
      await store.writeNow();
      latencies.push(performance.now() - started);
    }
    await store.close();

    const loadMedian = median(loads);
    return [
      { name: 'store: load 10,000 entries (median of 7)', value: round(loadMedian), unit: 'ms', target: '< 200 ms', met: loadMedian < 200, command },
      {
        name: 'store: longest synchronous slice of a coalesced progress write (4 downloads, 10,000 entries)',
        value: round(progressBlock, 2),
        unit: 'ms',
        target: '< 3 ms',
        met: progressBlock < 3,
        command,
      },
      {
        name: 'store: longest synchronous slice of a writeNow of all 64 shards (10,000 entries)',
        value: round(everythingBlock, 2),
        unit: 'ms',
        target: '< 3 ms',
        met: everythingBlock < 3,
        command,
      },
      { name: 'store: longest event-loop gap (wall clock) during those progress writes', value: round(progress.longestGap, 2), unit: 'ms', command },
      { name: 'store: longest event-loop gap (wall clock) while idle, the machine\'s noise floor', value: round(idle.longestGap, 2), unit: 'ms', command },
      { name: 'store: event-loop delay p99 during the progress writes', value: round(progress.delayP99, 2), unit: 'ms', target: '< 20 ms', met: progress.delayP99 < 20, command },
      { name: 'store: writeNow latency, one change, fsynced (median of 30)', value: round(median(latencies), 2), unit: 'ms', command },
      { name: 'store: writeNow latency, one change, fsynced (p95 of 30)', value: round(percentile(latencies, 0.95), 2), unit: 'ms', command },
      { name: 'store: JSON.stringify of all 10,000 entries at once (what sharding avoids)', value: round(unsharded, 2), unit: 'ms', command },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Downloads (one per key) recording a new range every 5 ms each; the store coalesces the writes. */
async function simulateDownloads(store: CacheStore, keys: readonly string[], durationMs: number): Promise<void> {
  const ranges = keys.map(() => RangeSet.empty);
  const endAt = performance.now() + durationMs;
  for (let step = 0; performance.now() < endAt; step += 1) {
    keys.forEach((key, index) => {
      ranges[index] = ranges[index]!.add(step * 65_536, (step + 1) * 65_536);
      store.update(key, { ranges: ranges[index]!, totalSize: null, lastAccess: Date.now() });
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await store.writeNow();
}

/**
 * Runs `work` while a setImmediate loop notes the longest time between two of its turns: the
 * longest stretch the event loop was busy elsewhere, or the process was not scheduled at all (so
 * it includes the machine's noise). Also samples the event-loop delay.
 */
async function measureBlocking(work: () => Promise<unknown>): Promise<{ longestGap: number; delayP99: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let longestGap = 0;
  let running = true;
  let last = performance.now();
  const turn = () => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  histogram.enable();
  setImmediate(turn);
  await new Promise((resolve) => setImmediate(resolve));
  try {
    await work();
  } finally {
    running = false;
    histogram.disable();
  }
  return { longestGap, delayP99: histogram.percentile(99) / 1e6 };
}

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchStore()) process.stdout.write(`${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target})` : ''}\n`);
}
