// Choosing the part, the media kind, the cache request and the start position of an item.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexMetadata } from '../../src/plex/models.js';
import { mediaKindOf, playbackItemFrom } from '../../src/playback/playbackItem.js';

const twoParts: PlexMetadata = {
  ratingKey: '42',
  key: '/library/metadata/42',
  type: 'episode',
  title: 'Fog Bank',
  grandparentTitle: 'Harbour Lights',
  duration: 3000,
  viewOffset: 1500,
  Media: [
    {
      id: 1,
      container: 'mkv',
      Part: [
        { id: 7, key: '/library/parts/7/1700000000/first%20half.mkv', size: 100, duration: 1000 },
        { id: 8, key: '/library/parts/8/1700000001/second.mkv', size: 200, duration: 2000, container: 'mkv' },
      ],
    },
  ],
};

test('media kinds follow the item type', () => {
  assert.equal(['movie', 'episode', 'clip', 'track', 'photo', 'show', 'album'].map(mediaKindOf), ['video', 'video', 'video', 'audio', 'photo', null, null]);
});

test('the first part by default, resuming at viewOffset; a partIndex resumes within that part', () => {
  const first = playbackItemFrom(twoParts, 'machine', 'mpv');
  assert.equal(first.part, { key: 'machine/7/1700000000', title: 'Harbour Lights — Fog Bank', upstreamPath: '/library/parts/7/1700000000/first%20half.mkv', fileName: 'first half.mkv', container: 'mkv', metadataSize: 100 });
  assert.is(first.startAt, 1000, 'clamped to the part');
  assert.is(first.duration, 1000);
  assert.is(first.key, '/library/metadata/42');
  const second = playbackItemFrom(twoParts, 'machine', 'mpv', { partIndex: 1, args: ['--vo=null'] });
  assert.is(second.part.key, 'machine/8/1700000001');
  assert.is(second.startAt, 500);
  assert.equal(second.args, ['--vo=null']);
  assert.is(playbackItemFrom(twoParts, 'machine', 'mpv', { partIndex: 1, fromStart: true }).startAt, 0);
});

test('what cannot be played says why', () => {
  assert.throws(() => playbackItemFrom({ ...twoParts, type: 'show' }, 'm', 'mpv'), /is a show: play one of its episodes/);
  assert.throws(() => playbackItemFrom(twoParts, 'm', 'mpv', { partIndex: 2 }), /has no part 2 \(it has 2\)/);
  assert.throws(() => playbackItemFrom({ ...twoParts, Media: [] }, 'm', 'mpv'), /has no media 0 \(it has 0\)/);
});

test.run();
