// Offline in a real terminal (tmux): an item kept offline in one run is played in the next while its server is gone, with OFFLINE shown.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { fakePlayerPlugin } from '../helpers/playCli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** Quits with q; the exit code must be 0 (the run may take a few seconds to report the stop to a server that is gone). */
async function runUntilQuit(tmux: TmuxSession, exitFile: string): Promise<void> {
  tmux.keys('q');
  await tmux.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8') !== '', 40_000);
  assert.is(readFileSync(exitFile, 'utf8').trim(), 'EXIT=0');
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eOffline');
} else {
  test('offline: an item kept offline (o) plays from the cache in the next run while the server is gone', async () => {
    const folder = await makeTempFolder('plexterm-offline-');
    const demo = await startDemoServer();
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'fake' }));
    await writePlugin(plugins, fakePlayerPlugin);
    // The first run keeps the default timeout: on a busy machine a 1 s limit failed the very answers it
    // must keep. The second run's server is gone (connections refused), so it waits for nothing anyway.
    const run = (name: string, timeout: string) => {
      const exitFile = join(folder.path, `${name}.exit`);
      const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --server ${demo.url} --token ${demo.token} ${timeout} --plugins-dir ${plugins} 2>${join(folder.path, `${name}.stderr`)}; echo EXIT=$? > ${exitFile}; sleep 60`;
      return { tmux: TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } }), exitFile };
    };
    const first = run('online', '');
    let second: ReturnType<typeof run> | undefined;
    try {
      await first.tmux.waitFor(/Continue Watching \(3\)/);
      first.tmux.keys('l');
      await first.tmux.waitFor(/Media: .*mkv/);
      first.tmux.keys('o');
      await first.tmux.waitFor(/kept offline/i);
      await first.tmux.waitFor(/386 KiB of 386 KiB/);
      await runUntilQuit(first.tmux, first.exitFile);
      await demo.close();

      second = run('offline', '--timeout 1');
      await second.tmux.waitFor(/OFFLINE/, 30_000);
      await second.tmux.waitFor(/Continue Watching \(3\)/, 30_000);
      second.tmux.keys('l');
      await second.tmux.waitFor(/Charade[\s\S]*kept offline/i, 30_000);
      second.tmux.keys('p');
      await second.tmux.waitFor((pane) => /ready/.test(pane) && /playing \d+:\d+/.test(pane), 40_000);
      await runUntilQuit(second.tmux, second.exitFile);
      assert.is(readFileSync(join(folder.path, 'offline.stderr'), 'utf8'), '');
    } finally {
      first.tmux.kill();
      second?.tmux.kill();
      await demo.close().catch(() => undefined);
      await folder.remove();
    }
  });
}

test.run();
