// `plexterm cache verify` end to end: intact entries pass, corrupted bytes are found, reported and dropped from the store.
import { createHash } from 'node:crypto';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { VerifyResult } from '../../src/cli/commands/cacheVerify.js';
import { labItem, type LabItem } from '../helpers/cacheCli.js';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

const mebibyte = 1024 * 1024;

let demo: DemoServer;
let home: TempFolder;
let seven: LabItem;
let key: string;

function plexterm(...args: string[]): Promise<CliResult> {
  return runMain(['--server', demo.url, '--token', demo.token, ...args], { env: cleanEnvironment(home.path) });
}

async function entry(): Promise<CacheEntrySnapshot> {
  const result = await plexterm('cache', 'ls', '--json');
  assert.is(result.code, 0, result.stderr);
  const [only] = JSON.parse(result.stdout) as CacheEntrySnapshot[];
  assert.ok(only);
  return only;
}

function results(result: CliResult): VerifyResult[] {
  return JSON.parse(result.stdout) as VerifyResult[];
}

function dataFilePath(): string {
  return join(home.path, 'cache', 'data', createHash('sha256').update(key).digest('hex'));
}

/** Overwrites `length` bytes at `position` of the entry's data file with bytes no part has there. */
async function corrupt(position: number, length: number): Promise<void> {
  const file = await open(dataFilePath(), 'r+');
  try {
    const original = Buffer.alloc(length);
    await file.read(original, 0, length, position);
    await file.write(original.map((byte) => byte ^ 0xff), 0, length, position);
  } finally {
    await file.close();
  }
}

test.before(async () => {
  demo = await startDemoServer();
  home = await makeTempFolder();
  seven = await labItem(demo, 7_340_033);
  const pinned = await plexterm('cache', 'pin', seven.ratingKey, '--json');
  assert.is(pinned.code, 0, pinned.stderr);
  key = (await entry()).key;
});

test.after(async () => {
  await demo.close();
  await home.remove();
});

test('an intact entry: every byte checked, no mismatch, exit 0', async () => {
  const result = await plexterm('cache', 'verify', '--json');
  assert.is(result.code, 0, result.stderr);
  assert.equal(results(result), [{ key, title: 'Synthetic 7.00 MiB (7340033 bytes)', checkedBytes: seven.size, mismatches: [], droppedBytes: 0, error: null }]);
  const table = await plexterm('cache', 'verify', seven.ratingKey);
  assert.is(table.code, 0, table.stderr);
  assert.match(table.stdout, /^0 mismatches in 1 entry$/m);
});

test('corrupted bytes are reported, their 1 MiB piece is dropped from the store, and the exit code is 2', async () => {
  await corrupt(3 * mebibyte + 10, 8);
  const result = await plexterm('cache', 'verify', key, '--json');
  assert.is(result.code, 2, result.stderr);
  const [report] = results(result);
  assert.equal(report?.mismatches, [[3 * mebibyte, 4 * mebibyte]]);
  assert.is(report?.droppedBytes, mebibyte);
  assert.match(result.stderr, /^plexterm: 1 cache entry differs from the server; 1\.0 MiB were dropped/m);
  const after = await entry();
  assert.is(after.downloadedBytes, seven.size - mebibyte);
  assert.is(after.complete, false);
  assert.is(after.pinned, true);
});

test('the dropped piece leaves the sidecar too: a store rebuilt from it after a damaged shard does not claim the rejected bytes again', async () => {
  const sidecar = JSON.parse(await readFile(`${dataFilePath()}.meta.json`, 'utf8')) as { complete: boolean; ranges: Array<[number, number]> };
  assert.is(sidecar.complete, false);
  assert.equal(sidecar.ranges, [[0, 3 * mebibyte], [4 * mebibyte, seven.size]]);
  const storeFolder = join(home.path, 'cache', 'store');
  for (const name of await readdir(storeFolder)) {
    if (name.endsWith('.json')) await writeFile(join(storeFolder, name), '{"format": "plexterm-cache-st');
  }
  const rebuilt = await entry();
  assert.is(rebuilt.downloadedBytes, seven.size - mebibyte);
  assert.is(rebuilt.complete, false);
  assert.is(rebuilt.pinned, true);
  const again = await plexterm('cache', 'verify', key, '--json');
  assert.is(again.code, 0, again.stderr);
  assert.equal(results(again)[0]?.mismatches, []);
});

test('--sample checks random pieces of the recorded ranges only', async () => {
  const intact = await plexterm('cache', 'verify', '--sample', '4', '--json');
  assert.is(intact.code, 0, intact.stderr);
  const [report] = results(intact);
  assert.ok((report?.checkedBytes ?? 0) > 0 && (report?.checkedBytes ?? 0) <= 4 * mebibyte);
  assert.equal(report?.mismatches, []);

  // Every recorded byte differs now, so each sample finds a mismatch.
  await corrupt(0, 3 * mebibyte);
  await corrupt(4 * mebibyte, seven.size - 4 * mebibyte);
  const broken = await plexterm('cache', 'verify', '--sample', '2', '--json');
  assert.is(broken.code, 2, broken.stderr);
  const [found] = results(broken);
  assert.ok((found?.mismatches.length ?? 0) > 0);
  assert.ok((found?.droppedBytes ?? 0) > 0);
  assert.is((await entry()).downloadedBytes, seven.size - mebibyte - (found?.droppedBytes ?? 0));
});

test('verify of an unknown key is a usage error', async () => {
  const result = await plexterm('cache', 'verify', 'nothing/like/this');
  assert.is(result.code, 1);
  assert.match(result.stderr, /no cache entry/);
});

test.run();
