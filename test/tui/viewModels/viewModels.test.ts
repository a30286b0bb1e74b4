// The TUI's view models without a terminal: paging, the cursor, row markers, fuzzy filtering, cache rows, details, status, sidebar, picker, contexts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CacheEntrySnapshot } from '../../../src/cache/index.js';
import type { PlexMetadata } from '../../../src/plex/models.js';
import { containerSource, isContainer } from '../../../src/tui/state/browser.js';
import { neighbourPane, whenContextOf } from '../../../src/tui/state/focusState.js';
import { CacheSelection, cacheRow, cacheSummary, cacheWindow, isDownloading, sortedEntries } from '../../../src/tui/viewModels/cacheRows.js';
import { detailsLines, wrap } from '../../../src/tui/viewModels/detailsLines.js';
import { fit, formatBytesOrUnknown, formatDuration, blockProgressBar } from '../../../src/tui/viewModels/formatting.js';
import { fuzzyFilter, fuzzyScore } from '../../../src/tui/viewModels/fuzzy.js';
import { hubRows, isHubRow } from '../../../src/tui/viewModels/hubRows.js';
import { cacheKeyOf, itemTitle, rowMarkers, rowText, watchMarker } from '../../../src/tui/viewModels/itemRow.js';
import { ListCursor } from '../../../src/tui/viewModels/listCursor.js';
import { PagedItems } from '../../../src/tui/viewModels/pagedItems.js';
import { PickerModel } from '../../../src/tui/viewModels/picker.js';
import { nextSelectable, sidebarEntries } from '../../../src/tui/viewModels/sidebarEntries.js';
import { SignInModel } from '../../../src/tui/viewModels/signInModel.js';
import { connectionKindOf, statusParts } from '../../../src/tui/viewModels/statusLine.js';

const movie: PlexMetadata = {
  ratingKey: '101',
  key: '/library/metadata/101',
  type: 'movie',
  title: 'Charade',
  year: 1963,
  duration: 600_000,
  viewOffset: 360_000,
  summary: 'In Paris, a widow is pursued by several men who want the fortune her murdered husband stole.',
  updatedAt: 5,
  Media: [{ id: 1, videoResolution: '1080', videoCodec: 'h264', audioCodec: 'aac', container: 'mkv', Part: [{ id: 7, key: '/library/parts/7/1700/Charade.mkv', size: 2048, file: '/m/Charade.mkv' }] }],
};

function snapshot(overrides: Partial<CacheEntrySnapshot> = {}): CacheEntrySnapshot {
  return {
    key: 'machine/7/1700', title: 'Charade', state: 'ready', totalSize: 2048, downloadedBytes: 1024, complete: false, pinned: false,
    rangeSupport: true, bytesPerSecond: 0, streamUrl: null, error: null, lastAccess: 1, ...overrides,
  };
}

test('PagedItems fetches only the pages asked for, once each, and learns the total', async () => {
  const asked: number[] = [];
  let changes = 0;
  const items = new PagedItems<number>(async (start, size) => {
    asked.push(start);
    return { items: Array.from({ length: size }, (_, index) => start + index), totalSize: 100_000 };
  }, 100, () => (changes += 1));
  assert.is(items.totalSize, null);
  assert.is(items.item(5), undefined);
  await Promise.all([items.ensure(0, 30), items.ensure(10, 30)]);
  assert.equal(asked, [0]);
  assert.is(items.totalSize, 100_000);
  assert.is(items.item(42), 42);
  await items.ensure(99_990, 30);
  assert.equal(asked, [0, 99_900]);
  assert.is(items.item(99_999), 99_999);
  assert.is(items.loadedCount, 200);
  assert.is(changes, 2);
});

