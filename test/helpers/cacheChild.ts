// A child process for the cache's crash and two-process tests: it holds a CacheManager on a folder, and can pin a part.
// Usage: node --import tsx test/helpers/cacheChild.ts <cache folder> hold
//        node --import tsx test/helpers/cacheChild.ts <cache folder> download <demo url> <token> <request as JSON>
// It prints `ready` once the manager is open. In download mode it opens and pins the part, and prints
// `durable <bytes>` whenever the store file on disk (read as another process would) records more bytes.
// Closing its stdin closes the manager and ends it; the tests mostly kill it with SIGKILL instead.
import { RangeSet } from '../../src/base/rangeSet.js';
import { CacheManager, type CachePartRequest, HttpUpstream } from '../../src/cache/index.js';
import { CacheStore } from '../../src/cache/store/index.js';

const chunkSize = 1024 * 1024;

async function durableBytes(folder: string, key: string): Promise<number> {
  const store = await CacheStore.open(folder, { readOnly: true });
  try {
    const stored = store.get(key);
    return stored ? RangeSet.fromIntervals(stored.ranges).totalBytes : 0;
  } finally {
    await store.close();
  }
}

async function main([folder = '.', mode = 'hold', url = '', token = '', requestJson = '{}']: string[]): Promise<void> {
  const cache = await CacheManager.open({
    folder,
    settings: { chunkSize, startBuffer: chunkSize, readAheadBytes: chunkSize, concurrency: 3 },
    connect: (path) => new HttpUpstream({ baseUrl: url, path, token, retryBaseDelayMs: 10 }),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdin.resume();
  process.stdin.on('end', () => {
    void cache.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
  if (mode !== 'download') return;
  const request = JSON.parse(requestJson) as CachePartRequest;
  cache.open(request);
  cache.setPinned(request.key, true);
  let reported = 0;
  for (;;) {
    const bytes = await durableBytes(folder, request.key);
    if (bytes > reported) {
      reported = bytes;
      process.stdout.write(`durable ${bytes}\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`cacheChild: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
