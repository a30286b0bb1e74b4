// Every state of a real cache entry can be left: evict and close from new, probing, sized, ready and stored free the data file, and a re-open gets ready.
import { access, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntry } from '../../../src/cache/lifecycle/cacheEntry.js';
import type { CachePartRequest } from '../../../src/cache/lifecycle/cachePartRequest.js';
import { dataFileNameFor } from '../../../src/cache/store/dataFile.js';
import type { CacheEntrySnapshot, CacheState } from '../../../src/cache/lifecycle/entryState.js';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../src/demo/index.js';
import { cacheHarness, recordStates, type CacheHarness } from '../../helpers/cacheHarness.js';

const mebibyte = 1024 * 1024;
const settings = { chunkSize: 256 * 1024, readAheadBytes: 256 * 1024, startBuffer: mebibyte, freeReserve: 0 };
/** A hang (the bug: a re-open that never starts) waits this long, then fails saying so; a working re-open takes well under a second. */
const hangMs = 60_000;

/**
 * Servers that hold an entry in one state: `probing` answers nothing for a minute (latency), `sized`
 * sends 20 kB a second so the 1 MiB start buffer takes nearly a minute. Opens go to `upstream`,
 * which a test points at a holding server and back at the harness's own, unthrottled one.
 */
interface Lab {
  harness: CacheHarness;
  part: CachePartRequest;
  use(server: DemoServer | 'fast'): void;
  holding(options: DemoServerOptions): Promise<DemoServer>;
  close(): Promise<void>;
}