test('PagedItems splits an answer that was not paged, and keeps a failure as one line', async () => {
  const whole = new PagedItems<number>(async () => ({ items: Array.from({ length: 250 }, (_, index) => index), totalSize: 250 }), 100);
  await whole.ensure(0, 10);
  assert.is(whole.item(249), 249);
  await whole.ensure(200, 10);
  const failing = new PagedItems<number>(async () => Promise.reject(new Error('the server said 500')), 100);
  await failing.ensure(0, 10);
  assert.is(failing.error, 'the server said 500');
  assert.is(failing.totalSize, 0);
});

test('ListCursor keeps the selection in view and in range', () => {
  const cursor = new ListCursor();
  cursor.setHeight(10);
  cursor.setCount(100_000);
  cursor.toBottom();
  assert.is(cursor.selected, 99_999);
  assert.is(cursor.top, 99_990);
  cursor.pageUp();
  assert.is(cursor.selected, 99_990);
  cursor.move(-1);
  assert.is(cursor.top, 99_989);
  cursor.toTop();
  cursor.scroll(3);
  assert.is(cursor.top, 3);
  assert.is(cursor.selected, 3);
  assert.is(cursor.rowAtLine(2), 5);
  assert.is(cursor.rowAtLine(10), null);
  cursor.setCount(2);
  assert.is(cursor.selected, 1);
  assert.is(cursor.top, 0);
});

test('row markers: watched, partly watched, cached, pinned; cache keys as playback makes them', () => {
  assert.is(watchMarker(movie), 'partial');
  assert.is(watchMarker({ ...movie, viewOffset: 0, viewCount: 2 }), 'watched');
  assert.is(watchMarker({ ...movie, viewOffset: 0 }), 'unwatched');
  assert.is(watchMarker({ ...movie, type: 'show', leafCount: 6, viewedLeafCount: 6 }), 'watched');
  assert.is(watchMarker({ ...movie, type: 'show', viewOffset: 0, leafCount: 6, viewedLeafCount: 3 }), 'partial');
  assert.is(cacheKeyOf(movie, 'machine'), 'machine/7/1700');
  assert.is(cacheKeyOf(movie, null), null);
  assert.is(cacheKeyOf({ ...movie, Media: undefined }, 'machine'), null);
  assert.equal(rowMarkers(movie, snapshot({ pinned: true })), { watch: 'partial', cached: true, pinned: true });
  assert.equal(rowMarkers(movie, snapshot({ state: 'evicted' })), { watch: 'partial', cached: false, pinned: false });
  assert.is(itemTitle({ ...movie, type: 'episode', parentIndex: 2, index: 1, title: 'Re-entry' }), 'S2E1 Re-entry');
  const text = rowText(movie, 40);
  assert.is([...text].length, 40);
  assert.ok(text.startsWith('Charade'));
  assert.ok(text.endsWith('1963  10:00'));
});

test('fuzzy matching: every letter in order, word starts and runs first', () => {
  assert.is(fuzzyScore('xyz', 'pick a theme'), null);
  assert.ok((fuzzyScore('theme', 'pick a theme') ?? 0) > (fuzzyScore('theme', 'toggle the watched mark') ?? 0));
  const titles = ['go to the bottom', 'pick a theme', 'quit', 'Offline: keep the show'];
  assert.is(fuzzyFilter(titles, 'theme', (title) => title)[0], 'pick a theme');
  assert.equal(fuzzyFilter(titles, 'qt', (title) => title), ['quit']);
  assert.equal(fuzzyFilter(titles, '', (title) => title), titles);
  assert.equal(fuzzyFilter(titles, 'q', (title) => title)[0], 'quit');
});

test('formatting: durations, bytes, bars and widths', () => {
  assert.is(formatDuration(3_723_000), '1:02:03');
  assert.is(formatDuration(65_000), '1:05');
  assert.is(formatBytesOrUnknown(1536), '1.5 KiB');
  assert.is(formatBytesOrUnknown(null), '?');
  assert.is(blockProgressBar(0.5, 10), '█████░░░░░');
  assert.is(blockProgressBar(null, 4), '░░░░');
  assert.is(fit('abcdef', 4), 'abc…');
  assert.is(fit('ab', 4), 'ab  ');
});

