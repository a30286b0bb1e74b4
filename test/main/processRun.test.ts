// plexterm in real shell pipelines: every byte reaches a slow reader or a file, and a reader that leaves
// early (`| head -1`) ends plexterm quietly with exit 0. The real CLI process, a real bash, the real demo server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { cleanEnvironment, runCliInShell, type CliResult } from '../helpers/cli.js';
import { demoContainer } from '../helpers/demoServer.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';

/** Enough generated movies for more than 50 MB of `ls --json` (about 1.6 kB each). */
const bigSize = 34_000;
const fiftyMegabytes = 50 * 1024 * 1024;
/** Listing 50 MB through a slow pipe takes a while on a busy machine; this only stops a hang. */
const bigTimeoutMs = 240_000;

let demo: DemoServer;
let home: TempFolder;
let bigSectionId: string;

test.before(async () => {
  demo = await startDemoServer({ bigSectionSize: bigSize });
  home = await makeTempFolder();
  const sections = await demoContainer(demo, '/library/sections');
  const big = sections.MediaContainer.Directory?.find((section) => section.title === 'Big Library');
  if (!big) throw new Error('the demo server has no Big Library section');
  bigSectionId = big.key;
});

test.after(async () => {
  await demo.close();
  await home.remove();
});

/**
 * Runs `script` with `plexterm` pointed at the demo server (through the environment, not argv). Each
 * plexterm in it waits for the server as long as this machine's load calls for: a page of the big
 * listing takes the demo server more than plexterm's default 10 s when the cores are busy elsewhere.
 */
function shell(script: string, timeoutMs?: number): Promise<CliResult> {
  const requestSeconds = String(Math.ceil(timeLimit(10_000) / 1000));
  const env = cleanEnvironment(home.path, { PLEXTERM_SERVER: demo.url, PLEXTERM_TOKEN: demo.token, OUT: home.path, BIG: bigSectionId, REQUEST_SECONDS: requestSeconds });
  return runCliInShell(script.replaceAll(/\bplexterm /g, 'plexterm --timeout "$REQUEST_SECONDS" '), { env, timeoutMs });
}

/** Checks that plexterm succeeded quietly and `file` holds the whole listing, as parsed JSON; resolves with its size. */
async function assertWholeListing(result: CliResult, file: string): Promise<number> {
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  assert.is(result.stderr, '');
  const text = await readFile(join(home.path, file), 'utf8');
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes > fiftyMegabytes, `only ${bytes} bytes`);
  const items: unknown = JSON.parse(text);
  assert.ok(Array.isArray(items), `${file} holds a JSON array`);
  assert.is((items as unknown[]).length, bigSize);
  return bytes;
}

test('more than 50 MB of ls --json reaches a slow reader whole: it parses and has every item', async () => {
  const result = await shell('plexterm ls "$BIG" --json | (sleep 2; cat) | tee "$OUT/slow.json" | wc -c', bigTimeoutMs);
  const bytes = await assertWholeListing(result, 'slow.json');
  assert.is(Number(result.stdout.trim()), bytes, 'wc -c counts what tee kept');
});

test('more than 50 MB of ls --json redirected to a file arrives whole', async () => {
  const result = await shell('plexterm ls "$BIG" --json > "$OUT/direct.json"', bigTimeoutMs);
  await assertWholeListing(result, 'direct.json');
});

test('a reader that leaves after the first line of a 50 MB listing: plexterm ends with exit 0 and says nothing', async () => {
  const result = await shell('plexterm ls "$BIG" --json | head -1', bigTimeoutMs);
  assert.is(result.code, 0, `exit code; stderr: ${result.stderr}`);
  assert.is(result.stdout, '[\n');
  assert.is(result.stderr, '');
});

const smallCommands: Array<{ args: string; check: (stdout: string) => void }> = [
  { args: 'libraries --json', check: (stdout) => assert.ok((JSON.parse(stdout) as unknown[]).length >= 4) },
  { args: 'ls 1 --json', check: (stdout) => assert.ok((JSON.parse(stdout) as unknown[]).length > 0) },
  { args: 'search kitchen', check: (stdout) => assert.match(stdout, /Orbital Kitchen/) },
  { args: 'info 101', check: (stdout) => assert.match(stdout, /Night of the Living Dead/) },
  { args: 'cache ls', check: (stdout) => assert.match(stdout, /the cache is empty|^KEY\s+TITLE/m) },
];

for (const { args, check } of smallCommands) {
  test(`${args}: whole through a slow reader, and quiet with exit 0 when the reader is already gone`, async () => {
    const slow = await shell(`plexterm ${args} | (sleep 1; cat)`);
    assert.is(slow.code, 0, `exit code; stderr: ${slow.stderr}`);
    assert.is(slow.stderr, '');
    check(slow.stdout);
    // `true` never reads and ends at once: plexterm's first write meets a pipe without a reader (EPIPE).
    const gone = await shell(`plexterm ${args} | true`);
    assert.is(gone.code, 0, `exit code; stderr: ${gone.stderr}`);
    assert.is(gone.stderr, '');
    const first = await shell(`plexterm ${args} | head -1`);
    assert.is(first.code, 0, `exit code; stderr: ${first.stderr}`);
    assert.is(first.stderr, '');
    assert.is(first.stdout, `${slow.stdout.split('\n')[0]}\n`);
  });
}

test('cache open, a long command, ends cleanly when its reader is gone, and leaves the cache folder free', async () => {
  const gone = await shell('plexterm cache open 103 | true');
  assert.is(gone.code, 0, `exit code; stderr: ${gone.stderr}`);
  assert.is(gone.stderr, '');
  // The folder lock was released through the normal ending: the next cache command gets the folder.
  const listed = await shell('plexterm cache ls --json');
  assert.is(listed.code, 0, `exit code; stderr: ${listed.stderr}`);
  assert.ok(Array.isArray(JSON.parse(listed.stdout)));
});

test.run();
