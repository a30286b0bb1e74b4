// The real TUI in tmux at 80×24 and 200×50 on the demo's World Cinema: CJK, Arabic, emoji, accents, a 300-character title and escapes keep every border in its column.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth } from '../../src/base/displayWidth.js';
import { placeGraphemes } from '../helpers/displayColumns.js';
import { makeTempFolder } from '../helpers/tempFolder.js';
import { hasTmux, TmuxSession } from '../helpers/tmuxSession.js';
import { requireMissingProgram } from '../helpers/requiredProgram.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The grapheme at each display column of each line (a wide one at its first column, '' at its second). */
function grid(lines: readonly string[]): string[][] {
  return lines.map((line) => {
    const cells: string[] = [];
    for (const placed of placeGraphemes(line)) {
      cells[placed.column] = placed.text;
      for (let extra = 1; extra < placed.width; extra += 1) cells[placed.column + extra] = '';
    }
    return cells;
  });
}

/** Every framed box on the screen: its corners found, or the test fails saying which corner is missing. */
function boxes(cells: readonly string[][]): Box[] {
  const found: Box[] = [];
  cells.forEach((row, top) => {
    row.forEach((cell, left) => {
      if (cell !== '┌') return;
      const right = row.findIndex((other, column) => column > left && other === '┐');
      assert.ok(right > left, `the box at row ${top}, column ${left} has a top-right corner on its row`);
      const bottom = cells.findIndex((other, line) => line > top && other[left] === '└');
      assert.ok(bottom > top, `the box at row ${top}, column ${left} has a bottom-left corner below it`);
      assert.is(cells[bottom]?.[right], '┘', `the box at row ${top}, column ${left} ends at column ${right} on its bottom row`);
      found.push({ top, bottom, left, right });
    });
  });
  return found;
}

/**
 * `pattern` shows and every box on the screen is whole. blessed writes a frame in one go, but tmux may
 * show it half applied (an overlay's top border before its bottom one), so a capture that matched on a
 * title alone could be judged mid-draw; the full checks of assertFrame still follow.
 */
