// What `plexterm play` prints of a queue: which entry of how many, fitted to the terminal, hostile titles as plain text, the skips and the end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth } from '../../src/base/displayWidth.js';
import { queuePrinter } from '../../src/cli/commands/playDisplay.js';
import { hostileTitle } from '../../src/demo/worldCinema.js';
import type { PlexPlayQueueItem } from '../../src/plex/models.js';
import type { QueueEntry } from '../../src/playback/queue/queueEvents.js';
import type { Output } from '../../src/session/output.js';
import { assertInert } from '../helpers/cliBytes.js';
import { playbackItem } from '../helpers/playbackMarbles.js';

function captured(columns: number | undefined): { output: Output; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (text) => out.push(text), err: (text) => err.push(text), columns: () => columns } };
}

function entry(index: number, title: string): QueueEntry {
  const item: PlexPlayQueueItem = { ratingKey: String(200 + index), key: `/library/metadata/${200 + index}`, type: 'episode', title, parentIndex: 1, index: index + 1, playQueueItemID: 10 + index };
  return { playQueueID: 4, index, total: 3, item };
}

test('an entry of a longer queue says which of how many it is, with its episode number, cut to the terminal; a hostile title stays text', () => {
  const { output, out, err } = captured(40);
  const printer = queuePrinter(output, false);
  const second = entry(1, hostileTitle);
  printer.show({ type: 'item', entry: second, event: { type: 'resolved', item: playbackItem('201', { title: `Show — ${hostileTitle}`, duration: 40_000 }) } });
  printer.show({ type: 'skipped', entry: entry(2, hostileTitle), message: `"${hostileTitle}" has no file on the server; skipped` });
  printer.show({ type: 'queueEnded', playQueueID: 4, played: 1, skipped: 1, reason: 'finished' });
  assert.match(out[0] ?? '', /^2\/3 S1E2 Show — The Terminal/);
  assert.ok(displayWidth(out[0] ?? '') <= 40, out[0]);
  assert.match(err[0] ?? '', /^plexterm: 3\/3 S1E3 "The Terminal .*; skipped$/);
  assert.is(out.at(-1), 'queue ended: 1 played, 1 skipped');
  assertInert(Buffer.from(out.join('\n')), 'stdout');
  assertInert(Buffer.from(err.join('\n')), 'stderr');
  assert.match(printer.lastEntry() ?? '', /^2\/3 "The Terminal/);
  assertInert(Buffer.from(printer.lastEntry() ?? ''), 'the entry a failure names');
});

test('the tracks an entry plays with are said on its line, in words', () => {
  const { output, out } = captured(200);
  const printer = queuePrinter(output, false);
  const tracks = { audioTrack: 2, subtitleTrack: 'off' as const, described: 'audio English (AAC Stereo), subtitles off' };
  printer.show({ type: 'item', entry: entry(0, 'Fog Bank'), event: { type: 'resolved', item: { ...playbackItem('200', { title: 'Harbour Lights — Fog Bank', duration: 12_000 }), tracks } } });
  assert.match(out[0] ?? '', /^1\/3 S1E1 Harbour Lights — Fog Bank \(video, 0:12\) with .*; audio English \(AAC Stereo\), subtitles off$/);
});

test('--json: every event names its ratingKey and playQueueItemID, a signal stops the entry that plays and ends the queue', () => {
  const { output, out } = captured(undefined);
  const printer = queuePrinter(output, true);
  printer.show({ type: 'item', entry: entry(0, 'One'), event: { type: 'ended', position: 1000, duration: 1000, headless: false } });
  printer.show({ type: 'item', entry: entry(1, 'Two'), event: { type: 'playing', position: 0, duration: 1000 } });
  printer.stopped('SIGINT');
  assert.equal(out.map((line) => JSON.parse(line) as unknown), [
    { type: 'ended', position: 1000, duration: 1000, headless: false, ratingKey: '200', playQueueItemID: 10 },
    { type: 'playing', position: 0, duration: 1000, ratingKey: '201', playQueueItemID: 11 },
    { type: 'stopped', signal: 'SIGINT', ratingKey: '201', playQueueItemID: 11 },
    { type: 'queueEnded', playQueueID: 4, played: 1, skipped: 0, reason: 'stopped' },
  ]);
});

test('a queue of one entry prints as a single play did: no position, no end line', () => {
  const { output, out } = captured(80);
  const printer = queuePrinter(output, false);
  const only: QueueEntry = { ...entry(0, 'Nosferatu'), total: 1 };
  printer.show({ type: 'item', entry: only, event: { type: 'resolved', item: playbackItem('200', { title: 'Nosferatu', duration: 12_000 }) } });
  printer.show({ type: 'queueEnded', playQueueID: 4, played: 1, skipped: 0, reason: 'finished' });
  assert.equal(out, ['Nosferatu (video, 0:12) with fake, from the start']);
  assert.is(printer.lastEntry(), null);
});

test.run();
