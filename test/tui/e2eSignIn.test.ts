// The first-run screen in a real terminal (tmux): no server set up → sign in with a PIN, or with a URL and token; either way the TUI opens and the config is saved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** Runs plexterm with no server set up in `home`; the exit code lands in `<home>/exit`. */
function startPlexterm(home: string, flags: string): TmuxSession {
  const command = `${process.execPath} --import tsx src/cli/entry.ts --home ${home} --no-plugins ${flags} 2>${join(home, 'stderr')}; echo EXIT=$? > ${join(home, 'exit')}; sleep 60`;
  return TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
}

async function quitCleanly(tmux: TmuxSession, home: string): Promise<void> {
  tmux.keys('q');
  await tmux.waitFor(() => existsSync(join(home, 'exit')) && readFileSync(join(home, 'exit'), 'utf8').trim() === 'EXIT=0');
  assert.is(readFileSync(join(home, 'stderr'), 'utf8'), '');
}

if (!hasTmux()) {
  console.log('tui/e2eSignIn: skipped — tmux is not on PATH (.ci/run installs it with apt-get)');
  test.skip('the sign-in screen in tmux', () => {});
} else {
  test('first run: the PIN flow shows the address and code, then the TUI opens on the server and it is saved', async () => {
    const folder = await makeTempFolder('plexterm-signin-');
    const demo = await startDemoServer({ pinApproveAfterMs: 500 });
    const tmux = startPlexterm(folder.path, `--plex-tv ${demo.plexTv}`);
    try {
      await tmux.waitFor('No Plex server is set up yet.');
      tmux.keys('Enter');
      const pin = await tmux.waitFor(/Code: \w+/);
      assert.match(pin, /https:\/\/app\.plex\.tv\/auth#\?/);
      await tmux.waitFor(/Continue Watching \(\d+\)/);
      const config = JSON.parse(readFileSync(join(folder.path, 'config', 'config.json'), 'utf8')) as { server?: { name?: string }; token?: string };
      assert.is(config.server?.name, demo.name);
      assert.is(config.token, demo.token);
      await quitCleanly(tmux, folder.path);
    } finally {
      tmux.kill();
      await demo.close();
      await folder.remove();
    }
  });

  test('first run: a wrong address is said and the menu comes back; a server URL and token open the TUI and are saved', async () => {
    const folder = await makeTempFolder('plexterm-signin-');
    const demo = await startDemoServer();
    const tmux = startPlexterm(folder.path, '');
    try {
      await tmux.waitFor('No Plex server is set up yet.');
      tmux.keys('2');
      await tmux.waitFor('Server URL: ▏');
      tmux.type(`${demo.url}/nothing-here`);
      tmux.keys('Enter');
      tmux.type('wrong');
      tmux.keys('Enter');
      await tmux.waitFor(/Could not sign in: /, 30_000);
      tmux.keys('2');
      tmux.type(demo.url);
      tmux.keys('Enter');
      await tmux.waitFor('Token:');
      tmux.type(demo.token);
      const masked = await tmux.waitFor(/Token: +•+▏/);
      assert.not.match(masked, new RegExp(demo.token));
      tmux.keys('Enter');
      await tmux.waitFor(/Continue Watching \(\d+\)/);
      const config = JSON.parse(readFileSync(join(folder.path, 'config', 'config.json'), 'utf8')) as { server?: { url?: string } };
      assert.is(config.server?.url, demo.url);
      await quitCleanly(tmux, folder.path);
    } finally {
      tmux.kill();
      await demo.close();
      await folder.remove();
    }
  });

  test('first run: "try the demo" opens the TUI on the demo server; q on the menu quits with 0', async () => {
    const folder = await makeTempFolder('plexterm-signin-');
    const tmux = startPlexterm(folder.path, '');
    try {
      await tmux.waitFor('No Plex server is set up yet.');
      tmux.keys('3');
      await tmux.waitFor(/plexterm demo \(local\)/);
      await quitCleanly(tmux, folder.path);
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });
}

test.run();
