// The first-run screen in a real terminal (tmux): no server set up → sign in with a PIN, or with a URL and token; either way the TUI opens and the config is saved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../src/demo/index.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** Runs plexterm with no server set up in `home`; the exit code lands in `<home>/exit`. */
function startPlexterm(home: string, flags: string): TmuxSession {
  const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --no-plugins ${flags} 2>${join(home, 'stderr')}; echo EXIT=$? > ${join(home, 'exit')}; sleep 60`;
  return TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'xterm-256color' } });
}

async function quitCleanly(tmux: TmuxSession, home: string): Promise<void> {
  tmux.keys('q');
  await tmux.waitFor(() => existsSync(join(home, 'exit')) && readFileSync(join(home, 'exit'), 'utf8').trim() === 'EXIT=0');
  assert.is(readFileSync(join(home, 'stderr'), 'utf8'), '');
}

interface SavedConfig {
  server?: { name?: string; url?: string };
  token?: string;
}

function savedConfig(home: string): SavedConfig {
  return JSON.parse(readFileSync(join(home, 'config', 'config.json'), 'utf8')) as SavedConfig;
}

/** A first-run session against a fresh demo server in a fresh home; everything is closed after `body`. */
async function firstRun(demoOptions: DemoServerOptions, flags: (demo: DemoServer) => string, body: (tmux: TmuxSession, home: string, demo: DemoServer) => Promise<void>): Promise<void> {
  const folder = await makeTempFolder('plexterm-signin-');
  const demo = await startDemoServer(demoOptions);
  const tmux = startPlexterm(folder.path, flags(demo));
  try {
    await tmux.waitFor('No Plex server is set up yet.');
    await body(tmux, folder.path, demo);
  } finally {
    tmux.kill();
    await demo.close();
    await folder.remove();
  }
}

/** The TUI opened on the demo server, which was saved with its token; `q` quits cleanly. */
async function openedOnDemo(tmux: TmuxSession, home: string, demo: DemoServer): Promise<void> {
  await tmux.waitFor(/Continue Watching \(\d+\)/);
  const config = savedConfig(home);
  assert.is(config.server?.name, demo.name);
  assert.is(config.token, demo.token);
  await quitCleanly(tmux, home);
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eSignIn');
} else {
  test('first run: the PIN flow shows the address and code, then the TUI opens on the server and it is saved', async () => {
    await firstRun({ pinApproveAfterMs: 500 }, (demo) => `--plex-tv ${demo.plexTv}`, async (tmux, home, demo) => {
      tmux.keys('Enter');
      const pin = await tmux.waitFor(/Code: \w+/);
      assert.match(pin, /https:\/\/app\.plex\.tv\/auth#\?/);
      await openedOnDemo(tmux, home, demo);
    });
  });

  test('first run: an account reaching several servers gets a list, its own suggested; an unreachable pick is said, the suggested one opens the TUI', async () => {
    await firstRun({ pinApproveAfterMs: 300, sharedServers: ["Ann's Plex"] }, (demo) => `--plex-tv ${demo.plexTv}`, async (tmux, home, demo) => {
      tmux.keys('Enter');
      const list = await tmux.waitFor('which one should plexterm use?');
      assert.match(list, /  1\. Ann's Plex\s/);
      assert.match(list, new RegExp(`› 2\\. ${demo.name} \\(yours\\)`));
      tmux.keys('1');
      await tmux.waitFor(/Could not sign in: .*Ann's Plex/, 30_000);
      const before = savedConfig(home);
      assert.equal([before.server, before.token], [undefined, undefined], 'no server or token was saved');
      tmux.keys('Enter');
      await tmux.waitFor('which one should plexterm use?');
      tmux.keys('Enter');
      await openedOnDemo(tmux, home, demo);
    });
  });

  test('first run: a wrong address is said and the menu comes back; a server URL and token open the TUI and are saved', async () => {
    await firstRun({}, () => '', async (tmux, home, demo) => {
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
      await openedOnDemo(tmux, home, demo);
      assert.is(savedConfig(home).server?.url, demo.url);
    });
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
