// The real TUI in tmux on the demo: Home shows the server's hubs (GET /hubs) grouped, a hub's item plays and its heading
// opens all of it; f offers Movies' real filters and sorts (genre, unplayed, year) and its collections, each listed as the server answers.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { demoContainer, type MetadataJson } from '../helpers/demoServer.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { fakePlayerPlugin } from '../helpers/playCli.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

/** The list pane's rows (the middle pane), trimmed, in order. */
function listRows(pane: string): string[] {
  return pane
    .split('\n')
    .map((line) => line.split('│'))
    .filter((cells) => cells.length >= 5)
    .map((cells) => (cells[3] ?? '').trim())
    .filter((row) => row !== '');
}

/** What the demo answers, asked of a demo of its own: the catalogue is the same in every demo server. */
async function expected(): Promise<{ hubs: string[]; horror: MetadataJson[]; unplayed: MetadataJson[] }> {
  const server = await startDemoServer({});
  try {
    const hubs = ((await demoContainer(server, '/hubs')).MediaContainer.Hub ?? []) as unknown as { title: string }[];
    const genres = (await demoContainer(server, '/library/sections/1/genre')).MediaContainer.Directory ?? [];
    const horror = genres.find((genre) => genre.title === 'Horror');
    const byYear = async (query: string) => (await demoContainer(server, `/library/sections/1/all?${query}&sort=year:desc`)).MediaContainer.Metadata ?? [];
    return { hubs: hubs.map((hub) => hub.title), horror: await byYear(`genre=${horror?.key ?? ''}`), unplayed: await byYear('unwatched=1') };
  } finally {
    await server.close();
  }
}

/** The row titles, without markers, year and length. */
function rowTitles(pane: string): string[] {
  return listRows(pane).map((row) => row.replace(/^[✓◐●⚑\s]+/, '').replace(/\s{2,}.*$/, ''));
}

/** f, then `typed` into the menu and Enter: the list is titled `title` and shows `items`, in order. */
async function choose(tmux: TmuxSession, typed: string, title: string, items: readonly MetadataJson[]): Promise<void> {
  tmux.keys('f');
  await tmux.waitFor(/Filter Movies/);
  tmux.type(typed);
  await tmux.waitFor(`› ${typed}`);
  tmux.keys('Enter');
  await tmux.waitFor(`─ ${title}`);
  const pane = await tmux.waitFor((text) => listRows(text).length >= items.length);
  assert.equal(rowTitles(pane).slice(0, items.length), items.map((item) => item.title));
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eHomeFilters');
} else {
  test('Home lists the server\'s hubs and plays from them; f filters and sorts Movies as the server offers, and opens its collections', async () => {
    const { hubs, horror, unplayed } = await expected();
    assert.ok(hubs.length >= 5 && horror.length >= 2 && unplayed.length >= 2);
    const folder = await makeTempFolder('plexterm-tui-home-');
    const home = join(folder.path, 'home');
    const plugins = join(folder.path, 'plugins');
    await mkdir(join(home, 'config'), { recursive: true });
    await writeFile(join(home, 'config', 'config.json'), JSON.stringify({ player: 'fake' }));
    await writePlugin(plugins, fakePlayerPlugin);
    const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --plugins-dir ${plugins} 2>${join(folder.path, 'stderr')}; sleep 60`;
    const tmux = TmuxSession.start({ command, width: 120, height: 40, cwd: repository, environment: { TERM: 'tmux-256color' } });
    try {
      await tmux.waitFor(/─ Continue Watching \(3\)/);
      // Home, above the usual three: every hub the server sends, each heading followed by its items.
      tmux.keys('k');
      let pane = await tmux.waitFor(/─ Home \(\d+\)/);
      const headings = listRows(pane).filter((row) => row.startsWith('▸'));
      assert.equal(headings.map((row) => row.replace(/^▸ /, '').replace(/ \(\d+\+?\).*$/, '')), hubs.slice(0, headings.length), pane);
      assert.ok(headings.some((row) => /Recently Added Movies \(12\+\)/.test(row)), pane);
      assert.equal(rowTitles(pane).slice(0, 4), ['▸ Continue Watching (3)', 'Charade', 'Nosferatu', 'S2E1 Re-entry Roast']);
      tmux.keys('l');
      pane = await tmux.waitFor(/A hub: Enter lists all of it/);
      assert.match(pane, /Charade · Nosferatu ·/);
      // An item of a hub plays like any other.
      tmux.keys('j');
      await tmux.waitFor(/In Paris, a widow/);
      tmux.keys('p');
      await tmux.waitFor(/playing \d+:\d+/);
      tmux.keys('s');
      await tmux.waitFor(/playback stopped/);
      // A heading opens the hub's whole listing, its key: more than the 12 Home shows.
      const movieHeading = listRows(tmux.capture()).findIndex((row) => row.includes('▸ Recently Added Movies'));
      assert.ok(movieHeading > 0);
      tmux.keys('g', ...Array.from({ length: movieHeading }, () => 'j'), 'Enter');
      pane = await tmux.waitFor(/─ Home › Recently Added Movies \((\d+)\)/);
      const total = Number(/─ Home › Recently Added Movies \((\d+)\)/.exec(pane)?.[1]);
      assert.ok(total > 12, `the hub's key lists all of them: ${total}`);

      // Movies, and its filter menu: the server's own filters and sorts.
      tmux.keys('h', 'g', 'j', 'j', 'j', 'j');
      await tmux.waitFor(/─ Movies \(\d+\)/);
      tmux.keys('f');
      pane = await tmux.waitFor(/Filter Movies/);
      for (const choice of ['All items', 'Collections', 'Genre…', 'Year…', 'Content Rating…', 'Studio…', 'Unplayed', 'by Title ↑', 'by Year ↓', 'by Date Added ↓']) assert.ok(pane.includes(choice), `the menu offers ${choice}:\n${pane}`);
      tmux.type('genre');
      await tmux.waitFor(/› genre/);
      tmux.keys('Enter');
      await tmux.waitFor(/Movies: Genre[\s\S]*Science Fiction/);
      tmux.type('horror');
      await tmux.waitFor(/› horror/);
      tmux.keys('Enter');
      await tmux.waitFor(new RegExp(`─ Movies · Genre: Horror \\(${horror.length}\\)`));
      // Sorted by year, newest first: the rows are the server's answer to genre=…&sort=year:desc.
      await choose(tmux, 'by year', `Movies · Genre: Horror · by Year ↓ (${horror.length})`, horror);
      // Unplayed replaces the genre and keeps the order.
      await choose(tmux, 'unplayed', `Movies · Unplayed · by Year ↓ (${unplayed.length})`, unplayed);
      // Collections: a listing of the section's collections, each opening what it holds.
      tmux.keys('f');
      await tmux.waitFor(/Filter Movies/);
      tmux.type('collections');
      await tmux.waitFor(/› collections/);
      tmux.keys('Enter');
      pane = await tmux.waitFor(/─ Movies › Collections \(2\)[\s\S]*Midnight Horror/);
      assert.match(pane, /Silent Era/);
      tmux.keys('Enter');
      pane = await tmux.waitFor(/─ Movies › Collections › Silent Era \(4\)[\s\S]*Metropolis/);
      for (const title of ['The Kid', 'Nosferatu', 'The General']) assert.ok(pane.includes(title), `${title} is in Silent Era:\n${pane}`);
      tmux.keys('BSpace');
      await tmux.waitFor(/─ Movies › Collections \(2\)/);
    } finally {
      tmux.kill();
      await folder.remove();
    }
  });
}

test.run();