test('cache rows: state, bar, bytes, rate and pin; pinned first; downloads counted', () => {
  const entries = [snapshot({ key: 'a', lastAccess: 5 }), snapshot({ key: 'b', pinned: true, lastAccess: 1 }), snapshot({ key: 'c', state: 'probing', totalSize: null, lastAccess: 9 })];
  assert.equal(sortedEntries(entries).map((entry) => entry.key), ['b', 'c', 'a']);
  const row = cacheRow(snapshot({ pinned: true, bytesPerSecond: 2 * 1024 * 1024 }), 90);
  assert.match(row, /^⚑ ready\s+█+░+ 1\.0 KiB \/ 2\.0 KiB\s+2\.0 MiB\/s\s+Charade/);
  assert.is([...row].length, 90);
  assert.ok(isDownloading(entries[2] as CacheEntrySnapshot));
  assert.not.ok(isDownloading(entries[0] as CacheEntrySnapshot));
  assert.is(cacheSummary(entries), 'Cache — 3 entries, 1 downloading, 3.0 KiB held');
});

test('details: title, facts, resume, summary, media and part, the cache states seen and the play', () => {
  const lines = detailsLines({ item: movie, snapshot: snapshot(), cacheStates: ['new', 'probing', 'sized', 'ready'], playback: 'playing 0:12 / 10:00', width: 40 });
  const text = lines.map((line) => line.text);
  assert.is(lines[0]?.style, 'detailsTitle');
  assert.is(text[0], 'Charade');
  assert.is(text[1], '1963 · 10:00 · movie');
  assert.ok(text.includes('Resume at 6:00 of 10:00'));
  assert.ok(text.includes('Media: 1080p · h264 · aac · mkv'));
  assert.ok(text.includes('Part: Charade.mkv (2.0 KiB)'));
  assert.ok(text.includes('Cache: new → probing → sized → ready'));
  assert.ok(text.some((line) => /^█+░+$/.test(line)));
  assert.is(text[text.length - 1], 'playing 0:12 / 10:00');
  const show = detailsLines({ item: { ...movie, type: 'show', Media: undefined, viewOffset: 0, leafCount: 4, viewedLeafCount: 1 }, snapshot: undefined, cacheStates: [], playback: null, width: 40 });
  assert.not.ok(show.some((line) => line.text.startsWith('Cache')));
  assert.ok(show.some((line) => line.text === '1 of 4 watched'));
  const failed = detailsLines({ item: movie, snapshot: snapshot({ state: 'failed', error: { code: 'unauthorized', message: 'the server refused the token', retryable: false } }), cacheStates: [], playback: 'failed: no player', width: 40 });
  assert.ok(failed.some((line) => line.style === 'error' && line.text === 'Cache failed: the server refused the token'));
  assert.equal(wrap('one two three four', 10), ['one two', 'three four']);
});

test('status: server and connection, offline, downloads, plugin items, message cut to fit', () => {
  const parts = statusParts({ serverName: 'Den', connection: 'local', offline: false, activeDownloads: 2, pluginItems: ['▶ Charade 0:12'], message: 'theme: Nord', width: 80 });
  assert.is(parts.left, ' Den (local) · ↓ 2 · theme: Nord');
  assert.is(parts.right, '▶ Charade 0:12  ? help ');
  const offline = statusParts({ serverName: 'Den', connection: 'remote', offline: true, activeDownloads: 0, pluginItems: [], message: 'x'.repeat(200), width: 40 });
  assert.ok(offline.left.startsWith(' OFFLINE · Den'));
  assert.ok([...offline.left].length + [...offline.right].length <= 40);
  const paused = statusParts({ serverName: 'Den', connection: 'local', offline: false, activeDownloads: 0, pausedDownloads: 1, pluginItems: [], message: null, width: 120 });
  assert.is(paused.left, ' Den (local) · caching paused: disk full (evict with x in the cache panel)');
  assert.is(connectionKindOf('http://127.0.0.1:32400'), 'local');
  assert.is(connectionKindOf('https://192-168-1-10.abc.plex.direct:32400'), 'local');
  assert.is(connectionKindOf('https://84-1-2-3.abc.plex.direct:32400'), 'remote');
  assert.is(connectionKindOf('https://1-2-3-4.abc.relay.plex.direct'), 'relay');
});

