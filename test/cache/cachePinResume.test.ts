// A pin outlives its process: the next cache on the folder carries on the unfinished pinned downloads it may fetch, and no others.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { dataFileNameFor } from '../../src/cache/store/dataFile.js';
import { cacheHarness, reach, reachComplete } from '../helpers/cacheHarness.js';
import { mismatches } from '../helpers/cacheDataCheck.js';
import { timeLimit } from '../helpers/timeLimit.js';

const kibibyte = 1024;
const settings = { chunkSize: 256 * kibibyte, readAheadBytes: 256 * kibibyte, startBuffer: 256 * kibibyte, freeReserve: 0 };

test('resumePinned opens the pinned entries left unfinished (only those `accept` takes), and they complete; finished, unpinned and open ones are left alone', async () => {
  // Slow enough that the pinned download cannot finish before the first cache closes: about 12 s
  // from the first MiB on, whatever the load, since it is opened last and the close follows that MiB.
  const harness = await cacheHarness({ rateBytesPerSecond: 512 * kibibyte }, settings);
  try {
    const big = await harness.labPart(7_340_033);
    const small = await harness.labPart(1024 * kibibyte);
    const requests = {
      finished: { ...small, key: `${small.key}#finished`, title: 'finished' },
      otherServer: { ...big, key: `other-machine/${big.partId}/1#elsewhere`, title: 'elsewhere' },
      unpinned: { ...big, key: `${big.key}#unpinned`, title: 'unpinned' },
      // Last: the steps before it take long on a busy machine, and must not count against its download.
      unfinished: { ...big, key: `${big.key}#unfinished`, title: 'unfinished' },
    };
    for (const request of Object.values(requests)) {
      const entry = harness.cache.open(request);
      assert.is((await reach(entry, ['ready', 'failed'])).state, 'ready');
      if (request !== requests.unpinned) harness.cache.setPinned(request.key, true);
      if (request === requests.finished) await reachComplete(entry);
    }
    const unfinished = harness.cache.entry(requests.unfinished.key)!;
    await firstValueFrom(unfinished.state$.pipe(filter((snapshot) => snapshot.downloadedBytes >= 1024 * kibibyte), timeout(timeLimit(20_000))));

    const cache = await harness.reopen();
    const before = new Map(cache.snapshots().map((snapshot) => [snapshot.key, snapshot]));
    assert.ok((before.get(requests.unfinished.key)?.downloadedBytes ?? 0) < big.metadataSize!, 'the pinned download was cut short by the close');
    assert.ok(before.get(requests.finished.key)?.complete);

    const resumed = cache.resumePinned((stored) => stored.key.startsWith(`${harness.demo.machineIdentifier}/`));
    assert.equal(resumed.map((entry) => entry.key), [requests.unfinished.key], 'not the finished one, the unpinned one, nor another server\'s');
    assert.is(cache.entry(requests.otherServer.key), undefined);
    assert.is(cache.entry(requests.unpinned.key), undefined);
    const done = await reachComplete(resumed[0]!, 30_000);
    assert.ok(done.complete, JSON.stringify(done.error));
    const stored = cache.store.get(requests.unfinished.key)!;
    assert.equal(stored.ranges, [[0, big.metadataSize!]]);
    assert.equal(await mismatches(join(cache.dataFolder, dataFileNameFor(stored.key)), big.partId, stored.ranges), []);
    assert.equal(cache.resumePinned().map((entry) => entry.key), [requests.otherServer.key], 'open entries are not opened again; without a filter, every unfinished pin');
  } finally {
    await harness.close();
  }
});

test.run();
