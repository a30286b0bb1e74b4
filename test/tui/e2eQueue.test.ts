// The real TUI in tmux playing a play queue: Enter on a demo season in the details pane plays it as a queue ("1/3"), the next
// entry starts when the first ends, u shows Up next with the entry that plays marked, > skips to the next entry; plugins
// see the queue in playback.queue$ and go back with playback.previous().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detailsColumn } from '../helpers/tuiPane.js';
import { hasTmux } from '../helpers/tmuxSession.js';
import { fixtureQueueCommands, openOrbitalSeason, pluginLogLines, runFromPalette, startQueueTui } from '../helpers/tuiQueue.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

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
      commands: fixtureQueueCommands,
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

function launches(home: string): string[] {
  return pluginLogLines(home, 'launch {');
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eQueue');
} else {
  test('Enter on a season plays it as a queue: 1/3, the next entry when the first ends, Up next, > to the next', async () => {
    const { home, tmux, quitCleanly, close } = await startQueueTui('plexterm-tui-queue-', queuePlayerPlugin, 'queue');
    try {
      await openOrbitalSeason(tmux);
      tmux.keys('Enter');
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
      // The plugin's log lines come through the host's output: they can reach the file after the pane has changed.
      await tmux.waitFor(() => launches(home).length >= 3, 60_000);
      assert.is(launches(home).length, 3);
      assert.match(readFileSync(join(home, 'log', 'plugins.log'), 'utf8'), /\bstopped\b/);
      // > on the last entry: nothing further to play, said plainly.
      tmux.keys('>');
      await tmux.waitFor(/3\/3 S1E3 Hydroponic Harvest is the last in the queue/);
      // Plugins saw each entry in playback.queue$, and playback.previous() goes back one.
      const queueLines = ['queue 1/3 Freeze-Dried Beginnings', 'queue 2/3 Zero-G Soufflé', 'queue 3/3 Hydroponic Harvest'];
      await tmux.waitFor(() => queueLines.every((line) => pluginLogLines(home, line).length > 0), 60_000).catch(() => undefined);
      assert.ok(['queue 1/3 Freeze-Dried Beginnings', 'queue 2/3 Zero-G Soufflé', 'queue 3/3 Hydroponic Harvest'].every((line) => pluginLogLines(home, line).length > 0), pluginLogLines(home, 'queue').join('\n'));
      await runFromPalette(tmux, 'Back to the previous entry', /Back to the previous entry: true/);
      await tmux.waitFor((pane) => /2\/3 S1E2 Zero-G Soufflé · playing \d+:\d+/.test(detailsColumn(pane, '\n')), 60_000);
      assert.is(launches(home).length, 4);
      await quitCleanly();
    } finally {
      await close();
    }
  });
}

test.run();