test('sidebar: Home (the server\'s hubs) and its usual three, then the libraries; the Libraries heading is skipped', () => {
  const entries = sidebarEntries([{ key: '1', title: 'Movies', type: 'movie' }, { key: '2', title: 'TV Shows', type: 'show' }]);
  assert.equal(entries.map((entry) => entry.label.trim()), ['Home', 'Continue Watching', 'On Deck', 'Recently Added', 'Libraries', 'Movies', 'TV Shows']);
  assert.equal(entries[0]?.source, { kind: 'home', title: 'Home' });
  assert.is(nextSelectable(entries, 3, 1), 5);
  assert.is(nextSelectable(entries, 5, -1), 3);
  assert.is(nextSelectable(entries, 1, -1), 0);
  assert.is(nextSelectable(entries, 0, -1), 0);
  assert.is(nextSelectable(entries, 6, 1), 6);
});

test('Home rows: a heading per hub (its count, + when the server has more, its first titles), then the hub\'s items; headings open the hub\'s key', () => {
  const movie = (ratingKey: string, title: string) => ({ ratingKey, key: `/library/metadata/${ratingKey}`, type: 'movie', title });
  const rows = hubRows([
    { title: 'Continue Watching', type: 'mixed', hubIdentifier: 'home.continue', key: '/hubs/continueWatching/items', size: 2, more: false, Metadata: [movie('1', 'Charade'), movie('2', 'Nosferatu')] },
    { title: 'Recently Added Movies', type: 'movie', hubIdentifier: 'home.movies.recent', key: '/hubs/home/recentlyAdded?type=1', size: 1, more: true, Metadata: [movie('3', 'The Kid')] },
    { title: 'Empty', type: 'movie' },
  ]);
  assert.equal(rows.map((row) => itemTitle(row)), ['▸ Continue Watching (2)', 'Charade', 'Nosferatu', '▸ Recently Added Movies (1+)', 'The Kid', '▸ Empty (0)']);
  assert.equal(rows.map((row) => isHubRow(row)), [true, false, false, true, false, true]);
  assert.is(rows[0]?.summary, 'Charade · Nosferatu');
  assert.ok(rows[0] && isContainer(rows[0]));
  assert.equal(containerSource(rows[3]!), { kind: 'listing', key: '/hubs/home/recentlyAdded?type=1', title: 'Recently Added Movies' });
  assert.equal(containerSource({ ratingKey: '198', key: '/library/collections/198/children', type: 'collection', title: 'Silent Era' }), { kind: 'listing', key: '/library/collections/198/children', title: 'Silent Era' });
  assert.equal(containerSource({ ratingKey: '116', key: '/library/metadata/116/children', type: 'show', title: 'Orbital Kitchen' }), { kind: 'children', ratingKey: '116', title: 'Orbital Kitchen' });
});

test('picker: typing filters, backspace widens, the selection follows', () => {
  const picker = new PickerModel('Theme', [
    { id: 'dark', label: 'plexterm Dark', detail: 'dark' },
    { id: 'light', label: 'plexterm Light', detail: 'light' },
    { id: 'nord', label: 'Nord', detail: 'dark' },
  ]);
  picker.cursor.move(2);
  assert.is(picker.selectedItem?.id, 'nord');
  picker.type('li');
  assert.equal(picker.filtered.map((item) => item.id), ['light']);
  assert.is(picker.selectedItem?.id, 'light');
  picker.deleteBackward();
  picker.deleteBackward();
  assert.is(picker.filtered.length, 3);
});

