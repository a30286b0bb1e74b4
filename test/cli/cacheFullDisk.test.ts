// A full disk never locks the person out: the CLI (main() in this process; a long-running cache open and watch as real processes) on a real 64 MiB tmpfs (root only) against the real demo server.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, labItem, startCli, stopCli, type LabItem } from '../helpers/cacheCli.js';
import { cleanEnvironment, runCli, type CliResult } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/playCli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { canMount, fillDisk, freeBytes, mountTmpfs, removeFiller, skipMessage, unmount } from '../helpers/tmpfsDisk.js';

const mebibyte = 1024 * 1024;
const diskBytes = 64 * mebibyte;
const reserve = 16 * mebibyte;
/** Store shards, sidecars and the spare are written outside the reserve's count: a few pages of them. */
const slack = 512 * 1024;

let demo: DemoServer;
let seven: LabItem;
/** Bigger than the whole disk. */
let big: LabItem;

interface SmallDisk {
  home: string;
  cache: string;
}

/** A home whose cache folder is a fresh 64 MiB tmpfs with a 16 MiB free reserve; unmounted and removed afterwards, whatever happens. */
async function withSmallDisk(body: (disk: SmallDisk) => Promise<void>): Promise<void> {
  const home: TempFolder = await makeTempFolder();
  const cache = join(home.path, 'cache');
  await mkdir(cache);
  await mkdir(join(home.path, 'config'));
  await writeFile(join(home.path, 'config', 'config.json'), JSON.stringify({ cache: { freeReserve: '16MiB' } }));
  await mountTmpfs(cache, diskBytes);
  try {
    await body({ home: home.path, cache });
  } finally {
    await killLiveClis();
    await unmount(cache);
    await home.remove();
  }
}

function plexterm(disk: SmallDisk, ...args: string[]): Promise<CliResult> {
  return runMain(['--server', demo.url, '--token', demo.token, ...args], { env: cleanEnvironment(disk.home) });
}

async function list(disk: SmallDisk): Promise<CacheEntrySnapshot[]> {
  const result = await plexterm(disk, 'cache', 'ls', '--json');
  assert.is(result.code, 0, `cache ls: ${result.stderr}`);
  return JSON.parse(result.stdout) as CacheEntrySnapshot[];
}

/** The downloaded bytes of a `cache open` status line (`ready  24.0 MiB / 1.00 GiB ...`), in MiB. */
function downloadedMiB(line: string): number {
  const [, amount, unit] = /^ready\s+([\d.]+) (B|KiB|MiB|GiB) \//.exec(line) ?? [];
  const scale: Record<string, number> = { B: 1 / mebibyte, KiB: 1 / 1024, MiB: 1, GiB: 1024 };
  return Number(amount) * (scale[unit ?? ''] ?? Number.NaN);
}

function entryFor(snapshots: readonly CacheEntrySnapshot[], item: LabItem): CacheEntrySnapshot | undefined {
  return snapshots.find((snapshot) => snapshot.totalSize === item.size);
}

/** One line, naming the folder, the reserve and what is needed: no stack, no "unexpected error". */
function assertOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((line) => pattern.test(line));
  assert.ok(lines.length >= 1, `a line matching ${pattern} in: ${stderr}`);
  assert.not.match(stderr, /unexpected error|\n\s+at /);
}

