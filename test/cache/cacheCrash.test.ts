// A plexterm killed with SIGKILL mid-download, and a second process on a live one's cache folder: nothing recorded is lost or wrong.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RangeSet } from '../../src/base/rangeSet.js';
import { isPlextermError } from '../../src/base/errors.js';
import { CacheManager } from '../../src/cache/cacheManager.js';
import { dataFileNameFor } from '../../src/cache/store/dataFile.js';
import { HttpUpstream } from '../../src/cache/upstream/httpUpstream.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';
import { requestLog } from '../helpers/cacheLab.js';
import type { DemoServer } from '../../src/demo/index.js';
import { askedRanges, mismatches } from '../helpers/cacheDataCheck.js';
import { startTsChild, type TestChild } from '../helpers/childProcess.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

const mebibyte = 1024 * 1024;
const size = 64 * mebibyte;
const childScript = 'test/helpers/cacheChild.ts';

/** The length of the demo's request log once it stopped growing for a few polls. */
async function settledLogLength(demo: DemoServer): Promise<number> {
  let length = -1;
  for (let unchanged = 0; unchanged < 5; ) {
    await delay(20);
    const current = (await requestLog(demo)).length;
    unchanged = current === length ? unchanged + 1 : 0;
    length = current;
  }
  return length;
}

test('SIGKILL mid-download: recorded ranges equal upstream, the lock is taken over at once, the download resumes without refetching them', async () => {
  // Slow enough that the child is killed long before 64 MiB are down, fast enough to finish afterwards.
  const harness = await cacheHarness({ rateBytesPerSecond: 8_000_000 }, { chunkSize: mebibyte, startBuffer: mebibyte, readAheadBytes: mebibyte });
  let child: TestChild | undefined;
  try {
    const part = await harness.labPart(size);
    await harness.cache.close();
    child = startTsChild(childScript, [harness.folder.path, 'download', harness.demo.url, harness.demo.token, JSON.stringify(part)]);
    // At least 2 MiB durably recorded (seven digits or more, the last of them past 2,000,000).
    const line = await child.waitForLine(/^durable (?:[2-9]\d{6}|\d{8,})$/, 30_000);
    await child.kill();
    const durable = Number(line.split(' ')[1]);
    // The killed child's connections close now; once the log stops growing, everything later is the new process's.
    const before = await settledLogLength(harness.demo);

    const cache = await harness.reopen();
    const stored = cache.store.get(part.key);
    const recorded = RangeSet.fromIntervals(stored?.ranges ?? []);
    assert.ok(recorded.totalBytes >= durable, `the store holds what the child saw recorded (${recorded.totalBytes} >= ${durable})`);
    assert.ok(recorded.totalBytes < size, 'the child was killed mid-download');
    const dataPath = join(cache.dataFolder, dataFileNameFor(part.key));
    assert.equal(await mismatches(dataPath, part.partId, recorded), [], 'every recorded byte equals upstream');

    const entry = cache.open(part);
    const ready = await reach(entry, ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    assert.ok(ready.pinned, 'the pin survived the crash');
    await firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.complete || snapshot.state === 'failed'), timeout(timeLimit(60_000))));
    assert.is(entry.snapshot.state, 'ready', JSON.stringify(entry.snapshot.error));

    const after = (await requestLog(harness.demo)).slice(before).filter((request) => request.path === part.upstreamPath);
    // The server confirmed the file moments before the crash (within revalidateAfter): the reopen trusts it without a
    // probe, and nothing recorded is asked again.
    assert.not.ok(after.some((request) => request.range === 'bytes=0-0'), after.map((request) => request.range).join(', '));
    for (const [start, end] of askedRanges(after, size)) {
      const overlap = recorded.remove(0, start).remove(end, Number.MAX_SAFE_INTEGER);
      assert.ok(overlap.isEmpty, `bytes ${start}-${end - 1} were asked again although ${overlap.toString()} was recorded`);
    }
    assert.equal(await mismatches(dataPath, part.partId, [[0, size]]), [], 'the completed file equals upstream');
  } finally {
    await child?.kill();
    await harness.close();
  }
});

test('a second process on a live one\'s cache folder gets `cache-locked` naming the PID; once that one is killed, the lock is taken over', async () => {
  const folder = await makeTempFolder('plexterm-cache-');
  const child = startTsChild(childScript, [folder.path, 'hold']);
  const options = {
    folder: folder.path,
    connect: (path: string) => new HttpUpstream({ baseUrl: 'http://127.0.0.1:9', path }),
  };
  try {
    await child.waitForLine(/^ready$/);
    const error = await CacheManager.open(options).then(
      async (cache) => {
        await cache.close();
        return null;
      },
      (failure: unknown) => failure,
    );
    if (!isPlextermError(error)) throw new Error(`expected a PlextermError, not ${String(error)}`);
    assert.is(error.code, 'cache-locked');
    assert.match(error.message, String(child.pid));

    await child.kill();
    const cache = await CacheManager.open(options);
    await cache.close();
  } finally {
    await child.kill();
    await folder.remove();
  }
});

test.run();