test('sign-in screen: menu by arrows or digits, the token masked, Esc back (cancelling a PIN), a failure shown over the menu', () => {
  const model = new SignInModel();
  assert.equal(model.press('down', undefined), { kind: 'none' });
  assert.is(model.selected, 1);
  model.press('enter', undefined);
  assert.is(model.mode, 'url');
  for (const character of 'http://den:32400') model.press(undefined, character);
  model.press('backspace', undefined);
  model.press(undefined, '1');
  model.press('enter', undefined);
  for (const character of 'secret') model.press(undefined, character);
  assert.ok(model.lines().includes('Token:      ••••••▏'));
  assert.not.ok(model.lines().join('\n').includes('secret'));
  assert.equal(model.press('enter', undefined), { kind: 'save', url: 'http://den:32401', token: 'secret' });
  model.failed('the server refused the token');
  assert.is(model.mode, 'menu');
  assert.ok(model.lines().includes('Could not sign in: the server refused the token'));
  assert.equal(model.press(undefined, '1'), { kind: 'pin' });
  model.pinShown('https://app.plex.tv/auth#?code=ABCD', 'ABCD');
  assert.ok(model.lines().includes('Code: ABCD'));
  assert.equal(model.press('escape', undefined), { kind: 'cancel' });
  assert.equal(model.press(undefined, '3'), { kind: 'done', outcome: 'demo' });
  assert.equal(model.press(undefined, 'q'), { kind: 'done', outcome: 'quit' });
});

test('SignInModel: an account reaching several servers lists them, its own suggested; a digit or Enter picks one, Esc cancels the flow', () => {
  const model = new SignInModel();
  assert.equal(model.press(undefined, '1'), { kind: 'pin' });
  model.serversShown([{ name: "Ann's Plex", owned: false }, { name: 'Den', owned: true }, { name: 'Cabin', owned: false }], 1);
  assert.equal(model.lines().slice(2, 7), ['Signed in. Your account reaches 3 servers; which one should plexterm use?', '', "  1. Ann's Plex", '› 2. Den (yours)', '  3. Cabin']);
  assert.ok(model.lines().includes('Enter or 1–3 chooses, Esc goes back.'));
  assert.equal(model.press(undefined, '4'), { kind: 'none' }, 'no fourth server');
  model.press('down', undefined);
  assert.ok(model.lines().includes('› 3. Cabin'));
  model.press('down', undefined);
  assert.ok(model.lines().includes("› 1. Ann's Plex"), 'the selection wraps');
  assert.equal(model.press('enter', undefined), { kind: 'server', index: 0 });
  model.progress('Looking for the best way to reach Ann\'s Plex…');
  assert.equal(model.lines().slice(2), ['Looking for the best way to reach Ann\'s Plex…']);
  assert.equal(model.press('escape', undefined), { kind: 'cancel' }, 'Esc while connecting cancels the flow');
  assert.is(model.mode, 'menu');
  model.press(undefined, '1');
  model.serversShown([{ name: 'Den', owned: true }, { name: 'Cabin', owned: false }], 0);
  assert.equal(model.press(undefined, '2'), { kind: 'server', index: 1 });
  model.press(undefined, '1');
  model.serversShown([{ name: 'Den', owned: true }, { name: 'Cabin', owned: false }], 0);
  assert.equal(model.press('escape', undefined), { kind: 'cancel' });
});

test('CacheSelection keeps its entry by key as entries re-sort; a vanished entry leaves the selection on its row; moves stop at the ends', () => {
  const selection = new CacheSelection();
  const entries = [snapshot({ key: 'a', lastAccess: 3 }), snapshot({ key: 'b', lastAccess: 2 }), snapshot({ key: 'c', lastAccess: 1 })];
  assert.is(selection.selectedKey([]), null);
  assert.is(selection.selectedKey(entries), 'a', 'the first row at first');
  selection.move(entries, 1);
  assert.is(selection.selectedKey(entries), 'b');
  const resorted = [snapshot({ key: 'a', lastAccess: 3 }), snapshot({ key: 'b', lastAccess: 9 }), snapshot({ key: 'c', lastAccess: 1 })];
  assert.is(selection.selectedKey(resorted), 'b', 'b moved to the top: still selected');
  assert.is(selection.indexIn(sortedEntries(resorted)), 0);
  selection.move(resorted, Infinity);
  assert.is(selection.selectedKey(resorted), 'c');
  assert.is(selection.selectedKey([snapshot({ key: 'a', lastAccess: 3 }), snapshot({ key: 'b', lastAccess: 2 })]), 'b', 'c evicted: the row where it was, clamped');
  selection.move(entries, -Infinity);
  assert.is(selection.selectedKey(entries), 'a');
  selection.move(entries, -1);
  assert.is(selection.selectedKey(entries), 'a');
});

