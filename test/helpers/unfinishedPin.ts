// An earlier run's unfinished pinned download in a plexterm home, for the tests of what carries it on.
import { filter, firstValueFrom, timeout } from 'rxjs';
import { resolvePaths } from '../../src/base/paths.js';
import { CacheManager, HttpUpstream } from '../../src/cache/index.js';
import { startDemoServer } from '../../src/demo/index.js';
import { findItem } from './demoServer.js';
import { timeLimit } from './timeLimit.js';

/**
 * Pins the Cache Lab's 7 MiB part in `home`'s cache and closes the cache after its first bytes, as a
 * run that ended mid-download would. The demo used has --demo's catalog and machine identifier, so
 * `plexterm --demo` can fetch the rest. Resolves with the entry's key.
 */
export async function leaveUnfinishedPin(home: string): Promise<string> {
  // Slow, so the download cannot finish before the cache closes.
  const demo = await startDemoServer({ rateBytesPerSecond: 512 * 1024 });
  try {
    const item = await findItem(demo, 'Cache Lab', '7.00 MiB');
    const part = item.Media?.[0]?.Part[0];
    if (!part) throw new Error('the Cache Lab has no 7 MiB part');
    const [, , , partId, changestamp] = part.key.split('/');
    const key = `${demo.machineIdentifier}/${partId}/${changestamp}`;
    const cache = await CacheManager.open({
      folder: resolvePaths(home).cache,
      settings: { startBuffer: 0 },
      connect: (path) => new HttpUpstream({ baseUrl: demo.url, path, token: demo.token, identity: { clientIdentifier: 'plexterm-test' } }),
    });
    try {
      const entry = cache.open({ key, title: item.title, upstreamPath: part.key, fileName: 'part.bin', container: null, metadataSize: part.size ?? null });
      cache.setPinned(key, true);
      await firstValueFrom(entry.state$.pipe(filter((snapshot) => snapshot.downloadedBytes > 0), timeout(timeLimit(20_000))));
    } finally {
      await cache.close();
    }
    return key;
  } finally {
    await demo.close();
  }
}
