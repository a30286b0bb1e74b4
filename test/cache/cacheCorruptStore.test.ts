// A store shard file full of garbage: the manager opens anyway, moves the file aside, says so, and plexterm carries on.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shardIndex, storeFolderName } from '../../src/cache/store/store.js';
import { shardFilePath } from '../../src/cache/store/storeFiles.js';
import { syntheticBytes } from '../../src/demo/index.js';
import { cacheHarness, reach } from '../helpers/cacheHarness.js';
import { fetchReply } from '../helpers/streamProxyHarness.js';

const settings = { chunkSize: 256 * 1024, startBuffer: 256 * 1024 };

test('garbage in a shard file: moved aside as `.corrupt-…` byte for byte, logged, other entries kept, new entries open', async () => {
  const harness = await cacheHarness({}, settings);
  try {
    const damagedPart = await harness.labPart(1_048_576);
    let keptPart = await harness.labPart(1000);
    // The kept entry must live in another shard than the one that gets damaged.
    for (let suffix = 0; shardIndex(keptPart.key) === shardIndex(damagedPart.key); suffix += 1) keptPart = { ...keptPart, key: `${keptPart.key}#${suffix}` };
    for (const part of [damagedPart, keptPart]) {
      const ready = await reach(harness.cache.open(part), ['ready', 'failed']);
      assert.is(ready.state, 'ready', JSON.stringify(ready.error));
    }
    await harness.cache.close();

    const storeFolder = join(harness.folder.path, storeFolderName);
    const shardPath = shardFilePath(storeFolder, shardIndex(damagedPart.key));
    const garbage = Buffer.concat([Buffer.from('{"format":"plexterm-cache-store","entr'), Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a])]);
    await writeFile(shardPath, garbage);

    const cache = await harness.reopen();
    const shardName = shardPath.split('/').pop() ?? '';
    const moved = (await readdir(storeFolder)).filter((name) => name.startsWith(`${shardName}.corrupt-`));
    assert.is(moved.length, 1, 'the damaged file is moved aside');
    assert.ok((await readFile(join(storeFolder, moved[0] ?? ''))).equals(garbage), 'and kept as it was: nothing the person had is deleted');
    assert.ok(
      harness.log.some((line) => line.includes(shardName) && line.includes('damaged') && line.includes('.corrupt-')),
      `the log tells the person: ${harness.log.join('\n')}`,
    );
    assert.ok(cache.store.has(keptPart.key), 'entries of undamaged shards are kept');

    for (const part of [{ ...damagedPart, key: `${damagedPart.key}#new` }, damagedPart, keptPart]) {
      const ready = await reach(cache.open(part), ['ready', 'failed']);
      assert.is(ready.state, 'ready', JSON.stringify(ready.error));
      const reply = await fetchReply(ready.streamUrl ?? '', 'GET', { Range: 'bytes=0-999' });
      assert.ok(reply.body.equals(syntheticBytes(part.partId, 0, 1000)), `the bytes of ${part.key}`);
    }
    await cache.store.writeNow();
    assert.ok(JSON.parse(await readFile(shardPath, 'utf8')), 'the shard is written afresh');
  } finally {
    await harness.close();
  }
});

test.run();
