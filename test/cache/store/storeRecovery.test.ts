// Damaged store files are moved aside, never deleted; the store starts without them, can rebuild, and carries on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CacheStore, shardIndex, storeFolderName, type StoreRecovery } from '../../../src/cache/store/store.js';
import { sampleEntry } from '../../helpers/storeEntries.js';
import { makeTempFolder } from '../../helpers/tempFolder.js';

const victim = sampleEntry(1);
const bystander = [...Array(50).keys()].map((index) => sampleEntry(index)).find((entry) => shardIndex(entry.key) !== shardIndex(victim.key))!;

function shardPath(folder: string): string {
  return join(folder, storeFolderName, `store-${shardIndex(victim.key).toString(16).padStart(2, '0')}.json`);
}

/** Writes a good store holding the victim and a bystander in another shard, then damages the victim's shard file. */
async function withDamagedStore(damage: (path: string) => Promise<void>, body: (folder: string) => Promise<void>): Promise<void> {
  const temporary = await makeTempFolder('plexterm-recovery-');
  try {
    const store = await CacheStore.open(temporary.path);
    store.upsert(victim);
    store.upsert(bystander);
    await store.close();
    await damage(shardPath(temporary.path));
    await body(temporary.path);
  } finally {
    await temporary.remove();
  }
}

const damages: Array<[string, (path: string) => Promise<void>, string | null]> = [
  ['truncated JSON', async (path) => writeFile(path, (await readFile(path, 'utf8')).slice(0, 40)), 'not valid JSON'],
  ['binary garbage', (path) => writeFile(path, Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x80, 0x81])), 'not valid JSON'],
  ['valid JSON of the wrong shape', (path) => writeFile(path, '[1, 2, 3]'), 'does not hold what it should'],
  ['another program\u2019s JSON', (path) => writeFile(path, '{"entries": []}'), 'not a plexterm-cache-store file'],
  ['an empty file', (path) => writeFile(path, ''), 'empty'],
  ['a folder in its place (unreadable)', async (path) => { await rm(path); await mkdir(path); }, 'cannot be read'],
];

for (const [name, damage, reason] of damages) {
  test(`${name}: moved aside, the store starts without it and carries on`, () =>
    withDamagedStore(damage, async (folder) => {
      const path = shardPath(folder);
      const original = await readFile(path).catch(() => null);
      let rebuildCalls = 0;
      const store = await CacheStore.open(folder, {
        rebuild: async (recovery: StoreRecovery) => {
          rebuildCalls += 1;
          assert.is(recovery.damagedFiles.length, 1);
          return [victim];
        },
      });
      const recovered = store.recovered;
      assert.ok(recovered);
      const [damaged] = recovered.damagedFiles;
      assert.is(damaged?.path, path);
      assert.match(damaged?.reason ?? '', reason ?? '');
      assert.match(basename(damaged?.movedTo ?? ''), /^store-[0-9a-f]{2}\.json\.corrupt-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z$/);
      if (original) assert.equal(await readFile(damaged!.movedTo!), original);
      assert.is(rebuildCalls, 1);
      assert.is(recovered.rebuiltEntries, 1);
      assert.equal(store.get(victim.key), victim);
      assert.equal(store.get(bystander.key), bystander);
      store.update(victim.key, { pinned: true });
      await store.close();
      const reopened = await CacheStore.open(folder);
      assert.is(reopened.recovered, null);
      assert.is(reopened.get(victim.key)?.pinned, true);
      await reopened.close();
    }),
  );
}

test('without a rebuild hook the damaged shard simply starts empty', () =>
  withDamagedStore(
    (path) => writeFile(path, '{"format":"plexterm-cache-store","vers'),
    async (folder) => {
      const store = await CacheStore.open(folder);
      assert.is(store.recovered?.rebuiltEntries, 0);
      assert.is(store.get(victim.key), undefined);
      assert.ok(store.get(bystander.key));
      await store.close();
    },
  ),
);

test('one invalid entry costs only itself; the file as it was is kept aside', () =>
  withDamagedStore(
    async (path) => {
      const file = JSON.parse(await readFile(path, 'utf8')) as { entries: unknown[] };
      file.entries.push({ ...sampleEntry(999), key: victim.key.replace(/\/\d+\//, '/x/'), ranges: [[5, 1]] });
      file.entries.push({ ...sampleEntry(998), upstreamPath: '/library/parts/998?X-Plex-Token=leaked' });
      await writeFile(path, JSON.stringify(file));
    },
    async (folder) => {
      const store = await CacheStore.open(folder);
      const damaged = store.recovered?.damagedFiles[0];
      assert.match(damaged?.reason ?? '', /^2 invalid entries/);
      assert.not.match(damaged?.reason ?? '', /leaked/);
      assert.equal(store.get(victim.key), victim);
      assert.is(store.size, 2);
      await store.close();
      assert.match(await readFile(damaged!.movedTo!, 'utf8'), /leaked/);
      assert.not.match(await readFile(shardPath(folder), 'utf8'), /leaked/);
    },
  ),
);

test('a store from a newer plexterm is refused and left alone', () =>
  withDamagedStore(
    (path) => writeFile(path, '{"format":"plexterm-cache-store","version":99,"entries":[]}'),
    async (folder) => {
      try {
        await CacheStore.open(folder);
        assert.unreachable('opened a newer store');
      } catch (error) {
        assert.is((error as { code?: string }).code, 'cache-store-newer');
      }
      assert.is(await readFile(shardPath(folder), 'utf8'), '{"format":"plexterm-cache-store","version":99,"entries":[]}');
      assert.not.ok((await readdir(folder)).includes('plexterm.lock'));
    },
  ),
);

test('read-only mode reports a damaged file but moves nothing', () =>
  withDamagedStore(
    (path) => writeFile(path, 'garbage'),
    async (folder) => {
      const store = await CacheStore.open(folder, { readOnly: true });
      assert.is(store.recovered?.damagedFiles[0]?.movedTo, null);
      assert.ok(store.get(bystander.key));
      await store.close();
      assert.is(await readFile(shardPath(folder), 'utf8'), 'garbage');
      assert.not.ok((await readdir(join(folder, storeFolderName))).some((name) => name.includes('corrupt')));
    },
  ),
);

test.run();
