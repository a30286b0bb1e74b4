// `plexterm cache` end to end on a temporary cache folder against a demo server and a plain file server: long-running `cache open` as real CLI processes ended by signals, the other commands through main() in this process.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { startDemoServer, syntheticBytes, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, labItem, startCli, startFileServer, stopCli, type FileServer, type LabItem } from '../helpers/cacheCli.js';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { demoContainer } from '../helpers/demoServer.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

const mebibyte = 1024 * 1024;
const fileBytes = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 7 + 3) % 251));

let demo: DemoServer;
let home: TempFolder;
let files: FileServer;
let small: LabItem;
let seven: LabItem;

test.before(async () => {
  demo = await startDemoServer();
  home = await makeTempFolder();
  files = await startFileServer(fileBytes);
  small = await labItem(demo, mebibyte);
  seven = await labItem(demo, 7_340_033);
});

// A test that fails before it stops its long-running CLI must not leave that CLI holding the shared cache folder for the next tests.
test.after.each(killLiveClis);

test.after(async () => {
  await killLiveClis();
  await files.close();
  await demo.close();
  await home.remove();
});

const serverArgs = () => ['--server', demo.url, '--token', demo.token];

function plexterm(...args: string[]): Promise<CliResult> {
  return runMain([...serverArgs(), ...args], { env: cleanEnvironment(home.path) });
}

function json<T>(result: CliResult): T {
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

async function list(): Promise<CacheEntrySnapshot[]> {
  return json<CacheEntrySnapshot[]>(await plexterm('cache', 'ls', '--json'));
}

function snapshots(lines: readonly string[]): CacheEntrySnapshot[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as CacheEntrySnapshot);
}

/** The states in order, each once. */
function stateOrder(printed: readonly CacheEntrySnapshot[]): string[] {
  return printed.map((snapshot) => snapshot.state).filter((state, index, all) => state !== all[index - 1]);
}

async function rangeOf(url: string, start: number, end: number): Promise<Buffer> {
  const response = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  assert.is(response.status, 206);
  return Buffer.from(await response.arrayBuffer());
}

function dataFilePath(key: string): string {
  return join(home.path, 'cache', 'data', createHash('sha256').update(key).digest('hex'));
}

const exists = (path: string) => access(path).then(() => true, () => false);

test('cache open --json goes probing → sized → ready, serves the right bytes, holds the lock, and ends with 0 on SIGTERM', async () => {
  const live = startCli(home.path, [...serverArgs(), 'cache', 'open', small.ratingKey, '--json']);
  const readyLine = await live.waitForLine(/"state":"ready"/);
  const ready = JSON.parse(readyLine) as CacheEntrySnapshot;
  assert.equal(stateOrder(snapshots(live.lines)), ['probing', 'sized', 'ready']);
  assert.match(ready.key, new RegExp(`/${small.partId}/\\d+$`));
  assert.is(ready.totalSize, mebibyte);
  assert.match(ready.streamUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/stream\/[^/]+\/[^/]+\/file\.mkv$/);
  const bytes = await rangeOf(ready.streamUrl ?? '', 1000, 70_000);
  assert.ok(bytes.equals(Buffer.from(syntheticBytes(small.partId, 1000, 69_000))), 'bytes through the stream URL');

  const writer = await plexterm('cache', 'evict', ready.key);
  assert.is(writer.code, 1, writer.stderr);
  const message = writer.stderr.trim().split('\n');
  assert.is(message.length, 1, writer.stderr);
  assert.match(message[0] ?? '', /^plexterm: the cache folder .+ is in use by plexterm process \d+/);

  const reader = await plexterm('cache', 'ls', '--json');
  assert.is(reader.code, 0, reader.stderr);
  assert.match(reader.stderr, /in use by plexterm process \d+; showing its records read-only/);
  const listed = JSON.parse(reader.stdout) as CacheEntrySnapshot[];
  assert.ok(listed.some((entry) => entry.key === ready.key), 'the other process sees the entry read-only');

  assert.equal(await stopCli(live, 'SIGTERM'), { code: 0, signal: null });
});

test('cache ls lists the entry with its bytes, stored (on disk, not open); the table has the documented columns', async () => {
  const [entry] = await list();
  assert.ok(entry);
  assert.is(entry.state, 'stored');
  assert.is(entry.title, 'Synthetic 1.00 MiB (1048576 bytes)');
  // The start buffer (2 MiB by default) covers the whole 1 MiB part.
  assert.is(entry.downloadedBytes, mebibyte);
  assert.is(entry.complete, true);
  assert.is(entry.pinned, false);
  const table = await plexterm('cache', 'ls');
  assert.is(table.code, 0);
  assert.match(table.stdout.split('\n')[0] ?? '', /^KEY\s+TITLE\s+STATE\s+SIZE\s+CACHED\s+PINNED\s+LAST USED$/);
  assert.match(table.stdout, /1\.0 MiB \(100%\)/);
  assert.match(table.stdout.split('\n')[1] ?? '', /\sstored\s/);
});

