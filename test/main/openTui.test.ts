// The TUI of a bare `plexterm`, in-process over pipes: one run makes exactly one PlexClient, shared by the
// listings, the pinned downloads it carries on and playback (it used to make one for each).
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openTui } from '../../src/main/openTui.js';
import type { Output } from '../../src/session/output.js';
import { Session } from '../../src/session/session.js';
import type { TuiApp } from '../../src/tui/tuiApp.js';
import { countedClients } from '../helpers/countedClients.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';
import { leaveUnfinishedPin } from '../helpers/unfinishedPin.js';

const quiet: Output = { out: () => undefined, err: () => undefined };

/** Waits (re-checking after every frame) until `ready` holds. */
async function until(app: TuiApp, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + timeLimit(20_000);
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([once(app.options.tuiScreen.screen, 'render'), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

test('one TUI run makes one PlexClient: the listings, the pinned download it carries on and playback share it', async () => {
  const home = await makeTempFolder('plexterm-open-tui-');
  const { made, createClient } = countedClients();
  const input = new PassThrough();
  const output = new PassThrough();
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  Object.assign(output, { isTTY: true, columns: 100, rows: 30 });
  output.resume();
  const outer = new Session({ home: home.path, demo: true, plugins: false }, quiet, { TERM: 'xterm-256color' });
  let found: (app: TuiApp) => void = () => {};
  const started = new Promise<TuiApp>((resolve) => (found = resolve));
  try {
    // The resumed download asks the server for its machine: a second client would be made there.
    await leaveUnfinishedPin(home.path);
    const running = openTui(outer, { streams: { input, output }, onFirstPaint: found, createClient });
    const app = await Promise.race([started, running.then(() => Promise.reject(new Error('the TUI ended before its first frame')))]);
    try {
      await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Movies') && app.browser.current?.items.totalSize !== null, 'the libraries');
      await until(app, () => app.message?.includes('carrying on 1 unfinished pinned download') === true, 'the pinned download to carry on');
      // Playback and the plugin host start on the same session.
      await app.options.actions.playback();
      assert.is(made.length, 1, 'one PlexClient for the whole run');
    } finally {
      app.quit();
      await running;
    }
  } finally {
    await outer.dispose();
    await home.remove();
  }
});

test.run();
