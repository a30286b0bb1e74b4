// The real TUI in tmux playing a play queue: Enter on a demo season in the details pane plays it as a queue ("1/3"), the next
// entry starts when the first ends, u shows Up next with the entry that plays marked, > skips to the next entry; plugins
// see the queue in playback.queue$ and go back with playback.previous().
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { detailsColumn, waitForFile } from '../helpers/tuiPane.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A player that plays nothing: each item reports playing, then a position every 200 ms, until stopped or until the
 * test runs its command "End the item that plays" (then it reports ended), so the test says when an entry ends.
 * It logs the plugin API's `playback.queue$` and goes back an entry with `playback.previous()`.
 */
const queuePlayerPlugin = {
  name: 'queue-player',
  manifest: {
    contributes: {
      players: [{ id: 'queue', title: 'Queue player', mediaTypes: ['video', 'audio'] }],
      commands: [
        { command: 'fixture.endItem', title: 'End the item that plays', category: 'Fixture' },
        { command: 'fixture.previous', title: 'Back to the previous entry', category: 'Fixture' },
      ],
    },
  },
  code: `let endCurrent = null;
export function activate(context) {
  // The plugin API's view of the queue: each state logged, "queue 2/3 Zero-G Soufflé".
  const queue = context.api.playback.queue$.subscribe((state) => {
    context.log(state ? 'queue ' + (state.current + 1) + '/' + state.items.length + ' ' + state.items[state.current].title : 'queue none');
  });
  context.subscriptions.push({ dispose: () => queue.unsubscribe() });
  context.subscriptions.push(context.api.commands.register('fixture.previous', () => context.api.playback.previous()));
  context.subscriptions.push(context.api.commands.register('fixture.endItem', () => {
    const end = endCurrent;
    endCurrent = null;
    if (end) end();
    return end ? 'ended' : 'nothing plays';
  }));
  context.subscriptions.push(context.api.players.register('queue', {
    async launch(url, options) {
      context.log('launch ' + JSON.stringify({ url }));
      let timer;
      const events$ = {
        subscribe(observer) {
          const duration = options.startAt + 60000;
          let position = options.startAt;
          observer.next?.({ type: 'playing', position, duration });
          timer = setInterval(() => {
            position += 200;
            observer.next?.({ type: 'position', position, duration });
          }, 200);
          endCurrent = () => {
            clearInterval(timer);
            observer.next?.({ type: 'ended', position: duration, duration });
            observer.complete?.();
          };
          return () => clearInterval(timer);
        },
      };
      return { events$, stop: async () => { clearInterval(timer); endCurrent = null; context.log('stopped'); } };
    },
  }));
}`,
};

/** The lines of plugins.log that hold `text`. */
function logLines(home: string, text: string): string[] {
  const path = join(home, 'log', 'plugins.log');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(text)) : [];
}

function launches(home: string): string[] {
  return logLines(home, 'launch {');
}

/** Runs a command through the palette, as a person would, and waits for the status bar to say it ran. */
async function runFromPalette(tmux: TmuxSession, typed: string, done: RegExp): Promise<void> {
  tmux.keys(':');
  await tmux.waitFor('Command palette');
  tmux.type(typed);
  await tmux.waitFor(new RegExp(`Fixture: ${typed}`, 'i'));
  tmux.keys('Enter');
  await tmux.waitFor(done);
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eQueue');
} else {
  test('Enter on a season plays it as a queue: 1/3, the next entry when the first ends, Up next, > to the next', async () => {
    const folder = await makeTempFolder('plexterm-tui-queue-');
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'queue' }));
    await writePlugin(plugins, queuePlayerPlugin);
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    // Wide enough for the details pane's widest (60 columns): its lines are cut to it, never wrapped.
    const tmux = TmuxSession.start({ command, width: 180, height: 36, cwd: repository, environment: { TERM: 'tmux-256color' } });
    try {
      await tmux.waitFor(/Continue Watching \(3\)/, 60_000);
      tmux.keys('/');
      await tmux.waitFor('Search: ▏');
      tmux.type('orbital');
      await tmux.waitFor(/Search: orbital▏? \(\d+\)[\s\S]*Orbital Kitchen/);
      // Enter keeps the results (the list has the focus), the next opens the show: its seasons, Season 1 selected.
      tmux.keys('Enter');
      await tmux.waitFor(/Search: orbital \(\d+\)/);
      tmux.keys('Enter');
      await tmux.waitFor((pane) => /Orbital Kitchen/.test(pane) && /Season 2/.test(pane) && /^Season 1/m.test(detailsColumn(pane, '\n')));
      tmux.keys('l', 'Enter');
      // Enter in the details pane plays the season as a queue: its first episode of three.
      await tmux.waitFor((pane) => /1\/3 S1E1 Freeze-Dried Beginnings · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      assert.is(launches(home).length, 1);
      await runFromPalette(tmux, 'End the item that plays', /End the item that plays: "ended"/);
      // The first ended: the second starts by itself.
      await tmux.waitFor((pane) => /2\/3 S1E2 Zero-G Soufflé · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      tmux.keys('u');
      const upNext = detailsColumn(await tmux.waitFor((pane) => /Up next · 2 of 3/.test(detailsColumn(pane))), '\n');
      assert.match(upNext, /^1\. S1E1 Freeze-Dried Beginnings$/m);
      assert.match(upNext, /^▶ 2\. S1E2 Zero-G Soufflé$/m);
      assert.match(upNext, /^3\. S1E3 Hydroponic Harvest$/m);
      // > stops the second and starts the third; Up next follows.
      tmux.keys('>');
      await tmux.waitFor((pane) => /Up next · 3 of 3/.test(detailsColumn(pane, '\n')) && /^▶ 3\. S1E3 Hydroponic Harvest$/m.test(detailsColumn(pane, '\n')), 60_000);
      tmux.keys('u');
      await tmux.waitFor((pane) => /3\/3 S1E3 Hydroponic Harvest · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      assert.is(launches(home).length, 3);
      assert.match(readFileSync(join(home, 'log', 'plugins.log'), 'utf8'), /\bstopped\b/);
      // > on the last entry: nothing further to play, said plainly.
      tmux.keys('>');
      await tmux.waitFor(/3\/3 S1E3 Hydroponic Harvest is the last in the queue/);
      // Plugins saw each entry in playback.queue$, and playback.previous() goes back one.
      assert.ok(['queue 1/3 Freeze-Dried Beginnings', 'queue 2/3 Zero-G Soufflé', 'queue 3/3 Hydroponic Harvest'].every((line) => logLines(home, line).length > 0), logLines(home, 'queue').join('\n'));
      await runFromPalette(tmux, 'Back to the previous entry', /Back to the previous entry: true/);
      await tmux.waitFor((pane) => /2\/3 S1E2 Zero-G Soufflé · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      assert.is(launches(home).length, 4);
      tmux.keys('q');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      assert.is(readFileSync(stderrFile, 'utf8'), '');
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });
}

test.run();
