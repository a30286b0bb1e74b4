// CLI tables with the demo's World Cinema (CJK, Arabic, emoji, combining accents, a 300-character title, escapes) at 80 and 200 columns: every row keeps its columns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration } from '../../src/base/humanFormat.js';
import { displayTitle } from '../../src/cli/commands/itemDisplay.js';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import type { PlexMetadata } from '../../src/plex/models.js';
import { cleanEnvironment, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { assertPlainLines, columnOf, columnText } from '../helpers/displayColumns.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

let demo: DemoServer;
let home: TempFolder;
const worldCinema = '5';

test.before(async () => {
  demo = await startDemoServer();
  home = await makeTempFolder();
  const items = parse<PlexMetadata[]>(await plexterm(200, 'ls', worldCinema, '--json'));
  const pinned = items.filter((item) => /^(七人の侍|👨‍👩‍👧|Night of the Day|The Terminal|باب)/.test(item.title));
  assert.is(pinned.length, 5);
  for (const item of pinned) {
    const result = await plexterm(200, 'cache', 'pin', item.ratingKey);
    assert.is(result.code, 0, result.stderr);
  }
});

test.after(async () => {
  await demo.close();
  await home.remove();
});

function plexterm(columns: number, ...args: string[]): Promise<CliResult> {
  return runMain(['--server', demo.url, '--token', demo.token, ...args], { env: cleanEnvironment(home.path, { COLUMNS: String(columns) }) });
}

function parse<T>(result: CliResult): T {
  assert.is(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as T;
}

/** The table's lines: all within `width`, none with a control character or U+FFFD. */
function tableLines(result: CliResult, width: number, what: string): string[] {
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.replace(/\n$/, '').split('\n');
  assertPlainLines(lines, width, what);
  return lines;
}

/** The demo's title with its OSC (ended by BEL or ST), CSI and C1 sequences, backspaces and bidi override taken out, written out here rather than with the code under test. */
function withoutEscapes(text: string): string {
  return text
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-9;]*[A-Za-z]|\u009b[0-9;]*[A-Za-z]/g, '')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e]/g, '');
}

/** `cell` is `expected`, or its start cut with an ellipsis. */
function assertCellShows(cell: string, expected: string, what: string): void {
  const whole = expected.replace(/\s+/g, ' ').trim();
  assert.ok(cell === whole || (cell.endsWith('…') && cell.length > 1 && whole.startsWith(cell.slice(0, -1))), `${what}: "${cell}" is not "${whole}" or its start`);
}

/** The hostile title shows as plain text: no OSC payload, no screen clear, blessed braces as they are. */
function assertHostileRowIsText(lines: readonly string[]): void {
  const row = lines.find((line) => line.includes('The Terminal'));
  assert.ok(row, 'the title with escapes is listed');
  assert.not.ok(row.includes('pwned') || row.includes('[2J') || row.includes('31m'), `no escape sequence left in ${row}`);
}

function assertItemTable(lines: readonly string[], items: readonly PlexMetadata[], width: number): void {
  const [header = '', ...rows] = lines;
  const keyEnd = columnOf(header, 'KEY') + 'KEY'.length;
  const type = columnOf(header, 'TYPE');
  const title = columnOf(header, 'TITLE');
  const year = columnOf(header, 'YEAR');
  const lengthEnd = columnOf(header, 'LENGTH') + 'LENGTH'.length;
  assert.ok(keyEnd > 0 && type > keyEnd && title > type && year > title && lengthEnd > year, `header columns at ${width}: ${header}`);
  items.forEach((item, index) => {
    const row = rows[index] ?? '';
    const what = `row ${index + 1} at ${width} columns`;
    assert.is(columnText(row, 0, keyEnd).trim(), item.ratingKey, `${what}: key`);
    for (const start of [type, title, year]) assert.is(columnText(row, start - 2, start), '  ', `${what}: two spaces before column ${start}: ${row}`);
    assert.is(columnText(row, type, title).trimEnd(), item.type, `${what}: type`);
    assertCellShows(columnText(row, title, year).trimEnd(), withoutEscapes(displayTitle(item)), `${what}: title`);
    assert.is(columnText(row, year, year + 4), item.year === undefined ? '    ' : String(item.year), `${what}: year`);
    assert.is(columnText(row, year + 4, lengthEnd).trim(), formatDuration(item.duration), `${what}: length`);
  });
}

for (const width of [80, 200]) {
  test(`ls of World Cinema keeps its columns at ${width} columns`, async () => {
    const items = parse<PlexMetadata[]>(await plexterm(width, 'ls', worldCinema, '--json'));
    assert.ok(items.some((item) => [...item.title].length === 300), 'the 300-character title is there');
    const lines = tableLines(await plexterm(width, 'ls', worldCinema), width, 'ls');
    assert.is(lines.length, items.length + 1);
    assertItemTable(lines, items, width);
    assertHostileRowIsText(lines);
    assert.ok(lines.some((line) => line.includes('{red-fg}Escape{/}')), 'braces are plain text on the command line');
    assert.ok(lines.some((line) => line.includes('Night of the Day') && line.includes('…')), 'the long title is cut with an ellipsis');
  });

  test(`search keeps its columns at ${width} columns`, async () => {
    // "day": His Girl Friday (Movies), the 300-character title and Around the World in 80 Days 🎈.
    const items = parse<PlexMetadata[]>(await plexterm(width, 'search', 'day', '--json'));
    assert.ok(items.some((item) => [...item.title].length === 300) && items.some((item) => item.title.startsWith('🌍')), 'World Cinema is among the results');
    const lines = tableLines(await plexterm(width, 'search', 'day'), width, 'search');
    assertItemTable(lines, items, width);
  });

  test(`cache ls keeps its columns at ${width} columns`, async () => {
    const snapshots = parse<CacheEntrySnapshot[]>(await plexterm(width, 'cache', 'ls', '--json'));
    assert.is(snapshots.length, 5);
    const [header = '', ...rows] = tableLines(await plexterm(width, 'cache', 'ls'), width, 'cache ls');
    const title = columnOf(header, 'TITLE');
    const state = columnOf(header, 'STATE');
    const cached = columnOf(header, 'CACHED');
    assert.ok(title > 0 && state > title, header);
    // At 200 columns there is room for every column; at 80 the key (what `cache evict` takes) stays whole and later columns give way.
    if (width === 200) assert.ok(cached > state && header.includes('LAST USED'), header);
    snapshots.forEach((snapshot, index) => {
      const row = rows[index] ?? '';
      assert.is(columnText(row, 0, title).trimEnd(), snapshot.key, `row ${index + 1}: key`);
      for (const start of [title, state]) assert.is(columnText(row, start - 2, start), '  ', `row ${index + 1}: two spaces before column ${start}: ${row}`);
      assertCellShows(columnText(row, title, state).trimEnd(), withoutEscapes(snapshot.title), `row ${index + 1}: title`);
      assert.is(columnText(row, state, state + snapshot.state.length), snapshot.state, `row ${index + 1}: state`);
    });
    assertHostileRowIsText(rows);
  });
}

test.run();
