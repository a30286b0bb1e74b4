// The real TUI in tmux at an episode's intro and credits (the demo's markers): "Skip intro (s)" in the status bar and s
// seeks the player past the intro; at the credits "Up next: … in N s" counts down and starts the next entry at 0,
// Escape stays (the next starts when the entry ends), Enter starts it at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detailsColumn } from '../helpers/tuiPane.js';
import { hasTmux } from '../helpers/tmuxSession.js';
import { fixtureQueueCommands, openOrbitalSeason, pluginLogLines, runFromPalette, startQueueTui } from '../helpers/tuiQueue.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

/**
 * A player that plays nothing, five times as fast as time goes, in a file it says is 100 s long (the demo's
 * markers sit in its first 40 s). It holds at 4 s, inside the intro, until it is seeked; from its second launch on
 * it also holds at 36 s, inside the credits, until the test ends the item or something else plays. It logs its
 * launches, seeks and where it was stopped. Its first launch holds at 48 s instead, after the countdown's end.
 */
const markerPlayerPlugin = {
  name: 'marker-player',
  manifest: {
    contributes: {
      players: [{ id: 'marks', title: 'Marker player', mediaTypes: ['video', 'audio'] }],
      commands: fixtureQueueCommands,
    },
  },
  code: `let endCurrent = null;
let launches = 0;
export function activate(context) {
  context.subscriptions.push(context.api.commands.register('fixture.previous', () => context.api.playback.previous()));
  context.subscriptions.push(context.api.commands.register('fixture.endItem', () => {
    const end = endCurrent;
    endCurrent = null;
    if (end) end();
    return end ? 'ended' : 'nothing plays';
  }));
  context.subscriptions.push(context.api.players.register('marks', {
    async launch(url, options) {
      launches += 1;
      const holdInCredits = launches > 1;
      context.log('launch ' + launches + ' ' + options.title);
      const duration = 100000;
      let position = options.startAt;
      let seeked = false;
      let timer;
      let emit = () => {};
      const events$ = {
        subscribe(observer) {
          emit = (event) => observer.next?.(event);
          emit({ type: 'playing', position, duration });
          timer = setInterval(() => {
            // The first launch holds at 48 s, past the countdown's end (44 s): only the countdown moves the queue on.
            const held = (!seeked && position >= 4000 && position < 10000) || position >= (holdInCredits ? 36000 : 48000);
            if (!held) position += 500;
            emit({ type: 'position', position, duration });
          }, 100);
          endCurrent = () => {
            clearInterval(timer);
            context.log('ended ' + launches);
            observer.next?.({ type: 'ended', position: duration, duration });
            observer.complete?.();
          };
          return () => clearInterval(timer);
        },
      };
      return {
        events$,
        async seek(to) {
          context.log('seek ' + to);
          seeked = true;
          position = to;
          emit({ type: 'position', position, duration });
        },
        async stop() {
          clearInterval(timer);
          endCurrent = null;
          context.log('stopped at ' + position);
        },
      };
    },
  }));
}`,
};

/** The bottom line of the pane: the status bar. */
function statusBar(pane: string): string {
  return pane.trimEnd().split('\n').at(-1) ?? '';
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eMarkers');
} else {
  test('an episode\'s intro: s skips it; its credits: Up next counts down and starts the next at 0, Escape stays, Enter starts it now', async () => {
    const { home, tmux, quitCleanly, close } = await startQueueTui('plexterm-tui-markers-', markerPlayerPlugin, 'marks');
    const playing = (entry: RegExp) => (pane: string) => entry.test(detailsColumn(pane, '\n'));
    try {
      await openOrbitalSeason(tmux);
      tmux.keys('Enter');

      // The first episode holds inside its intro: the status bar offers to skip it, and s does (no stop).
      await tmux.waitFor((pane) => /Skip intro \(s\)/.test(statusBar(pane)), 60_000);
      tmux.keys('s');
      await tmux.waitFor(/skipped the intro \(to 0:10\)/);
      // The plugin logs through the host's output, the TUI hears its answer over IPC: the log line may come second.
      await tmux.waitFor(() => pluginLogLines(home, 'seek ').length > 0);
      assert.equal(pluginLogLines(home, 'seek '), [pluginLogLines(home, 'seek ')[0] ?? 'no seek'], 'one seek');
      assert.match(pluginLogLines(home, 'seek ')[0] ?? '', /seek 100(0\d|1\d)$/, 'to the intro marker\'s end (10.0 s of the 40 s clip)');
      assert.is(pluginLogLines(home, 'stopped').length, 0, 's skipped the intro; it did not stop the player');

      // Its credits (from 34 s): the countdown runs out at 44 s and the second episode starts, the first never ended.
      await tmux.waitFor(() => pluginLogLines(home, 'launch 2').length > 0, 60_000);
      assert.match(pluginLogLines(home, 'launch ').join('\n'), /launch 2 .*Zero-G Soufflé/);
      const stoppedAt = Number(/stopped at (\d+)/.exec(pluginLogLines(home, 'stopped at')[0] ?? '')?.[1]);
      assert.ok(stoppedAt >= 44_000 && stoppedAt <= 48_000, `the first episode was left at the countdown's end: ${stoppedAt}`);
      assert.is(pluginLogLines(home, 'ended ').length, 0);

      // The second: skip its intro too, then it holds in its credits: Escape stays (the countdown goes away).
      await tmux.waitFor((pane) => /Skip intro \(s\)/.test(statusBar(pane)), 60_000);
      tmux.keys('s');
      await tmux.waitFor((pane) => /Up next: Hydroponic Harvest in \d+ s \(Enter: now, Esc: stay\)/.test(statusBar(pane)), 60_000);
      tmux.keys('Escape');
      await tmux.waitFor(/staying: the next entry starts when this one ends/);
      await tmux.waitFor((pane) => !/Up next:/.test(statusBar(pane)) && playing(/2\/3 S1E2 Zero-G Soufflé · playing 0:36/)(pane));
      // It ends (as the player says): the third starts as any next entry does.
      await runFromPalette(tmux, 'End the item that plays', /End the item that plays: "ended"/);
      await tmux.waitFor(playing(/3\/3 S1E3 Hydroponic Harvest · (playing|paused)/), 60_000);

      // Back to the second: at its credits Enter starts the third at once.
      await runFromPalette(tmux, 'Back to the previous entry', /Back to the previous entry: true/);
      await tmux.waitFor((pane) => /Skip intro \(s\)/.test(statusBar(pane)) && playing(/2\/3 S1E2/)(pane), 60_000);
      tmux.keys('s');
      await tmux.waitFor((pane) => /Up next: Hydroponic Harvest in \d+ s/.test(statusBar(pane)), 60_000);
      const launchesBefore = pluginLogLines(home, 'launch ').length;
      tmux.keys('Enter');
      await tmux.waitFor(playing(/3\/3 S1E3 Hydroponic Harvest/), 60_000);
      // The plugin's log line comes through the host's output: it can reach the log file after the pane has changed.
      await tmux.waitFor(() => pluginLogLines(home, 'launch ').length > launchesBefore, 60_000);
      assert.is(pluginLogLines(home, 'launch ').length, launchesBefore + 1);
      assert.is(pluginLogLines(home, 'ended ').length, 1, 'only the one the test ended ended');

      await quitCleanly();
    } finally {
      await close();
    }
  });
}

test.run();
