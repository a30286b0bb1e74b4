// The TUI's cache panel names each entry's state: an entry an earlier run left on disk is `stored`, and evicting it (x) shows `evicted` (real terminal, tmux).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDemo, findItem } from '../helpers/demoServer.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eCacheStates');
} else {
  test('the cache panel shows an entry cached by an earlier run as stored, and x evicts it', async () => {
    const folder = await makeTempFolder('plexterm-cache-states-');
    const home = folder.path;
    let tmux: TmuxSession | undefined;
    try {
      // --demo's catalog is every demo server's: its Cache Lab item of 1 MiB has the same ratingKey.
      const item = await withDemo({}, (demo) => findItem(demo, 'Cache Lab', '1.00 MiB'));
      const pinned = await runCli(['--demo', 'cache', 'pin', item.ratingKey], { env: cleanEnvironment(home) });
      assert.is(pinned.code, 0, pinned.stderr);
      const unpinned = await runCli(['--demo', 'cache', 'unpin', item.ratingKey], { env: cleanEnvironment(home) });
      assert.is(unpinned.code, 0, unpinned.stderr);

      const exitFile = join(home, 'exit');
      const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --no-plugins 2>${join(home, 'stderr')}; echo EXIT=$? > ${exitFile}; sleep 60`;
      tmux = TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
      await tmux.waitFor(/Continue Watching/);
      tmux.keys('C');
      const shown = await tmux.waitFor(/Cache — 1 entry/);
      assert.match(shown, /stored\s+█+\s+1\.0 MiB \/ 1\.0 MiB/, 'the row names the state stored, with its bytes on disk');
      // Tab reaches the cache panel after the list and the details; x then evicts its selected entry.
      tmux.keys('Tab', 'Tab', 'Tab');
      tmux.keys('x');
      await tmux.waitFor(/"Synthetic 1\.00 MiB[^"]*" evicted from the cache/);
      await tmux.waitFor(/Cache — 0 entries/);
      tmux.keys('q');
      await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() === 'EXIT=0');
      assert.is(readFileSync(join(home, 'stderr'), 'utf8'), '');
    } finally {
      tmux?.kill();
      await folder.remove();
    }
  });
}

test.run();
