// The TUI's view of each cache state: every state has its own colour, and a stored entry reads as stored, not downloading.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CacheEntrySnapshot, cacheStates } from '../../../src/cache/index.js';
import { themeStyleNames } from '../../../src/tui/themes/themeStyles.js';
import { cacheRow, cacheStateStyle, cacheSummary, isDownloading } from '../../../src/tui/viewModels/cacheRows.js';
import { detailsLines } from '../../../src/tui/viewModels/detailsLines.js';

const stored: CacheEntrySnapshot = {
  key: 'machine/7/1700', title: 'Charade', state: 'stored', totalSize: 2048, downloadedBytes: 2048, complete: true, pinned: false,
  rangeSupport: true, bytesPerSecond: 0, streamUrl: null, error: null, lastAccess: 1,
};

test('every state has a theme style; stored has its own, apart from the states on the way and the evicted', () => {
  for (const state of cacheStates) assert.ok(themeStyleNames.includes(cacheStateStyle(state)), state);
  assert.is(cacheStateStyle('stored'), 'cacheStored');
  for (const other of ['probing', 'sized', 'ready', 'failed', 'evicted'] as const) assert.is.not(cacheStateStyle(other), 'cacheStored', other);
});

test('a stored entry: its row names the state and its bytes, it is not downloading, and the details pane says stored', () => {
  assert.match(cacheRow(stored, 80), /^ {2}stored\s+█+ 2\.0 KiB \/ 2\.0 KiB\s+Charade/);
  assert.not.ok(isDownloading(stored));
  assert.is(cacheSummary([stored]), 'Cache — 1 entry, 0 downloading, 2.0 KiB held');
  const item = { ratingKey: '7', key: '/library/metadata/7', type: 'movie', title: 'Charade', Media: [] };
  const lines = detailsLines({ item, snapshot: stored, cacheStates: [], playback: null, width: 40 }).map((line) => line.text);
  assert.ok(lines.includes('Cache: stored'), lines.join('\n'));
});

test.run();
