// A child process for the store tests: `hold` opens a cache store and keeps it open; `write-loop` rewrites it until killed.
// Usage: node --import tsx test/helpers/storeChild.ts <cache folder> hold|write-loop
// It prints `ready` once the store is open, and in write-loop `durable <round>` after each acknowledged writeNow.
import { CacheStore } from '../../src/cache/store/index.js';
import { roundEntry, writeLoopEntries } from './storeEntries.js';

async function main(folder: string, mode: string): Promise<void> {
  const store = await CacheStore.open(folder, { coalesceMs: 1 });
  process.stdin.resume();
  process.stdin.on('end', () => {
    void store.close().then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
  if (mode !== 'write-loop') return;
  for (let round = 0; ; round += 1) {
    for (let index = 0; index < writeLoopEntries; index += 1) store.upsert(roundEntry(index, round));
    if (round % 2 === 0) {
      await store.writeNow();
      process.stdout.write(`durable ${round}\n`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

const [folder, mode] = process.argv.slice(2);
main(folder ?? '.', mode ?? 'hold').catch((error: unknown) => {
  process.stderr.write(`storeChild: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
