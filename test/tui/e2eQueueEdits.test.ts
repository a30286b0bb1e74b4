// The real TUI in tmux with the real mpv (no picture, no sound) editing the play queue that plays, and a plugin editing it
// through the plugin API: in Up next, x removes the selected entry (never the one that plays) and K moves it up; in the
// list, n plays a season next; the plugin enqueues a movie, removes an entry and moves one. The server queue follows each
// edit (read from the demo's state), and > walks the queue as edited: removed entries never play, moved ones play in
// their new place, all in one mpv; Enter in Up next plays the selected entry now. With no queue playing, e plays the item.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { demoJson } from '../helpers/demoServer.js';
import { eventually, writePlugin } from '../helpers/extensionFixtures.js';
import { hasMpv } from '../helpers/playCli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { detailsColumn, waitForFile } from '../helpers/tuiPane.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { openOrbitalSeason, pluginLogLines } from '../helpers/tuiQueue.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Logs each item that starts playing ("played 119"), and edits the queue through the plugin API: "Edit the queue"
 * enqueues Nosferatu (103), removes Lunar Leftovers (128) and moves Nosferatu right after the entry that plays;
 * "Play an unknown item next" says what playNext answers for a ratingKey the server does not have.
 */
const editorPlugin = {
  name: 'queue-editor',
  manifest: {
    activationEvents: ['onStartupFinished'],
    contributes: {
      commands: [
        { command: 'fixture.editQueue', title: 'Edit the queue', category: 'Fixture' },
        { command: 'fixture.unknownNext', title: 'Play an unknown item next', category: 'Fixture' },
      ],
    },
  },
  code: `export function activate(context) {
  const playback = context.api.playback;
  let queue = null;
  let last = null;
  const subscriptions = [
    playback.queue$.subscribe((state) => { queue = state; }),
    playback.session$.subscribe((state) => {
      if (state && state.state === 'playing' && state.ratingKey !== last) {
        last = state.ratingKey;
        context.log('played ' + state.ratingKey);
      }
    }),
  ];
  context.subscriptions.push({ dispose: () => subscriptions.forEach((subscription) => subscription.unsubscribe()) });
  const entry = (ratingKey) => queue.items.find((item) => item.ratingKey === ratingKey);
  context.subscriptions.push(context.api.commands.register('fixture.editQueue', async () => {
    const added = await playback.enqueue('103');
    await playback.removeFromQueue(entry('128').playQueueItemID);
    await playback.moveInQueue(entry('103').playQueueItemID, queue.items[queue.current].playQueueItemID);
    return added + ' ' + queue.items.map((item) => item.ratingKey).join(',');
  }));
  context.subscriptions.push(context.api.commands.register('fixture.unknownNext', async () => {
    try {
      return await playback.playNext('987654');
    } catch (error) {
      return 'refused: ' + error.message;
    }
  }));
}`,
};

/** The ratingKeys of the one play queue the demo server holds, in order. */
async function serverQueue(server: DemoServer): Promise<string[]> {
  const state = (await demoJson(server, '/__demo/state')) as { playQueues: { items: { ratingKey: string }[] }[] };
  return state.playQueues.at(-1)?.items.map((item) => item.ratingKey) ?? [];
}

async function serverQueueIs(server: DemoServer, expected: string[]): Promise<void> {
  let seen: string[] = [];
  await eventually(async () => (seen = await serverQueue(server)).join(',') === expected.join(','), `the server queue is ${expected.join(',')}`).catch(() => {
    throw new Error(`the server queue is ${seen.join(',')}, not ${expected.join(',')}`);
  });
}

function played(home: string): string[] {
  return pluginLogLines(home, 'played ').map((line) => /played (\d+)/.exec(line)?.[1] ?? '');
}

/** The messages the TUI showed in its status bar, from its log (a long one is cut on screen). */
function messages(home: string): string[] {
  const path = join(home, 'log', 'tui.log');
  return existsSync(path) ? [...readFileSync(path, 'utf8').matchAll(/message: (.*)/g)].map((match) => match[1] ?? '') : [];
}

