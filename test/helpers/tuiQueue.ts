// What the TUI queue tests share: a player plugin's log, running a fixture command from the palette, the demo's
// Orbital Kitchen season 1 opened in the details pane, and the TUI started in tmux with a fixture player plugin.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePlugin, type FixturePlugin } from './extensionFixtures.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';
import * as assert from 'uvu/assert';
import { detailsColumn, waitForFile } from './tuiPane.js';
import { TmuxSession } from './tmuxSession.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** The fixture commands a queue player plugin contributes: the test ends the entry that plays, or goes back one. */
export const fixtureQueueCommands = [
  { command: 'fixture.endItem', title: 'End the item that plays', category: 'Fixture' },
  { command: 'fixture.previous', title: 'Back to the previous entry', category: 'Fixture' },
];

/** The lines of plugins.log under `home` that hold `text`. */
export function pluginLogLines(home: string, text: string): string[] {
  const path = join(home, 'log', 'plugins.log');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(text)) : [];
}

/** Runs a fixture command through the palette, as a person would, and waits for the status bar to say it ran. */
export async function runFromPalette(tmux: TmuxSession, typed: string, done: RegExp): Promise<void> {
  tmux.keys(':');
  await tmux.waitFor('Command palette');
  tmux.type(typed);
  await tmux.waitFor(new RegExp(`Fixture: ${typed}`, 'i'));
  tmux.keys('Enter');
  await tmux.waitFor(done);
}

export interface QueueTui {
  folder: TempFolder;
  home: string;
  tmux: TmuxSession;
  /** The file the TUI's exit code is written to, and its stderr's. */
  exitFile: string;
  stderrFile: string;
  /** Quits with q and checks that the TUI exited 0 with nothing on stderr. */
  quitCleanly(): Promise<void>;
  close(): Promise<void>;
}

/** The demo TUI in a 180×36 tmux pane with `plugin` and `{ player }` in its config: the plugin plays everything. */
export async function startQueueTui(prefix: string, plugin: FixturePlugin, player: string): Promise<QueueTui> {
  const folder = await makeTempFolder(prefix);
  const home = join(folder.path, 'home');
  const plugins = join(folder.path, 'plugins');
  await mkdir(join(home, 'config'), { recursive: true });
  await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player }));
  await writePlugin(plugins, plugin);
  const exitFile = join(folder.path, 'exit');
  const stderrFile = join(folder.path, 'stderr');
  const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${stderrFile}; echo EXIT=$? > ${exitFile}; sleep 60`;
  // Wide enough for the details pane's widest (60 columns): its lines are cut to it, never wrapped.
  const tmux = TmuxSession.start({ command, width: 180, height: 36, cwd: repository, environment: { TERM: 'tmux-256color' } });
  return {
    folder, home, tmux, exitFile, stderrFile,
    async quitCleanly() {
      tmux.keys('q');
      assert.is((await waitForFile(exitFile, 15_000)).trim(), 'EXIT=0');
      assert.is(readFileSync(stderrFile, 'utf8'), '');
    },
    async close() {
      tmux.kill();
      await folder.remove();
    },
  };
}

/** Searches for Orbital Kitchen, opens it and moves to the details pane with Season 1 in it (Enter there plays the season). */
export async function openOrbitalSeason(tmux: TmuxSession): Promise<void> {
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
  tmux.keys('l');
}
