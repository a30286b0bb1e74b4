// The Up next view model: where a queue is ("2/5 S1E2 Title"), its entries fitted to the pane with the current one marked, hostile titles cleaned.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth } from '../../../src/base/displayWidth.js';
import type { QueueState } from '../../../src/playback/queue/queueControl.js';
import type { PlexPlayQueueItem } from '../../../src/plex/models.js';
import { currentMarker, queuePosition, QueueSelection, selectedMarker, upNextLines } from '../../../src/tui/viewModels/index.js';

function episode(index: number, title = `Episode ${index}`): PlexPlayQueueItem {
  return { ratingKey: String(100 + index), key: `/library/metadata/${100 + index}`, type: 'episode', title, parentIndex: 1, index, playQueueItemID: 1000 + index };
}

function queue(count: number, index: number, titles: Record<number, string> = {}): QueueState {
  return { playQueueID: 7, items: Array.from({ length: count }, (_, offset) => episode(offset + 1, titles[offset + 1])), index, version: 1 };
}

test('the position names the entry that plays, of how many, with its episode number', () => {
  assert.is(queuePosition(queue(5, 1)), '2/5 S1E2 Episode 2');
  const track: PlexPlayQueueItem = { ratingKey: '9', key: '/library/metadata/9', type: 'track', title: 'Song', index: 3, playQueueItemID: 9 };
  assert.is(queuePosition({ playQueueID: 1, items: [track], index: 0, version: 1 }), '1/1 3. Song');
});

test('every line is exactly the pane\'s width; the current entry is marked and styled, those played before it dimmed', () => {
  const lines = upNextLines(queue(3, 1), 30, 10);
  assert.equal(lines.map((line) => line.text.trimEnd()), ['Up next · 2 of 3', '  1. S1E1 Episode 1', `${currentMarker}2. S1E2 Episode 2`, '  3. S1E3 Episode 3']);
  for (const line of lines) assert.is(displayWidth(line.text), 30);
  assert.equal(lines.map((line) => line.style), ['detailsTitle', 'description', 'activeSelection', 'editor']);
});

test('a queue longer than the pane shows from the entry before the current, and how many more follow', () => {
  const lines = upNextLines(queue(20, 10), 30, 5).map((line) => line.text.trimEnd());
  assert.equal(lines, ['Up next · 11 of 20', '  10. S1E10 Episode 10', `${currentMarker}11. S1E11 Episode 11`, '  12. S1E12 Episode 12', '  … and 8 more']);
  // Near the end the window fills the pane rather than leaving it half empty.
  assert.equal(upNextLines(queue(5, 4), 30, 4).map((line) => line.text.trimEnd()), ['Up next · 5 of 5', '  3. S1E3 Episode 3', '  4. S1E4 Episode 4', `${currentMarker}5. S1E5 Episode 5`]);
});

test('hostile and wide titles are cleaned and cut to the width, never past it', () => {
  const lines = upNextLines(queue(2, 0, { 1: 'Evil\u001b[2J\u0007 title', 2: '漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字' }), 24, 6);
  for (const line of lines) {
    assert.is(displayWidth(line.text), 24, line.text);
    assert.not.match(line.text, /[\u0000-\u001f\u007f]/);
  }
  assert.not.ok(queuePosition(queue(2, 0, { 1: 'a\u001b]0;x\u0007b' })).includes('\u001b'));
});

test('the entry selected in the focused pane is marked and styled as selected; the window holds it', () => {
  const lines = upNextLines(queue(3, 0), 30, 10, 2);
  assert.equal(lines.map((line) => line.text.trimEnd()), ['Up next · 1 of 3', `${currentMarker}1. S1E1 Episode 1`, '  2. S1E2 Episode 2', `${selectedMarker}3. S1E3 Episode 3`]);
  assert.equal(lines.map((line) => line.style), ['detailsTitle', 'editor', 'editor', 'activeSelection']);
  assert.ok(upNextLines(queue(20, 0), 30, 5, 15).some((line) => line.text.startsWith(`${selectedMarker}16.`)), 'a selection far below the current is in view');
});

test('the selection starts on the entry that plays, follows its entry through edits, and takes the row in its place when it leaves', () => {
  const selection = new QueueSelection();
  const state = queue(4, 1);
  assert.is(selection.indexIn(state), 1);
  selection.move(state, 1);
  assert.is(selection.entry(state)?.title, 'Episode 3');
  // Episode 3 moves first: the selection goes with it.
  const moved = { ...state, items: [state.items[2], state.items[0], state.items[1], state.items[3]].filter((item) => item !== undefined) };
  assert.is(selection.indexIn(moved), 0);
  // It leaves the queue: the entry now in its place is selected.
  const removed = { ...moved, items: moved.items.slice(1) };
  assert.is(selection.entry(removed)?.title, 'Episode 1');
  selection.move(removed, Infinity);
  assert.is(selection.entry(removed)?.title, 'Episode 4');
  assert.is(selection.indexIn(null), -1);
});

test('without a queue one line says how to start one', () => {
  const lines = upNextLines(null, 40, 10);
  assert.is(lines.length, 1);
  assert.match(lines[0]?.text ?? '', /^Up next: nothing queued/);
  assert.is(displayWidth(lines[0]?.text ?? ''), 40);
});

test.run();