test('cacheWindow keeps the selected row in view and says how many more there are', () => {
  assert.equal(cacheWindow(3, 5, 0), { start: 0, shown: 3, more: 0 });
  assert.equal(cacheWindow(10, 4, 0), { start: 0, shown: 3, more: 7 });
  assert.equal(cacheWindow(10, 4, 5), { start: 3, shown: 3, more: 4 });
  assert.equal(cacheWindow(10, 4, 9), { start: 7, shown: 3, more: 0 });
  assert.equal(cacheWindow(10, 1, 4), { start: 4, shown: 1, more: 5 });
  assert.equal(cacheWindow(0, 4, 0), { start: 0, shown: 0, more: 0 });
});

test('Tab and Shift+Tab cycle the panes, the cache panel after the details while it is shown; left and right pass it by', () => {
  assert.equal(['sidebar', 'list', 'details'].map((focus) => neighbourPane(focus as 'list', 1, true)), ['list', 'details', 'sidebar']);
  assert.equal(['sidebar', 'list', 'details', 'cache'].map((focus) => neighbourPane(focus as 'list', 1, true, true)), ['list', 'details', 'cache', 'sidebar']);
  assert.is(neighbourPane('sidebar', -1, true, true), 'cache');
  assert.is(neighbourPane('search', 1, true, true), 'details');
  assert.equal([neighbourPane('cache', -1), neighbourPane('cache', 1)], ['sidebar', 'details']);
});

test('when contexts: one focus at a time, an overlay takes it', () => {
  const base = { focus: 'list' as const, overlay: null, playerRunning: true, cachePanelVisible: false, offline: false };
  assert.equal(whenContextOf(base), {
    listFocus: true, sidebarFocus: false, detailsFocus: false, upNextFocus: false, cacheFocus: false, searchFocus: false, paletteOpen: false, playerRunning: true, cachePanelVisible: false, offline: false,
    skipIntroShown: false, upNextShown: false, itemSelected: false, itemType: '',
  });
  // Up next has the focus only while the details pane both shows it and has the focus.
  assert.equal([whenContextOf({ ...base, focus: 'details', upNextVisible: true }).upNextFocus, whenContextOf({ ...base, upNextVisible: true }).upNextFocus, whenContextOf({ ...base, focus: 'details' }).upNextFocus], [true, false, false]);
  assert.equal([whenContextOf({ ...base, prompt: 'skipIntro' }).skipIntroShown, whenContextOf({ ...base, prompt: 'skipIntro' }).upNextShown], [true, false]);
  assert.equal([whenContextOf({ ...base, prompt: 'upNext' }).skipIntroShown, whenContextOf({ ...base, prompt: 'upNext' }).upNextShown], [false, true]);
  assert.equal([whenContextOf({ ...base, itemType: 'episode' }).itemSelected, whenContextOf({ ...base, itemType: 'episode' }).itemType], [true, 'episode']);
  assert.is(whenContextOf({ ...base, focus: 'cache', cachePanelVisible: true }).cacheFocus, true);
  const picker = new PickerModel('Command palette', []);
  const open = whenContextOf({ ...base, overlay: { kind: 'palette', picker, settle: () => undefined } });
  assert.is(open.listFocus, false);
  assert.is(open.paletteOpen, true);
});

test.run();
