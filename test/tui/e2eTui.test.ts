// The real TUI in a real terminal (tmux): --demo, Movies, search, details, play through a fixture player to ready, stop it, palette, theme, 80×24, quit.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { fakePlayerPlugin } from '../helpers/playCli.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { detailsColumn, waitForFile } from '../helpers/tuiPane.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** A plugin command that runs a program on the terminal: the TUI must step aside, then come back. */
const terminalPlugin = {
  name: 'terminal-fixture',
  manifest: {
    contributes: {
      commands: [
        { command: 'fixture.shell', title: 'Run a shell on the terminal', category: 'Fixture' },
        { command: 'fixture.pick', title: 'Pick a fruit', category: 'Fixture' },
      ],
    },
  },
  code: `export function activate(context) {
  context.subscriptions.push(context.api.commands.register('fixture.shell', () =>
    context.api.terminal.run('sh', ['-c', 'echo ON-THE-TERMINAL; read line; exit 3'])));
  context.subscriptions.push(context.api.commands.register('fixture.pick', async () => {
    const chosen = await context.api.ui.showQuickPick([{ label: 'apple' }, { label: 'banana', description: 'yellow' }]);
    return chosen ? chosen.label : 'nothing';
  }));
}`,
};

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eTui');
} else {
  test('the TUI end to end in tmux: browse, search, details, play to ready, stop, palette, theme, 80×24, quit', async () => {
    const folder = await makeTempFolder('plexterm-tui-');
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    const keybindings = [{ key: 'ctrl+', command: 'plexterm.search' }, { key: 't', command: 'plexterm.help', when: 'cachePanelVisible' }];
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'fake', keybindings }));
    await writePlugin(plugins, fakePlayerPlugin);
    await writePlugin(plugins, terminalPlugin);
    const exitFile = join(folder.path, 'exit');
    const stderrFile = join(folder.path, 'stderr');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 100, height: 30, cwd: repository, environment: { TERM: 'tmux-256color' } });
    try {
      await tmux.waitFor(/Continue Watching \(3\)/);
      // Sidebar: Continue Watching → On Deck → Recently Added → (Libraries heading skipped) → Movies.
      tmux.keys('j', 'j', 'j');
      await tmux.waitFor(/─ Movies \(\d+\)/);
      tmux.keys('Enter');
      // Typed and accepted faster than the search waits for typing to stop: the query is searched all the same.
      tmux.keys('/');
      await tmux.waitFor('Search: ▏');
      tmux.type('nosfer');
      tmux.keys('Enter');
      await tmux.waitFor(/Search: nosfer \(1\)[\s\S]*Nosferatu/);
      tmux.keys('/');
      await tmux.waitFor('Search: ▏');
      tmux.type('charade');
      await tmux.waitFor(/Search: charade▏? \(1\)/);
      tmux.keys('Enter');
      const details = await tmux.waitFor(/Media: .*mkv/);
      assert.match(details, /Charade/);
      assert.match(details, /Resume at 0:06/);
      tmux.keys('P');
      const played = await tmux.waitFor((pane) => /ready/.test(pane) && /playing \d+:\d+/.test(pane));
      // The bundled now-playing plugin's status bar item.
      await tmux.waitFor(/▶ Charade \d+:\d+/);
      assert.match(detailsColumn(played), /Cache: (new → )?probing → sized → ready/);
      const pluginLog = readFileSync(join(home, 'log', 'plugins.log'), 'utf8');
      assert.match(pluginLog, /launch \{"url":"http:\/\/127\.0\.0\.1:\d+\/stream\//);
      // s stops the player: its stop() runs (the fixture logs it) and the details say so.
      tmux.keys('s');
      await tmux.waitFor(/playback stopped/);
      await tmux.waitFor((pane) => /Play: stopped|stopped/.test(detailsColumn(pane)));
      await waitForFile(join(home, 'log', 'plugins.log'), 10_000, /\bstopped\b/);
      tmux.keys(':');
      const palette = await tmux.waitFor('Command palette');
      assert.match(palette, /┌─ Command palette ─+┐/, 'the palette is framed, its title on the top border');
      tmux.type('theme');
      await tmux.waitFor(/pick a theme/);
      tmux.keys('Enter');
      await tmux.waitFor(/Theme\s/);
      tmux.type('light');
      await tmux.waitFor(/plexterm Light|Light/);
      tmux.keys('Enter');
      await tmux.waitFor(/theme: .*Light \(kept for next time\)/);
      tmux.keys('C-p');
      await tmux.waitFor('Command palette');
      tmux.type('run a shell');
      await tmux.waitFor(/Fixture: Run a shell on the terminal/);
      tmux.keys('Enter');
      const handedOver = await tmux.waitFor('ON-THE-TERMINAL');
      assert.not.match(handedOver, /┌─ Plex/);
      tmux.keys('Enter');
      await tmux.waitFor(/Fixture: Run a shell on the terminal: 3/);
      tmux.keys(':');
      await tmux.waitFor('Command palette');
      tmux.type('pick a fruit');
      await tmux.waitFor(/Fixture: Pick a fruit/);
      tmux.keys('Enter');
      await tmux.waitFor(/\[terminal-fixture\] choose[\s\S]*banana\s+yellow/);
      tmux.type('ban');
      tmux.keys('Enter');
      await tmux.waitFor(/Fixture: Pick a fruit: "banana"/);
      tmux.keys('?');
      await tmux.waitFor(/Keys \(type to filter/);
      tmux.type('quit');
      await tmux.waitFor(/\bq\s+quit/);
      tmux.keys('Escape');
      await tmux.waitFor((pane) => !pane.includes('Keys (type to filter'));
      tmux.resize(80, 24);
      await tmux.waitFor((pane) => {
        const lines = pane.split('\n').filter((line) => line !== '');
        return lines.length === 24 && lines[0]?.endsWith('┐') === true && [...(lines[0] ?? '')].length === 80;
      });
      tmux.keys('C');
      await tmux.waitFor(/Cache — \d+ entr/);
      tmux.keys('q');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      const after = await tmux.waitFor((pane) => !pane.includes('┌─ Plex'));
      assert.not.match(after, /Details/);
      assert.is(readFileSync(stderrFile, 'utf8'), '');
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });

  test('NO_COLOR: no colour at all, the selection shown by attributes; SIGHUP ends it with 0 and the screen put back', async () => {
    const folder = await makeTempFolder('plexterm-tui-nocolor-');
    const exitFile = join(folder.path, 'exit');
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${folder.path} --demo --no-plugins; echo EXIT=$? > ${exitFile}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 80, height: 24, cwd: repository, environment: { TERM: 'screen-256color', NO_COLOR: '1' } });
    try {
      await tmux.waitFor(/Continue Watching \(3\)/);
      const painted = tmux.captureWithEscapes();
      assert.not.match(painted, /\x1b\[[\d;]*(38|48);5;/);
      assert.match(painted, /\x1b\[7m/);
      // The empty cache panel's advice is wrapped to the panel at 80 columns, not cut.
      tmux.keys('C');
      const empty = await tmux.waitFor(/Cache — 0 entries/);
      const lines = empty.split('\n');
      const top = lines.findIndex((line) => line.includes('Cache — 0 entries'));
      // The panel's own column: its top-left corner (the sidebar beside it shows only its side there).
      const column = [...(lines[top] ?? '')].indexOf('┌');
      const panel = lines.slice(top + 1).map((line) => [...line].slice(column).join('')).join(' ');
      assert.match(panel.replace(/[│└┘─\s]+/g, ' '), /The cache is empty: play or keep an item offline \(o\) to fill it\./, empty);
      // SIGHUP (the SSH connection closed) ends it as q does.
      const [program] = tmux.paneChildren();
      assert.ok(program, 'the program runs in the pane');
      process.kill(program, 'SIGHUP');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      await tmux.waitFor((pane) => !pane.includes('┌─ Plex'));
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });
}

test.run();