test('cache open --url caches a plain URL without sending a token, and SIGINT ends it with 0', async () => {
  const url = `${files.url}/videos/clip.mp4`;
  const live = startCli(home.path, ['cache', 'open', '--url', url, '--json']);
  const ready = JSON.parse(await live.waitForLine(/"state":"ready"/)) as CacheEntrySnapshot;
  assert.is(ready.key, `url/${createHash('sha256').update(url).digest('hex')}`);
  assert.is(ready.totalSize, fileBytes.length);
  assert.match(ready.streamUrl ?? '', /\/clip\.mp4$/);
  const whole = Buffer.from(await (await fetch(ready.streamUrl ?? '')).arrayBuffer());
  assert.ok(whole.equals(fileBytes), 'the whole file through the stream URL');
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
  assert.ok(files.requests.length > 0);
  assert.ok(files.requests.every((headers) => headers['x-plex-token'] === undefined && !JSON.stringify(headers).includes(demo.token)));
  assert.ok((await list()).some((entry) => entry.key === ready.key && entry.downloadedBytes === fileBytes.length));
});

test('cache open prints a human line per state without --json', async () => {
  const live = startCli(home.path, ['cache', 'open', '--url', `${files.url}/again.mp4`]);
  const line = await live.waitForLine(/^ready/);
  assert.match(line, /^ready\s+\S+ \S+ \/ 293 KiB\s+\S+ \S+\/s\s+.*http:\/\/127\.0\.0\.1:\d+\/stream\/\S+\/again\.mp4$/);
  assert.equal(await stopCli(live), { code: 0, signal: null });
});

test('cache open of a missing URL prints the error and exits 2', async () => {
  const result = await runMain(['cache', 'open', '--url', `${files.url}/missing.mp4`], { env: cleanEnvironment(home.path) });
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stdout, /^failed\s+/m);
  assert.match(result.stderr, /^plexterm: .*missing\.mp4/m);
});

test('cache pin downloads every byte, keeps it pinned, and prints JSON progress lines', async () => {
  const result = await plexterm('cache', 'pin', seven.ratingKey, '--json');
  assert.is(result.code, 0, result.stderr);
  const printed = snapshots(result.stdout.trim().split('\n'));
  const last = printed.at(-1);
  assert.is(last?.complete, true);
  assert.is(last?.downloadedBytes, seven.size);
  assert.ok(printed.every((snapshot) => snapshot.pinned));
  const entry = (await list()).find((candidate) => candidate.key === last?.key);
  assert.is(entry?.complete, true);
  assert.is(entry?.pinned, true);
  assert.is(entry?.downloadedBytes, seven.size);
});

test('cache pin without --json draws a progress bar on stderr', async () => {
  const result = await plexterm('cache', 'pin', small.ratingKey);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /\[#{20}\] 100%/);
  assert.match(result.stdout, /^pinned: Synthetic 1\.00 MiB/);
  const result2 = await plexterm('cache', 'unpin', small.ratingKey);
  assert.is(result2.code, 0, result2.stderr);
  assert.is((await list()).find((entry) => entry.title.startsWith('Synthetic 1.00 MiB'))?.pinned, false);
});

test('cache prune --max-size 0 evicts the unpinned entries only', async () => {
  const before = await list();
  assert.is(before.length, 4);
  const result = json<{ evicted: CacheEntrySnapshot[]; usedBytes: number }>(await plexterm('cache', 'prune', '--max-size', '0', '--json'));
  assert.equal(result.evicted.map((entry) => entry.key).sort(), before.filter((entry) => !entry.pinned).map((entry) => entry.key).sort());
  assert.is(result.usedBytes, seven.size);
  const after = await list();
  assert.equal(after.map((entry) => entry.title), ['Synthetic 7.00 MiB (7340033 bytes)']);
  for (const evicted of result.evicted) assert.is(await exists(dataFilePath(evicted.key)), false);
});

test('cache unpin, then evict by key removes the record and the data file', async () => {
  const [entry] = await list();
  assert.ok(entry);
  const unpinned = await plexterm('cache', 'unpin', entry.key);
  assert.is(unpinned.code, 0, unpinned.stderr);
  assert.match(unpinned.stdout, /^unpinned: /);
  assert.is((await list())[0]?.pinned, false);
  assert.is(await exists(dataFilePath(entry.key)), true);
  const evicted = await plexterm('cache', 'evict', entry.key);
  assert.is(evicted.code, 0, evicted.stderr);
  assert.match(evicted.stdout, /^evicted: Synthetic 7\.00 MiB/);
  assert.equal(await list(), []);
  assert.is(await exists(dataFilePath(entry.key)), false);
  const again = await plexterm('cache', 'evict', entry.key);
  assert.is(again.code, 1);
  assert.match(again.stderr, /no cache entry/);
});

test('usage errors exit 1 with one line', async () => {
  const shows = await demoContainer(demo, '/library/sections/2/all');
  const show = shows.MediaContainer.Metadata?.[0]?.ratingKey ?? '';
  const cases: Array<[string[], RegExp]> = [
    [['cache', 'open'], /give a ratingKey/],
    [['cache', 'open', small.ratingKey, '--url', files.url], /not both/],
    [['cache', 'open', '--url', 'ftp://example.com/file'], /http\(s\)/],
    [['cache', 'open', show], /has no media file to cache/],
    [['cache', 'prune', '--max-size', 'lots'], /--max-size must be a size/],
    [['cache', 'verify', '--sample', '0'], /--sample must be a whole number/],
  ];
  for (const [args, message] of cases) {
    const result = await plexterm(...args);
    assert.is(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});

test('every cache subcommand has --help with an example', async () => {
  for (const command of ['open', 'ls', 'watch', 'pin', 'unpin', 'evict', 'prune', 'verify']) {
    const result = await runMain(['cache', command, '--help'], { env: cleanEnvironment(home.path) });
    assert.is(result.code, 0);
    assert.match(result.stdout, /Examples?:\n {2}plexterm /, command);
  }
});

test.run();