if (!canMount) {
  console.warn(skipMessage('test/cli/cacheFullDisk.test.ts'));
  test.skip('a full disk never locks the person out (needs root)', () => undefined);
} else {
  test.before(async () => {
    demo = await startDemoServer();
    seven = await labItem(demo, 7_340_033);
    big = await labItem(demo, 1_073_754_169);
  });

  test.after(async () => {
    await killLiveClis();
    await demo.close();
  });

  test('cache open of an item bigger than the disk: evicts the old unpinned entry, pauses at the reserve and says so, keeps playing; then ls, evict and prune work', () =>
    withSmallDisk(async (disk) => {
      // An older entry that may go: pinned whole, then unpinned.
      assert.is((await plexterm(disk, 'cache', 'pin', seven.ratingKey, '--json')).code, 0);
      assert.is((await plexterm(disk, 'cache', 'unpin', seven.ratingKey)).code, 0);

      const open = startCli(disk.home, ['--server', demo.url, '--token', demo.token, 'cache', 'open', big.ratingKey]);
      const readyLine = await open.waitForLine(/^ready .*http:\/\//, 60_000);
      const streamUrl = /(http:\/\/\S+)/.exec(readyLine)?.[1] ?? '';
      // A player reading from the start: the cache fills as it reads, until the reserve.
      const reader = new AbortController();
      let readBytes = 0;
      let progressed = () => undefined as void;
      /** Resolves once the reader has `bytes` more than now. */
      const readsOn = (bytes: number) => {
        const target = readBytes + bytes;
        return new Promise<void>((resolve) => (progressed = () => (readBytes >= target ? resolve() : undefined)));
      };
      const reading = (async () => {
        const response = await fetch(streamUrl, { signal: reader.signal });
        for await (const chunk of response.body ?? []) {
          readBytes += (chunk as Uint8Array).byteLength;
          progressed();
        }
      })().catch((error: unknown) => {
        if (!reader.signal.aborted) throw error;
      });
      const paused = await open.waitForLine(/caching paused/, 120_000);
      assert.match(paused, new RegExp(`the disk of the cache folder ${disk.cache} has .* free and the cache keeps 16 MiB free \\(cache\\.freeReserve\\); .* more are needed`));
      assert.match(paused, /^ready /, 'the entry still plays');
      // Playback goes on past the paused cache: the reader keeps getting bytes (passed through).
      await readsOn(8 * mebibyte);
      reader.abort();
      await reading;
      assert.ok((await freeBytes(disk.cache)) >= reserve - slack, `the reserve stays free: ${await freeBytes(disk.cache)} bytes free`);
      const stopped = await stopCli(open, 'SIGTERM');
      assert.is(stopped.code, 0);

      const ls = await plexterm(disk, 'cache', 'ls');
      assert.is(ls.code, 0, ls.stderr);
      assert.not.match(ls.stdout, /Synthetic 7\.00 MiB/, 'the old unpinned entry was evicted to make room');
      assert.match(ls.stdout, /Synthetic 1\.00 GiB .* stored/);
      const entries = await list(disk);
      const bigEntry = entryFor(entries, big);
      assert.ok(bigEntry && bigEntry.downloadedBytes > 2 * mebibyte && bigEntry.downloadedBytes < diskBytes - reserve, JSON.stringify(bigEntry));

      const prune = await plexterm(disk, 'cache', 'prune', '--max-size', '0');
      assert.is(prune.code, 0, prune.stderr);
      assert.match(prune.stdout, /1 entry evicted/);
      assert.equal(await list(disk), [], 'the store loads, empty');
      assert.ok((await freeBytes(disk.cache)) > diskBytes - 2 * mebibyte, 'the bytes were freed');
    }));

  test('a paused cache open goes on when room is made from another process (a file of another program deleted); cache evict there is refused while it runs', () =>
    withSmallDisk(async (disk) => {
      // Another program's 24 MiB on the same disk.
      const otherProgram = join(disk.cache, 'other-program.bin');
      await writeFile(otherProgram, Buffer.alloc(24 * mebibyte, 1));
      // Pinned, so cache open fills it in the background with no player reading; the pin stops at the reserve.
      assert.is((await plexterm(disk, 'cache', 'pin', big.ratingKey, '--json')).code, 1);
      const open = startCli(disk.home, ['--server', demo.url, '--token', demo.token, 'cache', 'open', big.ratingKey]);
      const pausedLine = await open.waitForLine(/caching paused/, 120_000);
      const pausedAt = downloadedMiB(pausedLine);
      // This plexterm holds the cache folder: another one cannot evict, so room must be noticed however it comes.
      const evict = await plexterm(disk, 'cache', 'evict', big.ratingKey);
      assert.is(evict.code, 1, evict.stderr);
      assert.match(evict.stderr, new RegExp(`in use by plexterm process ${open.pid}`));
      await rm(otherProgram);
      // The download goes on into the freed 24 MiB, and pauses at the reserve again.
      await eventually(() => open.lines.some((line) => /caching paused/.test(line) && downloadedMiB(line) > pausedAt + 16), 'the download went on after room was made', 120_000);
      assert.ok((await freeBytes(disk.cache)) >= reserve - slack, `the reserve stays free: ${await freeBytes(disk.cache)} bytes free`);
      assert.is((await stopCli(open, 'SIGTERM')).code, 0);
    }));

  test('cache pin of an item bigger than the disk stops at the reserve with one clear line and exit 1; the complete pinned entry stays complete', () =>
    withSmallDisk(async (disk) => {
      assert.is((await plexterm(disk, 'cache', 'pin', seven.ratingKey, '--json')).code, 0);
      const pin = await plexterm(disk, 'cache', 'pin', big.ratingKey, '--json');
      assert.is(pin.code, 1, pin.stderr);
      assertOneClearLine(pin.stderr, new RegExp(`^plexterm: Synthetic 1\\.00 GiB .*: caching paused: the disk of the cache folder ${disk.cache} has .* free .* more are needed`));
      assert.ok((await freeBytes(disk.cache)) >= reserve - slack);
      const entries = await list(disk);
      assert.ok(entryFor(entries, seven)?.complete, 'the pinned 7 MiB entry was not evicted and stays complete');
      assert.ok(entryFor(entries, big)?.pinned, 'the big entry stays pinned, to finish once there is room');

      const evict = await plexterm(disk, 'cache', 'evict', big.ratingKey);
      assert.is(evict.code, 0, evict.stderr);
      assert.equal((await list(disk)).map((snapshot) => snapshot.totalSize), [seven.size]);
    }));

  test('with 0 bytes free: unpin, ls, verify --dry-run, watch and evict work; the store still loads and complete entries stay complete', () =>
    withSmallDisk(async (disk) => {
      assert.is((await plexterm(disk, 'cache', 'pin', seven.ratingKey, '--json')).code, 0);
      const key = entryFor(await list(disk), seven)?.key ?? '';

      let filler = await fillDisk(disk.cache);
      assert.is(await freeBytes(disk.cache), 0);
      const unpin = await plexterm(disk, 'cache', 'unpin', key);
      assert.is(unpin.code, 0, unpin.stderr);

      // Each command below starts on a disk filled to the last byte again.
      await removeFiller(filler);
      filler = await fillDisk(disk.cache);
      assert.is(await freeBytes(disk.cache), 0);
      const ls = await plexterm(disk, 'cache', 'ls', '--json');
      assert.is(ls.code, 0, ls.stderr);
      const listed = JSON.parse(ls.stdout) as CacheEntrySnapshot[];
      assert.equal(listed.map((snapshot) => [snapshot.key, snapshot.complete, snapshot.pinned]), [[key, true, false]]);
      assert.match(ls.stderr, /downloads are paused/, 'ls says the disk is below the free reserve');

      await removeFiller(filler);
      filler = await fillDisk(disk.cache);
      const verify = await plexterm(disk, 'cache', 'verify', key, '--dry-run', '--json');
      assert.is(verify.code, 0, verify.stderr);
      assert.equal((JSON.parse(verify.stdout) as Array<{ checkedBytes: number; mismatches: unknown[] }>).map((result) => [result.checkedBytes, result.mismatches.length]), [[seven.size, 0]]);

      await removeFiller(filler);
      filler = await fillDisk(disk.cache);
      const watch = startCli(disk.home, ['cache', 'watch', '--json']);
      await watch.waitForLine(/"complete":true/, 60_000);
      assert.is((await stopCli(watch, 'SIGINT')).code, 0);

      await removeFiller(filler);
      filler = await fillDisk(disk.cache);
      const evict = await plexterm(disk, 'cache', 'evict', key);
      assert.is(evict.code, 0, evict.stderr);
      assert.match(evict.stdout, /^evicted: Synthetic 7\.00 MiB .*\(7\.0 MiB freed\)/);
      assert.ok((await freeBytes(disk.cache)) >= 7 * mebibyte - slack);
      await removeFiller(filler);
      assert.equal(await list(disk), [], 'the store loads');
    }));

  test('with 0 bytes free and the spare used up, a record change that cannot be written is one clear line, exit 1, and nothing is lost', () =>
    withSmallDisk(async (disk) => {
      assert.is((await plexterm(disk, 'cache', 'pin', seven.ratingKey, '--json')).code, 0);
      const key = entryFor(await list(disk), seven)?.key ?? '';
      let filler = await fillDisk(disk.cache);
      // The first unpin uses the spare; the next change finds none.
      assert.is((await plexterm(disk, 'cache', 'unpin', key)).code, 0);
      await removeFiller(filler);
      filler = await fillDisk(disk.cache);
      const again = await plexterm(disk, 'cache', 'unpin', key);
      assert.is(again.code, 1, again.stderr);
      assertOneClearLine(again.stderr, new RegExp(`^plexterm: the disk of ${disk.cache}/store is full: writing the cache records needs at least .* more free$`, 'm'));
      await removeFiller(filler);
      const after = entryFor(await list(disk), seven);
      assert.ok(after?.complete, 'the entry stays complete');
    }));

  test('play with a whole home on a full disk (its config written before): one clear line, exit 1, the process ends, no mpv left, nothing lost', async () => {
    // The cache's last record cannot be written as it closes; every part after it (its proxy, the demo server) must
    // still close, or the process never ends (it did not: a real process, so an open server shows as a hang).
    const home = await makeTempFolder();
    await mountTmpfs(home.path, 4 * mebibyte);
    try {
      const environment = cleanEnvironment(home.path);
      // --demo: its server runs in the plexterm process, so one left open keeps that process alive.
      const first = await runCli(['--demo', 'libraries'], { env: environment });
      assert.is(first.code, 0, first.stderr);
      const config = await readFile(join(home.path, 'config', 'config.json'), 'utf8');
      const filler = await fillDisk(home.path);
      const args = ['--demo', 'play', '101', '--player', 'mpv', '--player-arg=--vo=null', '--player-arg=--ao=null'];
      const play = await runCli(args, { env: environment, timeoutMs: 60_000 });
      assert.is(play.signal, null, `the process ended by itself; it printed: ${play.stderr}`);
      assert.is(play.code, 1, play.stderr);
      assertOneClearLine(play.stderr, new RegExp(`^plexterm: cannot play "Night of the Living Dead": the disk of ${home.path}/cache/store is full: .* more free$`, 'm'));
      assert.equal(await processesMentioning(home.path), [], 'no mpv of this home runs on');
      await removeFiller(filler);
      assert.is(await readFile(join(home.path, 'config', 'config.json'), 'utf8'), config, 'the config is kept');
    } finally {
      await unmount(home.path);
      await home.remove();
    }
  });

  test('a full disk outside the cache (the config folder): login says so in one line naming the folder, exit 1, and the config is not lost', async () => {
    const home = await makeTempFolder();
    const config = join(home.path, 'config');
    await mkdir(config);
    await writeFile(join(config, 'config.json'), JSON.stringify({ clientIdentifier: 'kept' }));
    await mountTmpfs(config, 1024 * 1024);
    try {
      await writeFile(join(config, 'config.json'), JSON.stringify({ clientIdentifier: 'kept' }));
      await fillDisk(config);
      const login = await runMain(['login', '--server', demo.url, '--token', demo.token], { env: cleanEnvironment(home.path) });
      assert.is(login.code, 1, login.stderr);
      assertOneClearLine(login.stderr, new RegExp(`^plexterm: the disk of ${config} is full: writing there needs at least 4\\.0 KiB more free$`, 'm'));
      assert.equal(JSON.parse(await readFile(join(config, 'config.json'), 'utf8')), { clientIdentifier: 'kept' });
    } finally {
      await unmount(config);
      await home.remove();
    }
  });
}

test.run();
