// The journal file: durable JSON, the latest position per item, damaged files moved aside, flushes that stop or drop.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlextermError } from '../../src/base/errors.js';
import { TimelineJournal, isWorthRetryingLater, type JournalEntry } from '../../src/offline/index.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const at = (ratingKey: string, time: number, state: 'playing' | 'paused' | 'stopped' = 'playing'): JournalEntry => ({
  kind: 'timeline', ratingKey, key: `/library/metadata/${ratingKey}`, state, time, duration: 1000, updated: 1_700_000_000 + time,
});
const unreachable = new PlextermError('cannot connect to 127.0.0.1:9: connection refused', { code: 'network', retryable: true });
const refused = new PlextermError('plexterm demo has nothing at /:/timeline (HTTP 404)', { code: 'not-found' });

test('keeps the latest position of each item, a scrobble in between, and survives a new instance', async () => {
  const folder = await makeTempFolder('plexterm-journal-');
  try {
    const path = join(folder.path, 'data', 'playback-journal.json');
    const journal = new TimelineJournal(path);
    await journal.append(at('1', 100));
    await journal.append(at('2', 50));
    await journal.append(at('1', 200, 'paused'));
    await journal.append({ kind: 'scrobble', ratingKey: '1', updated: 1 });
    await journal.append({ kind: 'scrobble', ratingKey: '1', updated: 2 });
    await journal.append(at('1', 950, 'stopped'));
    const expected = [at('2', 50), at('1', 200, 'paused'), { kind: 'scrobble', ratingKey: '1', updated: 1 }, at('1', 950, 'stopped')];
    assert.equal(await journal.pending(), expected);
    assert.equal(await new TimelineJournal(path).pending(), expected);
    await journal.supersede('1');
    assert.equal(await new TimelineJournal(path).pending(), [at('2', 50), { kind: 'scrobble', ratingKey: '1', updated: 1 }]);
  } finally {
    await folder.remove();
  }
});

test('a flush stops at an unreachable server and keeps the rest; a refused entry is dropped', async () => {
  const folder = await makeTempFolder('plexterm-journal-');
  try {
    const journal = new TimelineJournal(join(folder.path, 'journal.json'));
    for (const entry of [at('1', 1), at('2', 2), at('3', 3)]) await journal.append(entry);
    const sent: string[] = [];
    const result = await journal.flush(async (entry) => {
      if (entry.ratingKey === '1') throw refused;
      if (entry.ratingKey === '3') throw unreachable;
      sent.push(entry.ratingKey);
    }, isWorthRetryingLater);
    assert.equal(sent, ['2']);
    assert.equal(result, { sent: 1, dropped: [{ entry: at('1', 1), message: refused.message }], remaining: 1 });
    assert.equal(await new TimelineJournal(journal.path).pending(), [at('3', 3)]);
  } finally {
    await folder.remove();
  }
});

test('a damaged journal is moved aside, not deleted, and the journal starts afresh', async () => {
  const folder = await makeTempFolder('plexterm-journal-');
  try {
    const path = join(folder.path, 'journal.json');
    await writeFile(path, '{"version":1,"entries":[{"kind":"timeline"');
    const messages: string[] = [];
    const journal = new TimelineJournal(path, (message) => messages.push(message));
    assert.equal(await journal.pending(), []);
    await journal.append(at('5', 5));
    const names = await readdir(folder.path);
    const aside = names.find((name) => name.startsWith('journal.json.corrupt-'));
    assert.ok(aside, names.join(', '));
    assert.is(await readFile(join(folder.path, aside), 'utf8'), '{"version":1,"entries":[{"kind":"timeline"');
    assert.match(messages.join('\n'), /damaged; moved to/);
    assert.equal(JSON.parse(await readFile(path, 'utf8')), { version: 1, entries: [at('5', 5)] });
  } finally {
    await folder.remove();
  }
});

test.run();
