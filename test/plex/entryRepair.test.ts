// Repairing the entries of a Plex list: numbers sent as strings, unreadable values and entries that cannot be named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexMetadata } from '../../src/plex/models.js';
import { metadataSchema } from '../../src/plex/entrySchemas.js';
import { repairEntries } from '../../src/plex/entryRepair.js';
import { entryValidator } from '../../src/plex/entryValidators.js';

const validate = entryValidator<PlexMetadata>(metadataSchema);

test('numbers sent as strings become numbers, and a numeric ratingKey its text; nothing is counted as lost', () => {
  const result = repairEntries([{ ratingKey: 7, key: '/library/metadata/7', type: 'movie', title: 'T', year: '1999', viewOffset: '1200', Media: [{ id: '3', Part: [{ id: '4', key: '/p', size: '99' }] }] }], validate);
  assert.equal(result.entries, [
    { ratingKey: '7', key: '/library/metadata/7', type: 'movie', title: 'T', year: 1999, viewOffset: 1200, Media: [{ id: 3, Part: [{ id: 4, key: '/p', size: 99 }] }] },
  ]);
  assert.is(result.skipped, 0);
  assert.is(result.droppedFields, 0);
});

test('unreadable values are left out, deepest lists first, and fields the rest of plexterm shows become empty text', () => {
  const result = repairEntries(
    [{ ratingKey: '1', title: { nested: true }, year: 'soon', Genre: [{ tag: 'A' }, {}, 5, { tag: 'B' }], Media: [{ Part: [null, { id: 1 }, { id: 2, key: '/two' }] }, 'x'] }],
    validate,
  );
  assert.equal(result.entries, [{ ratingKey: '1', key: '', type: '', title: '', Genre: [{ tag: 'A' }, { tag: 'B' }], Media: [{ Part: [{ id: 2, key: '/two' }] }] }]);
  assert.is(result.skipped, 0);
  // title, year, two genres, two parts, one media.
  assert.is(result.droppedFields, 7);
});

test('entries without a usable ratingKey, and entries that are not objects, are skipped; the others keep their order', () => {
  const result = repairEntries([{ ratingKey: 'a' }, { title: 'no key' }, { ratingKey: '' }, { ratingKey: { id: 1 } }, null, 'text', [1], { ratingKey: 'b' }], validate);
  assert.equal(result.entries.map((entry) => entry.ratingKey), ['a', 'b']);
  assert.is(result.skipped, 6);
});

test('fields plexterm does not read pass through untouched', () => {
  const result = repairEntries([{ ratingKey: '1', key: 'k', type: 't', title: 'x', Extra: { anything: ['goes', 1] }, studio: 'S' }], validate);
  assert.equal(result.entries[0], { ratingKey: '1', key: 'k', type: 't', title: 'x', Extra: { anything: ['goes', 1] }, studio: 'S' });
});

test.run();