function upNext(pane: string): string {
  return detailsColumn(pane, '\n');
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eQueueEdits');
} else if (!hasMpv()) {
  requireMissingProgram('mpv', 'tui/e2eQueueEdits');
} else {
  test('Up next removes and moves entries, n plays a season next, a plugin edits the queue: the server queue follows, and the queue plays as edited in one mpv', async () => {
    const folder = await makeTempFolder('plexterm-tui-queue-edits-');
    const server = await startDemoServer({ inspect: true });
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    // mpv loops each file: an entry ends only when the test moves on.
    // autoplay off: no up-next countdown moves the queue on by itself (> still does).
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'mpv', autoplay: false, plugins: { mpv: { extraArgs: ['--no-config', '--vo=null', '--ao=null', '--loop-file=inf'] } } }));
    await writePlugin(plugins, editorPlugin);
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --server ${server.url} --token ${server.token} --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 180, height: 36, cwd: repository, environment: { TERM: 'tmux-256color' } });
    const said = (message: string) => eventually(() => messages(home).includes(message), `"${message}" is said`, 30_000).catch(() => {
      throw new Error(`"${message}" was not said; the messages were:\n${messages(home).join('\n')}`);
    });
    const palette = async (typed: string, done: string) => {
      tmux.keys(':');
      await tmux.waitFor('Command palette');
      tmux.type(typed);
      await tmux.waitFor(new RegExp(`Fixture: ${typed}`, 'i'));
      tmux.keys('Enter');
      await said(done);
    };
    /** > to the next entry, and waits for it to play. */
    const next = async (ratingKey: string, line: RegExp) => {
      tmux.keys('>');
      await tmux.waitFor((pane) => line.test(upNext(pane)), 60_000);
      await eventually(() => played(home).at(-1) === ratingKey, `${ratingKey} plays`, 60_000);
    };
    try {
      await openOrbitalSeason(tmux);
      tmux.keys('Enter');
      await tmux.waitFor((pane) => /1\/3 S1E1 Freeze-Dried Beginnings · playing \d+:\d+/.test(upNext(pane)), 60_000);
      await eventually(() => played(home).at(-1) === '119', '119 plays', 60_000);

      // Up next: the entry that plays is selected first, and cannot be removed.
      tmux.keys('u');
      await tmux.waitFor((pane) => /Up next · 1 of 3/.test(upNext(pane)));
      tmux.keys('x');
      await said('not removed: "Freeze-Dried Beginnings" plays now: skip to the next entry instead of removing it');
      // j selects the second, x removes it: the server queue loses it.
      tmux.keys('j');
      await tmux.waitFor((pane) => /^› 2\. S1E2 Zero-G Soufflé$/m.test(upNext(pane)));
      tmux.keys('x');
      await tmux.waitFor((pane) => /Up next · 1 of 2/.test(upNext(pane)));
      assert.ok(messages(home).includes('"Zero-G Soufflé" removed from the queue'), messages(home).join('\n'));
      await serverQueueIs(server, ['119', '123']);

      // In the list, n on Season 2 plays it next: its episodes right after the entry that plays.
      tmux.keys('h', 'j');
      await tmux.waitFor((pane) => /Up next · 1 of 2/.test(upNext(pane)));
      tmux.keys('n');
      await said('"Season 2" plays next');
      await serverQueueIs(server, ['119', '126', '128', '130', '123']);

      // The plugin adds Nosferatu at the end, removes Lunar Leftovers and moves Nosferatu next; an unknown item is refused in one line.
      await palette('Edit the queue', 'Fixture: Edit the queue: "queued 119,103,126,130,123"');
      await serverQueueIs(server, ['119', '103', '126', '130', '123']);
      await palette('Play an unknown item next', 'Fixture: Play an unknown item next: "refused: [plugin: queue-editor] no item 987654 on the server"');

      // Back in Up next, G selects the last entry and K moves it up one place.
      tmux.keys('l', 'G');
      await tmux.waitFor((pane) => /^› 5\. S1E3 Hydroponic Harvest$/m.test(upNext(pane)));
      tmux.keys('K');
      await tmux.waitFor((pane) => /^› 4\. S1E3 Hydroponic Harvest$/m.test(upNext(pane)) && /^5\. S2E3 The Last Rocket$/m.test(upNext(pane)));
      await serverQueueIs(server, ['119', '103', '126', '123', '130']);

      // > walks the queue as edited.
      await next('103', /^▶ 2\. Nosferatu/m);
      await next('126', /^▶ 3\. S2E1 Re-entry Roast$/m);
      await next('123', /^▶ 4\. S1E3 Hydroponic Harvest$/m);
      await next('130', /^▶ 5\. S2E3 The Last Rocket$/m);
      assert.equal(played(home), ['119', '103', '126', '123', '130'], 'the removed episodes (121, 128) never played');

      // Enter in Up next plays the selected entry now, backwards too; on the entry that plays, it says so.
      // (Nosferatu: a movie without an intro marker, so that s stops it below rather than skipping its intro.)
      tmux.keys('g', 'j');
      await tmux.waitFor((pane) => /^› 2\. Nosferatu/m.test(upNext(pane)));
      tmux.keys('Enter');
      await said('playing "Nosferatu" now');
      await tmux.waitFor((pane) => /^▶ 2\. Nosferatu/m.test(upNext(pane)), 60_000);
      await eventually(() => played(home).at(-1) === '103', '103 plays again', 60_000);
      tmux.keys('Enter');
      await said('"Nosferatu" plays now');
      const log = readFileSync(join(home, 'log', 'plugins.log'), 'utf8');
      assert.is([...log.matchAll(/mpv started \(pid/g)].length, 1, 'one mpv played the whole queue');
      assert.not.ok(log.includes(server.token), 'no token in the plugin log');

      // With no queue playing, e (add to queue) plays the item, and says so.
      tmux.keys('s');
      await said('playback stopped');
      tmux.keys('h', 'e');
      await said('no queue is playing: playing "Season 2"');
      await eventually(() => played(home).at(-1) === '126', 'Season 2 plays from its first episode', 60_000);

      tmux.keys('q');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      assert.is(existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '', '');
    } finally {
      tmux.kill();
      await server.close();
      await folder.remove();
    }
  });
}

test.run();