async function lab(): Promise<Lab> {
  let current: DemoServer | undefined;
  const servers: DemoServer[] = [];
  const harness = await cacheHarness({}, settings, () => (current ? { baseUrl: current.url } : {}));
  const part = await harness.labPart(7_340_033);
  return {
    harness,
    part,
    use(server) {
      current = server === 'fast' ? undefined : server;
    },
    async holding(options) {
      const server = await startDemoServer({ token: harness.demo.token, ...options });
      servers.push(server);
      return server;
    },
    async close() {
      await harness.close();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** The first snapshot in one of `states`; a hang fails with the state the entry is stuck in. */
function reachOrHang(entry: CacheEntry, states: CacheState[], doing: string): Promise<CacheEntrySnapshot> {
  return firstValueFrom(
    entry.state$.pipe(
      filter((snapshot) => states.includes(snapshot.state)),
      timeout({ first: hangMs, with: () => Promise.reject(new Error(`${doing}: the entry hung in "${entry.snapshot.state}" for ${hangMs / 1000} s instead of reaching ${states.join(' or ')}`)) }),
    ),
  );
}

test('evicting an entry held in sized, then opening it again: it probes anew and gets ready (no hang)', async () => {
  const context = await lab();
  try {
    const { harness, part } = context;
    context.use(await context.holding({ rateBytesPerSecond: 20_000 }));
    const entry = harness.cache.open(part);
    await reachOrHang(entry, ['sized'], 'the first open');
    const recorder = recordStates(entry);
    assert.ok(await harness.cache.evict(part.key));
    assert.not.ok(await dataFileExists(harness, part), 'the evicted data file is gone');
    assert.is(entry.snapshot.state, 'evicted', 'evicting while sized no longer leaves it sized');

    context.use('fast');
    harness.cache.open(part);
    const ready = await reachOrHang(entry, ['ready', 'failed'], 'the re-open after evicting while sized');
    recorder.stop();
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    assert.equal(recorder.states, ['sized', 'evicted', 'probing', 'sized', 'ready']);
  } finally {
    await context.close();
  }
});

/** How a test brings an entry into one state: which server answers, and what it does before (the open is part of it). */
const reachState: Record<'new' | 'stored' | 'probing' | 'sized' | 'ready', (context: Lab) => Promise<CacheEntry>> = {
  async probing(context) {
    context.use(await context.holding({ latencyMs: hangMs }));
    const entry = context.harness.cache.open(context.part);
    await reachOrHang(entry, ['probing'], 'opening');
    return entry;
  },
  async sized(context) {
    context.use(await context.holding({ rateBytesPerSecond: 20_000 }));
    const entry = context.harness.cache.open(context.part);
    await reachOrHang(entry, ['sized'], 'opening');
    return entry;
  },
  async ready(context) {
    const entry = context.harness.cache.open(context.part);
    const ready = await reachOrHang(entry, ['ready', 'failed'], 'opening');
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    return entry;
  },
  /** Ready, then closed: its record and bytes stay. */
  async stored(context) {
    const entry = await reachState.ready(context);
    await entry.close();
    assert.is(entry.snapshot.state, 'stored');
    return entry;
  },
  /** Closed while probing a fresh part: nothing was recorded. */
  async new(context) {
    const entry = await reachState.probing(context);
    await entry.close();
    assert.is(entry.snapshot.state, 'new');
    return entry;
  },
};

for (const [from, reach] of Object.entries(reachState)) {
  test(`evict from ${from}: the data file and record are gone, the state is evicted, and a re-open probes and gets ready`, async () => {
    const context = await lab();
    try {
      const { harness, part } = context;
      const entry = await reach(context);
      const recorder = recordStates(entry);
      assert.ok(await harness.cache.evict(part.key));
      assert.is(entry.snapshot.state, 'evicted');
      assert.is(entry.snapshot.streamUrl, null);
      assert.not.ok(await dataFileExists(harness, part), 'no data file');
      assert.not.ok(await dataFileHeld(harness, part), 'no descriptor on it');
      assert.not.ok(harness.cache.store.has(part.key), 'no record');
      await reopenedReady(context, entry, 'the re-open after evicting');
      recorder.stop();
      assert.equal(recorder.states, [from, 'evicted', 'probing', 'sized', 'ready']);
    } finally {
      await context.close();
    }
  });

  test(`close from ${from}: the data file is let go of, the entry rests (stored or new), and a re-open probes and gets ready`, async () => {
    const context = await lab();
    try {
      const { harness, part } = context;
      const entry = await reach(context);
      const recorded = harness.cache.store.has(part.key);
      const recorder = recordStates(entry);
      await entry.close();
      const rest = recorded ? 'stored' : 'new';
      assert.is(entry.snapshot.state, rest);
      assert.is(entry.snapshot.streamUrl, null);
      assert.not.ok(await dataFileHeld(harness, part), 'no descriptor on the data file');
      assert.is(harness.cache.store.has(part.key), recorded, 'the record stays as it was');
      await reopenedReady(context, entry, 'the re-open after closing');
      recorder.stop();
      assert.equal(recorder.states, [...(from === rest ? [] : [from]), rest, 'probing', 'sized', 'ready']);
    } finally {
      await context.close();
    }
  });
}

test('a record from an earlier run is stored, in snapshots and once opened; evicting it without opening removes its file, and an open gets ready', async () => {
  const context = await lab();
  try {
    const { harness, part } = context;
    await reachState.ready(context);
    const cache = await harness.reopen();
    assert.equal(cache.snapshots().map((snapshot) => [snapshot.key, snapshot.state]), [[part.key, 'stored']]);
    assert.ok(await dataFileExists(harness, part));
    assert.ok(await cache.evict(part.key));
    assert.not.ok(await dataFileExists(harness, part), 'no data file');
    assert.equal(cache.snapshots(), []);
    const entry = cache.open(part);
    assert.is(entry.snapshot.state, 'probing', 'an open probes at once: no stale state to skip');
    const ready = await reachOrHang(entry, ['ready', 'failed'], 'opening after the eviction');
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    const again = await harness.reopen();
    const stored = again.open(part);
    const recorder = recordStates(stored);
    await reachOrHang(stored, ['ready', 'failed'], 'opening the stored entry');
    recorder.stop();
    assert.equal(recorder.states, ['probing', 'sized', 'ready']);
  } finally {
    await context.close();
  }
});

/** Opens `entry` again on the unthrottled server and waits for ready. */
async function reopenedReady(context: Lab, entry: CacheEntry, doing: string): Promise<void> {
  context.use('fast');
  assert.is(context.harness.cache.open(context.part), entry);
  assert.is(entry.snapshot.state, 'probing', `${doing}: probing at once`);
  const ready = await reachOrHang(entry, ['ready', 'failed'], doing);
  assert.is(ready.state, 'ready', JSON.stringify(ready.error));
  assert.ok(await dataFileHeld(context.harness, context.part), 'the data file is open again');
}

function dataFileExists(harness: CacheHarness, part: CachePartRequest): Promise<boolean> {
  return access(join(harness.cache.dataFolder, dataFileNameFor(part.key))).then(
    () => true,
    () => false,
  );
}

/** Whether this process holds a descriptor on the entry's data file (Linux: /proc/self/fd). */
async function dataFileHeld(harness: CacheHarness, part: CachePartRequest): Promise<boolean> {
  const path = join(harness.cache.dataFolder, dataFileNameFor(part.key));
  for (const descriptor of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${descriptor}`).catch(() => '');
    if (target === path || target === `${path} (deleted)`) return true;
  }
  return false;
}

test.run();
