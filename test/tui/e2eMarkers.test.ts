// The real TUI in tmux at an episode's intro and credits (the demo's markers): "Skip intro (s)" in the status bar and s
// seeks the player past the intro; at the credits "Up next: … in N s" counts down and starts the next entry at 0,
// Escape stays (the next starts when the entry ends), Enter starts it at once.
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
 * A player that plays nothing, five times as fast as time goes, in a file it says is 100 s long (the demo's
 * markers sit in its first 40 s). It holds at 4 s, inside the intro, until it is seeked; from its second launch on
 * it also holds at 36 s, inside the credits, until the test ends the item or something else plays. It logs its
 * launches, seeks and where it was stopped.
 */
const markerPlayerPlugin = {
  name: 'marker-player',
  manifest: {
    contributes: {
      players: [{ id: 'marks', title: 'Marker player', mediaTypes: ['video', 'audio'] }],
      commands: [
        { command: 'fixture.endItem', title: 'End the item that plays', category: 'Fixture' },
        { command: 'fixture.previous', title: 'Back to the previous entry', category: 'Fixture' },
      ],
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
            const held = (!seeked && position >= 4000 && position < 10000) || (holdInCredits && position >= 36000);
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

function logLines(home: string, text: string): string[] {
  const path = join(home, 'log', 'plugins.log');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(text)) : [];
}

/** Runs a fixture command through the palette and waits for the status bar to say it ran. */
async function runFromPalette(tmux: TmuxSession, typed: string, done: RegExp): Promise<void> {
  tmux.keys(':');
  await tmux.waitFor('Command palette');
  tmux.type(typed);
  await tmux.waitFor(new RegExp(`Fixture: ${typed}`, 'i'));
  tmux.keys('Enter');
  await tmux.waitFor(done);
}

/** The bottom line of the pane: the status bar. */
function statusBar(pane: string): string {
  return pane.trimEnd().split('\n').at(-1) ?? '';
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eMarkers');
} else {
  test('an episode\'s intro: s skips it; its credits: Up next counts down and starts the next at 0, Escape stays, Enter starts it now', async () => {
    const folder = await makeTempFolder('plexterm-tui-markers-');
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'marks' }));
    await writePlugin(plugins, markerPlayerPlugin);
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 180, height: 36, cwd: repository, environment: { TERM: 'tmux-256color' } });
    const playing = (entry: RegExp) => (pane: string) => entry.test(detailsColumn(pane, '\n'));
    try {
      await tmux.waitFor(/Continue Watching \(3\)/, 60_000);
      tmux.keys('/');
      await tmux.waitFor('Search: ▏');
      tmux.type('orbital');
      await tmux.waitFor(/Search: orbital▏? \(\d+\)[\s\S]*Orbital Kitchen/);
      tmux.keys('Enter');
      await tmux.waitFor(/Search: orbital \(\d+\)/);
      tmux.keys('Enter');
      await tmux.waitFor((pane) => /Season 2/.test(pane) && /^Season 1/m.test(detailsColumn(pane, '\n')));
      tmux.keys('l', 'Enter');

      // The first episode holds inside its intro: the status bar offers to skip it, and s does (no stop).
      await tmux.waitFor((pane) => /Skip intro \(s\)/.test(statusBar(pane)), 60_000);
      tmux.keys('s');
      await tmux.waitFor(/skipped the intro \(to 0:10\)/);
      assert.equal(logLines(home, 'seek '), [logLines(home, 'seek ')[0] ?? 'no seek'], 'one seek');
      assert.match(logLines(home, 'seek ')[0] ?? '', /seek 100(0\d|1\d)$/, 'to the intro marker\'s end (10.0 s of the 40 s clip)');
      assert.is(logLines(home, 'stopped').length, 0, 's skipped the intro; it did not stop the player');

      // Its credits (from 34 s): the countdown runs out at 44 s and the second episode starts, the first never ended.
      await tmux.waitFor(() => logLines(home, 'launch 2').length > 0, 60_000);
      assert.match(logLines(home, 'launch ').join('\n'), /launch 2 .*Zero-G Soufflé/);
      const stoppedAt = Number(/stopped at (\d+)/.exec(logLines(home, 'stopped at')[0] ?? '')?.[1]);
      assert.ok(stoppedAt >= 44_000 && stoppedAt < 60_000, `the first episode was left at the countdown's end, not played to 100 s: ${stoppedAt}`);
      assert.is(logLines(home, 'ended ').length, 0);

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
      const launchesBefore = logLines(home, 'launch ').length;
      tmux.keys('Enter');
      await tmux.waitFor(playing(/3\/3 S1E3 Hydroponic Harvest/), 60_000);
      assert.is(logLines(home, 'launch ').length, launchesBefore + 1);
      assert.is(logLines(home, 'ended ').length, 1, 'only the one the test ended ended');

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
