// `plexterm cache watch` end to end: JSON lines or an appended table (no TTY here), ended by SIGTERM or SIGINT with exit code 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, labItem, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

let demo: DemoServer;
let home: TempFolder;

test.before(async () => {
  demo = await startDemoServer();
  home = await makeTempFolder();
  const small = await labItem(demo, 1024 * 1024);
  const pinned = await runMain(['--server', demo.url, '--token', demo.token, 'cache', 'pin', small.ratingKey], { env: cleanEnvironment(home.path) });
  assert.is(pinned.code, 0, pinned.stderr);
});

// A test that fails before it stops its long-running CLI must not leave that CLI holding the shared cache folder for the next tests.
test.after.each(killLiveClis);

test.after(async () => {
  await killLiveClis();
  await demo.close();
  await home.remove();
});

test('watch --json prints each entry as a JSON line and ends with 0 on SIGTERM', async () => {
  const live = startCli(home.path, ['cache', 'watch', '--json']);
  const snapshot = JSON.parse(await live.waitForLine(/^\{/)) as CacheEntrySnapshot;
  assert.is(snapshot.title, 'Synthetic 1.00 MiB (1048576 bytes)');
  assert.is(snapshot.complete, true);
  assert.is(snapshot.pinned, true);
  assert.is(snapshot.state, 'stored');
  assert.equal(await stopCli(live, 'SIGTERM'), { code: 0, signal: null });
});

test('watch without a TTY prints the table with a progress bar per entry and ends with 0 on SIGINT', async () => {
  const live = startCli(home.path, ['cache', 'watch']);
  await live.waitForLine(/^TITLE\s+STATE\s+PROGRESS\s+CACHED\s+RATE\s+PINNED$/);
  const row = await live.waitForLine(/^Synthetic 1\.00 MiB/);
  assert.match(row, /\[#{20}\] 100%\s+1\.0 MiB \/ 1\.0 MiB\s+yes$/);
  assert.match(row, /\sstored\s/, 'the entry is on disk and not open');
  assert.ok(live.lines.every((line) => !line.includes('\u001b[')), 'no cursor movement without a TTY');
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
});

test.run();
