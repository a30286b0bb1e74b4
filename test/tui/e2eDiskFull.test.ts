// The TUI says when caching paused for want of disk space: a free reserve larger than the disk, an item kept offline, the status bar (real terminal, tmux).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eDiskFull');
} else {
  test('an item kept offline on a disk below the free reserve: the status bar says caching paused, and the cache panel row says why', async () => {
    const folder = await makeTempFolder('plexterm-tui-disk-');
    const home = folder.path;
    let tmux: TmuxSession | undefined;
    try {
      await mkdir(join(home, 'config'), { recursive: true });
      await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ cache: { freeReserve: '1024TiB' } }));
      const exitFile = join(home, 'exit');
      const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --no-plugins 2>${join(home, 'stderr')}; echo EXIT=$? > ${exitFile}; sleep 60`;
      tmux = TmuxSession.start({ command, width: 160, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
      // The libraries are listed once the server has answered; the hubs show before that.
      await tmux.waitFor(/│ {2}Cache Lab/);
      // Home's three hubs, then Movies, TV Shows, Music and Cache Lab.
      tmux.keys('j', 'j', 'j', 'j', 'j', 'j');
      await tmux.waitFor(/─ Cache Lab \(\d+\)/);
      tmux.keys('Enter');
      await tmux.waitFor(/Synthetic 1 B/);
      tmux.keys('o');
      await tmux.waitFor(/caching paused: disk full \(evict with x in the cache panel\)/);
      // The details pane: still ready, not failed; the reason starts the line.
      const details = await tmux.waitFor(/│Cache: caching paused: the disk of/);
      assert.not.match(details, /Cache failed/);
      tmux.keys('C');
      await tmux.waitFor(/⚑ ready .*Synthetic 1 B \(1 bytes\)\s+caching paused: the disk of the cache/);
      tmux.keys('q');
      await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() === 'EXIT=0');
    } finally {
      tmux?.kill();
      await folder.remove();
    }
  });
}

test.run();
