// A damaged store is rebuilt from the data files' sidecars: complete entries come back whole, nothing is deleted.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';

test('every shard damaged: complete entries are rebuilt from the sidecars and still serve the right bytes', async () => {
  const harness = await cacheHarness();
  try {
    const part = await harness.labPart(1_048_576);
    const entry = harness.cache.open(part);
    await reach(entry, ['ready']);
    entry.setPinned(true);
    await entry.waitUntilComplete();
    await reach(entry, ['ready']);
    await harness.reopen();

    const storeFolder = join(harness.folder.path, 'store');
    for (const name of await readdir(storeFolder)) {
      if (name.endsWith('.json')) await writeFile(join(storeFolder, name), '{"format": "plexterm-cache-st');
    }
    const cache = await harness.reopen();
    assert.ok(harness.log.some((line) => /rebuilt 1 entry from the data files/.test(line)), harness.log.join('\n'));
    const moved = (await readdir(storeFolder)).filter((name) => name.includes('.corrupt-'));
    assert.ok(moved.length > 0, 'the damaged files are moved aside, not deleted');
    const rebuilt = cache.store.get(part.key);
    assert.ok(rebuilt, 'the entry is back');
    assert.equal(rebuilt?.ranges, [[0, 1_048_576]]);
    assert.is(rebuilt?.pinned, true);

    const reopened = cache.open(part);
    const ready = await reach(reopened, ['ready', 'failed']);
    assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    const response = await fetch(ready.streamUrl ?? '');
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(syntheticBytes(part.partId, 0, 1_048_576)));
  } finally {
    await harness.close();
  }
});

test.run();