function drawnWith(pattern: RegExp): (pane: string) => boolean {
  return (pane) => {
    if (!pattern.test(pane)) return false;
    try {
      boxes(grid(pane.replace(/\n$/, '').split('\n')));
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * The whole screen is right: `height` rows none wider than `width`, no U+FFFD, and every box's side
 * borders sit in their columns on every row (where an overlay opened later does not cover them).
 */
function assertFrame(pane: string, width: number, height: number, what: string): void {
  const lines = pane.replace(/\n$/, '').split('\n');
  assert.is(lines.length, height, `${what}: ${height} rows`);
  lines.forEach((line, row) => {
    assert.ok(displayWidth(line) <= width, `${what}: row ${row} is ${displayWidth(line)} columns wide:\n${pane}`);
    assert.not.ok(line.includes('\ufffd'), `${what}: row ${row} holds U+FFFD:\n${pane}`);
  });
  const cells = grid(lines);
  const framed = boxes(cells);
  assert.ok(framed.length >= 3, `${what}: the sidebar, list and details are framed`);
  for (const box of framed) {
    const covered = (row: number, column: number) =>
      framed.some((other) => other !== box && other.top > box.top && row >= other.top && row <= other.bottom && column >= other.left && column <= other.right);
    for (let row = box.top + 1; row < box.bottom; row += 1) {
      for (const column of [box.left, box.right]) {
        if (covered(row, column)) continue;
        assert.is(cells[row]?.[column], '│', `${what}: the border of the box at row ${box.top}, column ${box.left} is in column ${column} on row ${row}:\n${pane}`);
      }
    }
  }
  assert.match(lines[height - 1] ?? '', /\? help\s*$/, `${what}: the status bar is the last row`);
}

/** The text of the rightmost box (the details pane) on each row. */
function detailsRows(pane: string): string[] {
  return pane.split('\n').map((line) => line.split('│')).filter((parts) => parts.length >= 3).map((parts) => parts[parts.length - 2] ?? '');
}

async function browseWorldCinema(width: number, height: number): Promise<void> {
  const folder = await makeTempFolder('plexterm-tui-wide-');
  const home = join(folder.path, 'home');
  await mkdir(join(home, 'config'), { recursive: true });
  await writeFile(join(home, 'config', 'config.json'), JSON.stringify({}));
  const command = `${process.execPath} --import tsx src/main/entry.ts --home ${home} --demo --no-plugins 2>${join(folder.path, 'stderr')}; sleep 60`;
  const tmux = TmuxSession.start({ command, width, height, cwd: repository, environment: { TERM: 'tmux-256color' } });
  const at = `${width}×${height}`;
  try {
    await tmux.waitFor(/Continue Watching \(3\)/);
    // Home's three hubs, then Movies, TV Shows, Music, Cache Lab and World Cinema.
    tmux.keys('j', 'j', 'j', 'j', 'j', 'j', 'j');
    await tmux.waitFor(/─ World Cinema \(15\)/);
    tmux.keys('Enter');
    // The first title, Japanese, with its summary wrapped in the details pane.
    let pane = await tmux.waitFor(drawnWith(/戦国時代/));
    assertFrame(pane, width, height, `${at} 七人の侍`);
    for (const title of ['千と千尋の神隠し', '기생충', 'باب الحديد', '🌍 Around the World', '👨‍👩‍👧 万引き家族', '🇯🇵 タンポポ', 'Le Fabuleux Destin d', 'Cle\u0301o de 5 a\u0300 7', ...(width >= 200 ? ['d\u2019Ame\u0301lie Poulain'] : [])]) {
      assert.ok(pane.includes(title), `${at}: the list shows ${title}:\n${pane}`);
    }
    // Down to the 300-character title: cut with an ellipsis in the list and in the details heading.
    tmux.keys('G', 'k');
    pane = await tmux.waitFor(drawnWith(/A zombie parody/));
    assertFrame(pane, width, height, `${at} the 300-character title`);
    const long = pane.split('\n').filter((line) => line.includes('Night of the Day'));
    assert.ok(long.length >= 2 && long.every((line) => /Night of the Day[^│]*…/.test(line)), `${at}: the long title ends with an ellipsis wherever it is cut:\n${pane}`);
    assert.match(detailsRows(pane)[0] ?? '', /…\s*$/, `${at}: the details heading is cut with an ellipsis`);
    // The title with escapes: shown as text, the window title untouched, blessed tags not parsed.
    tmux.keys('j');
    pane = await tmux.waitFor(drawnWith(/A traveller/));
    assertFrame(pane, width, height, `${at} the title with escapes`);
    assert.not.ok(/pwned|\[2J|31m/.test(pane), `${at}: no escape sequence shows or acts:\n${pane}`);
    assert.not.match(tmux.tmux('display-message', '-p', '-t', 'tui', '#{pane_title}'), /pwned/);
    assert.ok(pane.includes('The Terminal {red-fg}'), `${at}: blessed tag syntax in a title is text`);
    assert.not.match(tmux.captureWithEscapes(), /\u001b\[(31|91|38;5;(1|9|196))m[^\n]*Escape/, `${at}: the title is not painted red`);
    // The ZWJ family: the emoji and the Japanese after it.
    tmux.keys('g', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    pane = await tmux.waitFor(drawnWith(/東京の下町/));
    assertFrame(pane, width, height, `${at} 👨‍👩‍👧 万引き家族`);
    // Kept offline, the cache panel lists it by its title.
    tmux.keys('o');
    await tmux.waitFor(/⚑ 👨‍👩‍👧/);
    tmux.keys('C');
    pane = await tmux.waitFor(drawnWith(/Cache — 1 entry/));
    assert.ok(pane.split('\n').some((line) => line.includes('⚑') && line.includes('万引き家族')), `${at}: the cache panel row names the title:\n${pane}`);
    assertFrame(pane, width, height, `${at} the cache panel`);
    tmux.keys('C');
    await tmux.waitFor((text) => !text.includes('Cache — 1 entry'));
    tmux.keys('?');
    pane = await tmux.waitFor(drawnWith(/Keys \(type to filter/));
    assertFrame(pane, width, height, `${at} the key help`);
    tmux.keys('Escape');
    await tmux.waitFor((text) => !text.includes('Keys (type to filter'));
    tmux.keys(':');
    pane = await tmux.waitFor(drawnWith(/Command palette[\s\S]*move up/));
    assertFrame(pane, width, height, `${at} the palette`);
    tmux.type('漢字🌍');
    pane = await tmux.waitFor(drawnWith(/› 漢字🌍/));
    assertFrame(pane, width, height, `${at} the palette with wide text typed`);
  } finally {
    tmux.kill();
    await folder.remove();
  }
}

if (!hasTmux()) {
  requireMissingProgram('tmux', 'tui/e2eWideText');
} else {
  test('World Cinema in the TUI at 80×24: every border in its column, long titles cut with an ellipsis, escapes shown as text', () => browseWorldCinema(80, 24));
  test('World Cinema in the TUI at 200×50: every border in its column, long titles cut with an ellipsis, escapes shown as text', () => browseWorldCinema(200, 50));
}

test.run();
