// `plexterm cache watch` on a real terminal (tmux): the table fits the terminal's width at 80 and 200 columns and follows a resize, World Cinema titles included.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth } from '../../src/base/displayWidth.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { PlexMetadata } from '../../src/plex/models.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { columnOf, columnText } from '../helpers/displayColumns.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const pinnedTitles = /^(七人の侍|👨‍👩‍👧|Night of the Day|The Terminal)/;

let demo: DemoServer;
let home: TempFolder;

/** The table's rows on the pane: the header and one row per pinned entry, all shown. */
function tableOf(pane: string): { header: string; rows: string[] } | null {
  const lines = pane.split('\n');
  const start = lines.findIndex((line) => line.startsWith('TITLE'));
  if (start < 0) return null;
  const rows = lines.slice(start + 1).filter((line) => line.trim() !== '');
  return rows.length === 4 ? { header: lines[start] ?? '', rows } : null;
}

/** Every line within `width`, and each row's STATE and PROGRESS cells starting where their headers do. */
function assertFits(pane: string, width: number, barCells: number): void {
  const table = tableOf(pane);
  assert.ok(table, `the table with its four rows:\n${pane}`);
  for (const line of pane.split('\n')) assert.ok(displayWidth(line) <= width, `a line of ${displayWidth(line)} columns on a ${width}-column terminal:\n${pane}`);
  const state = columnOf(table.header, 'STATE');
  const progress = columnOf(table.header, 'PROGRESS');
  assert.ok(state > 0 && progress > state, table.header);
  for (const row of table.rows) {
    assert.match(columnText(row, state, progress), /^(new|ready|stored)\s/, `the state in its column: ${row}`);
    assert.is(columnText(row, progress, progress + barCells + 2), `[${'#'.repeat(barCells)}]`, `the progress bar in its column: ${row}`);
  }
  assert.not.match(pane, /pwned|\[2J/, 'no escape sequence from a title shows');
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'cli/cacheWatchWidth');
} else {
  test.before(async () => {
    demo = await startDemoServer();
    home = await makeTempFolder();
    const environment = cleanEnvironment(home.path);
    const listing = await runMain(['--server', demo.url, '--token', demo.token, 'ls', '5', '--json'], { env: environment });
    const items = (JSON.parse(listing.stdout) as PlexMetadata[]).filter((item) => pinnedTitles.test(item.title));
    assert.is(items.length, 4);
    for (const item of items) {
      const pinned = await runMain(['--server', demo.url, '--token', demo.token, 'cache', 'pin', item.ratingKey], { env: environment });
      assert.is(pinned.code, 0, pinned.stderr);
    }
  });

  test.after(async () => {
    await demo.close();
    await home.remove();
  });

  test('cache watch fits 80 columns, then 200, then 60 as the terminal is resized', async () => {
    const exitFile = join(home.path, 'watch-exit');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home.path} --server ${demo.url} --token ${demo.token} cache watch; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 80, height: 24, cwd: repository, environment: { TERM: 'tmux-256color' } });
    try {
      assertFits(await tmux.waitFor((pane) => tableOf(pane) !== null), 80, 10);
      tmux.resize(200, 30);
      // Wider than 120 columns the bars are 20 cells again.
      assertFits(await tmux.waitFor((pane) => tableOf(pane) !== null && pane.includes(`[${'#'.repeat(20)}]`)), 200, 20);
      tmux.resize(60, 20);
      assertFits(await tmux.waitFor((pane) => tableOf(pane) !== null && !pane.includes(`[${'#'.repeat(20)}]`) && pane.split('\n').every((line) => displayWidth(line) <= 60)), 60, 10);
      const [watch] = tmux.paneChildren();
      assert.ok(watch, 'cache watch runs in the pane');
      process.kill(watch, 'SIGINT');
      await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() === 'EXIT=0');
    } finally {
      tmux.kill();
    }
  });
}

test.run();
