// The cache benchmarks' cache process: a CacheManager and its stream proxy, driven over IPC by bench/cache.bench.ts.
// Forked by CacheProcess.start (bench/cacheProcess.ts) with one argument, the JSON CacheChildConfig.
import { open as openFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { filter, firstValueFrom } from 'rxjs';
import { type CacheEntry, CacheManager, type CachePartRequest } from '../src/cache/index.js';
import { HttpUpstream, type HttpUpstreamOptions, type RawRangeResponse, type UpstreamResponse } from '../src/cache/upstream/index.js';
import { now, type CacheChildConfig, type CacheCommands, type CacheRequestMessage, type FetchTrace, type OpenResult } from './cacheProcess.js';

const config = JSON.parse(process.argv[2] ?? '{}') as CacheChildConfig;
const traces: FetchTrace[] = [];
let inFlight = 0;

/** The cache's own upstream, timing each request when asked: headers, first body byte, end of body. */
class TracedUpstream extends HttpUpstream {
  override async requestRange(range: string, signal?: AbortSignal): Promise<RawRangeResponse> {
    if (range !== 'bytes=0-0') return super.requestRange(range, signal);
    const trace: FetchTrace = { kind: 'probe', start: 0, end: 1, requestedAt: now(), headersAt: null, firstByteAt: null, endedAt: null, bytes: 0 };
    traces.push(trace);
    const response = await super.requestRange(range, signal);
    trace.headersAt = now();
    return response;
  }

  override async fetchRange(start: number, end: number | undefined, signal: AbortSignal): Promise<UpstreamResponse> {
    const trace: FetchTrace = { kind: 'range', start, end: end ?? null, requestedAt: now(), headersAt: null, firstByteAt: null, endedAt: null, bytes: 0 };
    traces.push(trace);
    inFlight += 1;
    let response: UpstreamResponse;
    try {
      response = await super.fetchRange(start, end, signal);
    } catch (error) {
      inFlight -= 1;
      trace.endedAt = now();
      throw error;
    }
    if (signal.aborted) {
      inFlight -= 1;
      trace.endedAt = now();
      return response;
    }
    trace.headersAt = now();
    // A fetch cancelled at its headers never reads the body: the abort ends it then.
    const finish = (): void => {
      if (trace.endedAt !== null) return;
      inFlight -= 1;
      trace.endedAt = now();
    };
    signal.addEventListener('abort', finish, { once: true });
    return { ...response, body: tracedBody(response.body, trace, finish) };
  }
}

async function* tracedBody(body: AsyncIterable<Uint8Array>, trace: FetchTrace, finish: () => void): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const piece of body) {
      trace.firstByteAt ??= now();
      trace.bytes += piece.byteLength;
      yield piece;
    }
  } finally {
    finish();
  }
}

const upstreamOptions = (path: string): HttpUpstreamOptions => ({
  baseUrl: config.demoUrl,
  path,
  token: config.token,
  identity: { clientIdentifier: 'plexterm-bench' },
});

const syncs: Array<[number, number]> = [];
if (config.traceFetches) await traceSyncs();

/** Times every fdatasync and fsync of a file handle in this process (they share libuv's thread pool with the data path). */
async function traceSyncs(): Promise<void> {
  const probe = join(config.folder, '..', `.sync-probe-${process.pid}`);
  const handle = await openFile(probe, 'w');
  const prototype = Object.getPrototypeOf(handle) as { datasync(): Promise<void>; sync(): Promise<void> };
  await handle.close();
  await rm(probe, { force: true });
  for (const name of ['datasync', 'sync'] as const) {
    const original = prototype[name];
    prototype[name] = async function timed(this: unknown): Promise<void> {
      const startedAt = now();
      try {
        await original.call(this);
      } finally {
        syncs.push([startedAt, now()]);
      }
    };
  }
}

const manager = await CacheManager.open({
  folder: config.folder,
  settings: config.settings,
  connect: (path) => (config.traceFetches ? new TracedUpstream(upstreamOptions(path)) : new HttpUpstream(upstreamOptions(path))),
  log: (message) => process.stderr.write(`${message}\n`),
});
const opened = new Map<string, CacheEntry>();
let histogram: IntervalHistogram | null = null;

async function open(request: CachePartRequest): Promise<OpenResult> {
  const openedAt = now();
  const states: OpenResult['states'] = {};
  const entry = manager.open(request);
  opened.set(request.key, entry);
  const subscription = entry.state$.subscribe((snapshot) => {
    if (snapshot.state === 'probing' || snapshot.state === 'sized' || snapshot.state === 'ready') states[snapshot.state] ??= now() - openedAt;
  });
  try {
    const snapshot = await firstValueFrom(entry.state$.pipe(filter((next) => next.state === 'ready' || next.state === 'failed')));
    if (snapshot.state === 'failed' || snapshot.streamUrl === null || snapshot.totalSize === null) {
      throw new Error(`${request.title} failed: ${snapshot.error?.message ?? 'no stream URL'}`);
    }
    return { streamUrl: snapshot.streamUrl, totalSize: snapshot.totalSize, openedAt, states };
  } finally {
    subscription.unsubscribe();
  }
}

const handlers: { [K in keyof CacheCommands]: (args: CacheCommands[K]['args']) => Promise<CacheCommands[K]['result']> } = {
  open: ({ request }) => open(request),
  async evict({ key }) {
    await manager.evict(key);
    opened.delete(key);
    return null;
  },
  inFlight: async () => inFlight,
  async fetchLog() {
    return traces.splice(0, traces.length);
  },
  async syncLog() {
    return syncs.splice(0, syncs.length);
  },
  async loopDelayStart({ resolutionMs }) {
    histogram?.disable();
    histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    histogram.enable();
    return null;
  },
  async loopDelayStop() {
    if (!histogram) throw new Error('the event-loop monitor is not running');
    histogram.disable();
    const ms = (nanoseconds: number): number => nanoseconds / 1e6;
    const result = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), samples: histogram.count };
    histogram = null;
    return result;
  },
  async close() {
    await shutDown();
    return null;
  },
};

let closing: Promise<void> | null = null;
function shutDown(): Promise<void> {
  closing ??= (async () => {
    clearInterval(progressTimer);
    await manager.close();
    // Let the reply to `close` go out before the channel closes.
    setImmediate(() => process.disconnect?.());
  })();
  return closing;
}

function downloadedBytes(): number {
  let sum = 0;
  for (const entry of opened.values()) sum += entry.snapshot.downloadedBytes;
  return sum;
}

const progressTimer =
  config.progressIntervalMs === undefined
    ? undefined
    : setInterval(() => process.send?.({ progress: { at: now(), rss: process.memoryUsage.rss(), downloadedBytes: downloadedBytes() } }), config.progressIntervalMs);

process.on('message', (message: CacheRequestMessage) => {
  const handler = handlers[message.command] as (args: CacheRequestMessage['args']) => Promise<unknown>;
  handler(message.args).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The parent went away (or closed the channel): release the cache folder and leave.
process.on('disconnect', () => void shutDown().finally(() => process.exit(0)));
process.send?.({ id: 0, ok: true, value: null });
