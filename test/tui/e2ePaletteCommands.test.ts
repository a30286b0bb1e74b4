// Every bundled plugin command from the palette in a real terminal (tmux): each acts on the selected item, is offered only where it applies, and fails nowhere.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { cleanEnvironment, runCli } from '../helpers/cli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** Writes every context it is run with to a file, so the test sees what crossed to the plugin. */
function recorderPlugin(file: string) {
  return {
    name: 'recorder',
    manifest: { contributes: { commands: [{ command: 'recorder.record', title: 'Record the invocation context', category: 'Recorder', when: 'itemSelected' }] } },
    code: `import { appendFileSync } from 'node:fs';
export function activate(context) {
  context.subscriptions.push(context.api.commands.register('recorder.record', (...args) => {
    appendFileSync(${JSON.stringify(file)}, JSON.stringify(args) + '\\n');
    return 'recorded';
  }));
}`,
  };
}

/** The file's text once it matches `pattern`. */
async function waitForText(path: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${path} shows nothing matching ${pattern} after ${timeoutMs} ms; it holds:\n${text.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The palette's rows that `filter` leaves, read from the pane (the overlay's framed rows). */
async function paletteRows(tmux: TmuxSession, filter: string, expected: RegExp): Promise<string> {
  tmux.keys(':');
  await tmux.waitFor('Command palette');
  tmux.type(filter);
  return tmux.waitFor(expected);
}

/** Whether the cache panel's row of `title` ("│⚑ ready   ████ … Show — title") is pinned; undefined when there is no row. */
function pinnedInCachePanel(pane: string, title: string): boolean | undefined {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = new RegExp(`│([⚑ ]) (?:new|probing|sized|ready|failed|stored|evicted)\\s.*${escaped}`).exec(pane);
  return row ? row[1] === '⚑' : undefined;
}

const season2 = ['Re-entry Roast', 'Lunar Leftovers', 'The Last Rocket'];
const season1 = ['Freeze-Dried Beginnings', 'Zero-G Soufflé', 'Hydroponic Harvest'];

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2ePaletteCommands');
} else {
  test('every bundled palette command acts on the selected episode; commands that need a season or show are hidden elsewhere', async () => {
    const folder = await makeTempFolder('plexterm-palette-');
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    // In the recorder's storage folder: the sandboxed plugin may write nowhere else.
    const recorded = join(home, 'data', 'plugin-storage', 'recorder', 'recorded.jsonl');
    await mkdir(join(home, 'config'), { recursive: true });
    const customPlayers = { players: [{ id: 'echo-player', title: 'Echo', command: ['true', '{url}'] }] };
    const keybindings = [{ key: 'ctrl+r', command: 'recorder.record' }];
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ plugins: { 'custom-player': customPlayers }, keybindings }));
    await writePlugin(plugins, recorderPlugin(recorded));
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const tuiLog = join(home, 'log', 'tui.log');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 160, height: 45, cwd: repository, environment: { TERM: 'xterm-256color' } });
    /** Runs the palette entry `title` (typed as its filter) and waits for the status message its result makes. */
    const run = async (filter: string, title: RegExp, done: RegExp) => {
      await paletteRows(tmux, filter, title);
      tmux.keys('Enter');
      return waitForText(tuiLog, done);
    };
    try {
      await tmux.waitFor(/Continue Watching \(3\)/);
      // The palette lists plugin commands once their manifests are read (in the background, after the first frame).
      await waitForText(tuiLog, /plugins: \d+ read, their \d+ commands in the palette/);
      // Sidebar: Continue Watching → On Deck → Recently Added → Movies → TV Shows.
      tmux.keys('j', 'j', 'j');
      await tmux.waitFor(/─ Movies \(\d+\)/);
      tmux.keys('Enter');
      await tmux.waitFor(/Media: .*mkv/);
      // A movie selected: only what needs no season or show is offered.
      const onMovie = await paletteRows(tmux, 'offline', /Offline: Show the progress/);
      assert.not.match(onMovie, /Keep this season|Keep this show|Stop keeping/);
      tmux.keys('Escape');
      await tmux.waitFor((pane) => !pane.includes('Command palette'));

      tmux.keys('h', 'j');
      await tmux.waitFor(/─ TV Shows \(2\)/);
      tmux.keys('Enter');
      await tmux.waitFor(/TV Shows \(2\)[\s\S]*Orbital Kitchen/);
      // A show selected: keep the show, but not "this season".
      const onShow = await paletteRows(tmux, 'offline', /Offline: Keep this show offline/);
      assert.not.match(onShow, /Keep this season/);
      tmux.keys('Escape');
      await tmux.waitFor((pane) => !pane.includes('Command palette'));

      tmux.keys('Enter');
      await tmux.waitFor(/› Orbital Kitchen \(2\)/);
      tmux.keys('j', 'Enter');
      await tmux.waitFor(/› Season 2 \(3\)/);
      await tmux.waitFor(/Re-entry Roast[\s\S]*Media: /);
      const offered = await paletteRows(tmux, 'offline', /Stop keeping/);
      for (const title of ['Keep this season offline', 'Keep this show offline', 'Show the progress of what is kept offline', 'Stop keeping this season or show offline']) {
        assert.match(offered, new RegExp(`Offline: ${title}`));
      }
      tmux.keys('Escape');
      await tmux.waitFor((pane) => !pane.includes('Command palette'));
      tmux.keys('C');
      await tmux.waitFor(/Cache — \d+ entr/);

      // The context the plugin gets from the palette: the same item `plexterm run` would look up, plus the focus and the listing.
      await run('record the invocation', /Recorder: Record the invocation context/, /Recorder: Record the invocation context: "recorded"/);
      const [fromPalette] = JSON.parse((await waitForText(recorded, /\n/)).split('\n')[0] ?? '') as [{ item: unknown }];
      assert.equal({ ...fromPalette, item: undefined }, { kind: 'commandContext', source: 'palette', focus: 'list', listingKey: '/library/metadata/124/children', item: undefined });
      // A key bound to a plugin command: the same context, from the key binding, in the pane that has the focus.
      tmux.keys('l', 'C-r');
      const [fromKey] = JSON.parse((await waitForText(recorded, /\n.*\n/)).split('\n')[1] ?? '') as [{ item: unknown }];
      assert.equal(fromKey, { ...fromPalette, source: 'keybinding', focus: 'details' });
      tmux.keys('h');

      await run('keep this season', /Offline: Keep this season offline/, /Offline: Keep this season offline: \{"ratingKey":"124"/);
      assert.match(readFileSync(tuiLog, 'utf8'), /message: \[offline\] Keeping 3 episodes of Orbital Kitchen — Season 2 offline/);
      await tmux.waitFor((pane) => season2.every((title) => pinnedInCachePanel(pane, title) === true));

      await run('keep this show', /Offline: Keep this show offline/, /Offline: Keep this show offline: \{"ratingKey":"116"/);
      assert.match(readFileSync(tuiLog, 'utf8'), /message: \[offline\] Keeping 6 episodes of Orbital Kitchen offline/);
      await tmux.waitFor((pane) => [...season1, ...season2].every((title) => pinnedInCachePanel(pane, title) === true));

      await run('show the progress', /Offline: Show the progress/, /Offline: Show the progress of what is kept offline: \[/);
      const progress = readFileSync(tuiLog, 'utf8').split('\n').find((line) => line.includes('message: [offline] Orbital Kitchen')) ?? '';
      assert.match(progress, /Orbital Kitchen — Season 2: \d of 3 episodes offline/);
      assert.match(progress, /Orbital Kitchen: \d of 6 episodes offline/);

      // The episode's kept season first (its episodes stay pinned: the show is kept), then the show.
      await run('stop keeping', /Offline: Stop keeping/, /Offline: Stop keeping this season or show offline: \{"ratingKey":"124","unpinned":0\}/);
      await run('stop keeping', /Offline: Stop keeping/, /Offline: Stop keeping this season or show offline: \{"ratingKey":"116","unpinned":6\}/);
      await tmux.waitFor((pane) => [...season1, ...season2].every((title) => pinnedInCachePanel(pane, title) === false));

      await run('list the custom', /Custom players: List the custom players/, /Custom players: List the custom players: \[\{"id":"echo-player"/);

      tmux.keys('q');
      assert.is((await waitForText(exitFile, /EXIT/, 30_000)).trim(), 'EXIT=0');
      const messages = readFileSync(tuiLog, 'utf8').split('\n').filter((line) => line.includes('message: '));
      assert.equal(messages.filter((line) => /failed|error|cannot/i.test(line)), [], 'no command failed');
      assert.is(readFileSync(stderrFile, 'utf8'), '');

      // The palette's item is what `plexterm run recorder.record 126` hands the plugin.
      const cli = await runCli(['--demo', '--plugins-dir', plugins, 'run', 'recorder.record', '126'], { env: cleanEnvironment(home) });
      assert.is(cli.code, 0, cli.stderr);
      const [fromCli] = JSON.parse(readFileSync(recorded, 'utf8').split('\n')[2] ?? '') as [{ source: string; item: unknown }];
      assert.is(fromCli.source, 'cli');
      assert.equal(fromPalette.item, fromCli.item);
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });
}

test.run();
