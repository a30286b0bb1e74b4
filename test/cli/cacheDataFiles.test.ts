// Data files deleted or cut short behind plexterm's back, end to end: `cache ls` tells the truth, and `cache open`, `cache pin` and the stream proxy fetch the lost bytes again.
import { createHash } from 'node:crypto';
import { readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import type { VerifyResult } from '../../src/cli/commands/cacheVerify.js';
import { startDemoServer, syntheticBytes, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, labItem, startCli, stopCli, type LabItem } from '../helpers/cacheCli.js';
import { mismatches } from '../helpers/cacheDataCheck.js';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

let demo: DemoServer;
let seven: LabItem;

test.before(async () => {
  demo = await startDemoServer();
  seven = await labItem(demo, 7_340_033);
});

test.after.each(killLiveClis);

test.after(async () => {
  await killLiveClis();
  await demo.close();
});

const serverArgs = () => ['--server', demo.url, '--token', demo.token];

function plexterm(home: TempFolder, ...args: string[]): Promise<CliResult> {
  return runMain([...serverArgs(), ...args], { env: cleanEnvironment(home.path) });
}

async function onlyEntry(home: TempFolder): Promise<CacheEntrySnapshot> {
  const result = await plexterm(home, 'cache', 'ls', '--json');
  assert.is(result.code, 0, result.stderr);
  const entries = JSON.parse(result.stdout) as CacheEntrySnapshot[];
  assert.is(entries.length, 1, result.stdout);
  return entries[0]!;
}

function dataFilePath(home: TempFolder, key: string): string {
  return join(home.path, 'cache', 'data', createHash('sha256').update(key).digest('hex'));
}

async function sidecarOf(home: TempFolder, key: string): Promise<{ complete: boolean; ranges: Array<[number, number]> }> {
  return JSON.parse(await readFile(`${dataFilePath(home, key)}.meta.json`, 'utf8')) as { complete: boolean; ranges: Array<[number, number]> };
}

/** A home whose cache holds the 7 MiB part, pinned and complete. */
async function homeWithPinnedSeven(): Promise<{ home: TempFolder; key: string }> {
  const home = await makeTempFolder();
  const pinned = await plexterm(home, 'cache', 'pin', seven.ratingKey, '--json');
  assert.is(pinned.code, 0, pinned.stderr);
  const entry = await onlyEntry(home);
  assert.is(entry.complete, true);
  return { home, key: entry.key };
}

async function rangeThroughProxy(url: string, start: number, end: number): Promise<Buffer> {
  const response = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  assert.is(response.status, 206, `a range of a data file cut short is served, not answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** `cache open --json` on the item until its stream URL is ready. */
async function openLive(home: TempFolder): Promise<{ live: ReturnType<typeof startCli>; url: string }> {
  const live = startCli(home.path, [...serverArgs(), 'cache', 'open', seven.ratingKey, '--json']);
  const ready = JSON.parse(await live.waitForLine(/"state":"ready"/)) as CacheEntrySnapshot;
  assert.ok(ready.streamUrl);
  return { live, url: ready.streamUrl };
}

test('a deleted data file: cache ls shows nothing cached, cache pin fetches every byte again, and they are the demo\u2019s', async () => {
  const { home, key } = await homeWithPinnedSeven();
  try {
    await rm(dataFilePath(home, key));
    const listed = await onlyEntry(home);
    assert.is(listed.downloadedBytes, 0);
    assert.is(listed.complete, false);
    assert.is(listed.pinned, true, 'still pinned');
    const sidecar = await sidecarOf(home, key);
    assert.is(sidecar.complete, false, 'the sidecar no longer calls it complete');
    assert.equal(sidecar.ranges, []);

    const again = await plexterm(home, 'cache', 'pin', seven.ratingKey, '--json');
    assert.is(again.code, 0, again.stderr);
    assert.is((await onlyEntry(home)).complete, true);
    assert.equal(await mismatches(dataFilePath(home, key), seven.partId, [[0, seven.size]]), []);
  } finally {
    await home.remove();
  }
});

test('a data file cut short: cache ls counts what it still holds, and cache open serves a range past the cut with 206 and the demo\u2019s bytes', async () => {
  const { home, key } = await homeWithPinnedSeven();
  try {
    await truncate(dataFilePath(home, key), 1_000_000);
    const listed = await onlyEntry(home);
    assert.is(listed.downloadedBytes, 1_000_000);
    assert.is(listed.complete, false);

    const { live, url } = await openLive(home);
    const bytes = await rangeThroughProxy(url, 5_000_000, 5_100_000);
    assert.ok(bytes.equals(Buffer.from(syntheticBytes(seven.partId, 5_000_000, 100_000))), 'the bytes past the cut are the demo\u2019s');
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    assert.ok(whole.equals(Buffer.from(syntheticBytes(seven.partId, 0, seven.size))), 'the whole file through the proxy');
    assert.equal(await stopCli(live), { code: 0, signal: null });
  } finally {
    await home.remove();
  }
});

test('a data file cut short while cache open serves it: the proxy fetches the lost bytes instead of answering 502, and verify agrees with the records', async () => {
  const { home, key } = await homeWithPinnedSeven();
  try {
    const { live, url } = await openLive(home);
    await truncate(dataFilePath(home, key), 1_000_000);
    const bytes = await rangeThroughProxy(url, 3_000_000, 3_100_000);
    assert.ok(bytes.equals(Buffer.from(syntheticBytes(seven.partId, 3_000_000, 100_000))), 'the bytes past the cut are the demo\u2019s');
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    assert.ok(whole.equals(Buffer.from(syntheticBytes(seven.partId, 0, seven.size))), 'the whole file through the proxy');
    assert.equal(await stopCli(live), { code: 0, signal: null });

    // Whatever is recorded now, in the store and in the sidecar, is on disk and is the demo's.
    const entry = await onlyEntry(home);
    const sidecar = await sidecarOf(home, key);
    assert.is(sidecar.ranges.reduce((sum, [start, end]) => sum + end - start, 0), entry.downloadedBytes);
    assert.is(sidecar.complete, entry.complete);
    assert.equal(await mismatches(dataFilePath(home, key), seven.partId, sidecar.ranges), []);
    const verify = await plexterm(home, 'cache', 'verify', '--json');
    assert.is(verify.code, 0, verify.stderr);
    assert.equal((JSON.parse(verify.stdout) as VerifyResult[]).map((result) => [result.checkedBytes, result.mismatches]), [[entry.downloadedBytes, []]]);
  } finally {
    await home.remove();
  }
});

test.run();
