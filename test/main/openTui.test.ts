// The TUI of a bare `plexterm`, in-process over pipes: one run makes exactly one PlexClient, shared by the
// listings, the pinned downloads it carries on and playback (it used to make one for each); on a first run
// the sign-in goes on with the run's one session (it used to make a session for the sign-in and another for the TUI).
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openTui } from '../../src/main/openTui.js';
import { startDemoServer } from '../../src/demo/index.js';
import type { TuiApp } from '../../src/tui/tuiApp.js';
import { countedClients } from '../helpers/countedClients.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { timeLimit } from '../helpers/timeLimit.js';
import { leaveUnfinishedPin } from '../helpers/unfinishedPin.js';

/** A terminal over pipes for the TUI: what it drew so far is in `drawn`. */
function pipeTerminal(): { input: PassThrough; output: PassThrough; drawn: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  Object.assign(output, { isTTY: true, columns: 100, rows: 30 });
  let drawn = '';
  output.on('data', (chunk: Buffer) => (drawn += chunk.toString('utf8')));
  return { input, output, drawn: () => drawn };
}

/** Waits until the screen drew `text` (the sign-in screen draws before the TUI's app exists). */
async function untilDrawn(drawn: () => string, text: string, output: PassThrough): Promise<void> {
  const deadline = Date.now() + timeLimit(20_000);
  // Blessed moves the cursor over cells it leaves blank: compare the letters, without escapes and spaces.
  const letters = (screen: string) => screen.replace(/\x1b\[[0-9;?]*[A-Za-z@`]/g, '').replace(/\s/g, '');
  while (!letters(drawn()).includes(letters(text))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" on the screen`);
    await Promise.race([once(output, 'data'), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

/** Waits (re-checking after every frame) until `ready` holds. */
async function until(app: TuiApp, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + timeLimit(20_000);
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([once(app.options.tuiScreen.screen, 'render'), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

/**
 * Opens the TUI as a bare `plexterm` does, over pipes; `signIn` answers the first-run screen, if any. Runs
 * `body` on the app from its first frame, then quits it and waits for the run's end (its session disposed).
 */
async function onTui(options: Parameters<typeof openTui>[0], createClient: ReturnType<typeof countedClients>['createClient'], signIn: ((terminal: ReturnType<typeof pipeTerminal>) => Promise<void>) | null, body: (app: TuiApp) => Promise<void>): Promise<void> {
  const terminal = pipeTerminal();
  let found: (app: TuiApp) => void = () => {};
  const started = new Promise<TuiApp>((resolve) => (found = resolve));
  const running = openTui(options, { TERM: 'xterm-256color' }, { streams: { input: terminal.input, output: terminal.output }, onFirstPaint: found, createClient });
  await signIn?.(terminal);
  const app = await Promise.race([started, running.then(() => Promise.reject(new Error('the TUI ended before its first frame')))]);
  try {
    await body(app);
  } finally {
    app.quit();
    await running;
  }
}

test('one TUI run makes one PlexClient: the listings, the pinned download it carries on and playback share it', async () => {
  const home = await makeTempFolder('plexterm-open-tui-');
  const { made, createClient } = countedClients();
  try {
    // The resumed download asks the server for its machine: a second client would be made there.
    await leaveUnfinishedPin(home.path);
    await onTui({ home: home.path, demo: true, plugins: false }, createClient, null, async (app) => {
      await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Movies') && app.browser.current?.items.totalSize !== null, 'the libraries');
      await until(app, () => app.message?.includes('carrying on 1 unfinished pinned download') === true, 'the pinned download to carry on');
      // Playback and the plugin host start on the same session.
      await app.options.actions.playback();
      assert.is(made.length, 1, 'one PlexClient for the whole run');
    });
  } finally {
    await home.remove();
  }
});

test('first run: a server URL and token are checked and saved through the run\'s one session, which then opens the TUI on them', async () => {
  const home = await makeTempFolder('plexterm-open-tui-');
  const demo = await startDemoServer();
  const { made, createClient } = countedClients();
  const signIn = async ({ input, output, drawn }: ReturnType<typeof pipeTerminal>) => {
    await untilDrawn(drawn, 'No Plex server is set up yet.', output);
    input.write('2');
    await untilDrawn(drawn, 'Server URL:', output);
    input.write(`${demo.url}\r`);
    await untilDrawn(drawn, 'Token:', output);
    input.write(`${demo.token}\r`);
  };
  try {
    await onTui({ home: home.path, plugins: false }, createClient, signIn, async (app) => {
      await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Movies'), 'the libraries');
      const saved = JSON.parse(await readFile(join(home.path, 'config', 'config.json'), 'utf8')) as { server?: { url?: string }; token?: string };
      assert.equal([saved.server?.url, saved.token], [demo.url, demo.token], 'the server and token were saved');
      // Both made by the run's one session (its maker): the sign-in's check of the token, then the TUI's own client.
      // Sign-in used to run on sessions of its own, whose clients this maker never saw.
      assert.equal(made.map((client) => client.baseUrl), [demo.url, demo.url], 'the check and the TUI\'s client, both from the run\'s session');
    });
  } finally {
    await demo.close();
    await home.remove();
  }
});

test('first run: "try the demo" goes on with the run\'s one session, now on the demo server', async () => {
  const home = await makeTempFolder('plexterm-open-tui-');
  const { made, createClient } = countedClients();
  const signIn = async ({ input, output, drawn }: ReturnType<typeof pipeTerminal>) => {
    await untilDrawn(drawn, 'No Plex server is set up yet.', output);
    input.write('3');
  };
  try {
    await onTui({ home: home.path, plugins: false }, createClient, signIn, async (app) => {
      await until(app, () => app.browser.entries.some((entry) => entry.source?.title === 'Movies'), 'the demo\'s libraries');
      assert.is(made.length, 1, 'one PlexClient, the session\'s');
      assert.match(app.options.serverName, /plexterm demo/);
    });
  } finally {
    await home.remove();
  }
});

test.run();
