// From --audio/--subs to the tracks an item plays with: parsing what was typed, matching it to the item's streams, the player's numbers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findLanguage } from '../../src/base/language.js';
import type { PlexMetadata, PlexStream } from '../../src/plex/models.js';
import { itemTracks, nextTrack, parseTrackWish, playerSelection } from '../../src/playback/trackChoice.js';

const english = findLanguage('en')!;
const german = findLanguage('de')!;
const french = findLanguage('fr')!;

function stream(id: number, streamType: number, languageCode: string | undefined, extra: Partial<PlexStream> = {}): PlexStream {
  return { id, streamType, ...(languageCode ? { languageCode } : {}), displayTitle: `${languageCode ?? 'und'} ${id}`, ...extra };
}

/** An episode whose file has German (selected) and English audio, an English subtitle, and a French sidecar; its streams out of file order. */
function episode(streams: PlexStream[] = [
  stream(12, 2, 'eng', { index: 2 }),
  stream(11, 2, 'ger', { index: 1, selected: true }),
  stream(15, 3, 'fra', { key: '/library/streams/15' }),
  stream(13, 3, 'eng', { index: 3 }),
  stream(10, 1, undefined, { index: 0 }),
]): PlexMetadata {
  return { ratingKey: '9', key: '/library/metadata/9', type: 'episode', title: 'Fog Bank', grandparentTitle: 'Harbour Lights', grandparentRatingKey: '7', Media: [{ id: 1, Part: [{ id: 5, key: '/library/parts/5/1/file.mkv', Stream: streams }] }] };
}

test('parseTrackWish: an id, off (subtitles only), a language in any form; anything else is one line naming the flag', () => {
  assert.equal(parseTrackWish('1064', 'subtitle', '--subs'), { id: 1064 });
  assert.equal(parseTrackWish('OFF', 'subtitle', '--subs'), 'off');
  assert.equal(parseTrackWish('English', 'audio', '--audio'), { language: english });
  assert.equal(parseTrackWish('ger', 'audio', '--audio'), { language: german });
  assert.throws(() => parseTrackWish('off', 'audio', '--audio'), (error: Error) => error.message === '--audio "off" is not a language (a 3-letter code like eng, a 2-letter tag like en, or a name like English) or a stream id');
  assert.throws(() => parseTrackWish('elvish', 'subtitle', '--subs'), /^--subs "elvish" is not a language .*, "off" or a stream id$/);
});

test('nothing asked: the server\'s selected audio (numbered in file order) and no subtitle (none selected); nothing to tell the server', () => {
  const result = itemTracks(episode(), {});
  assert.equal([result.choice, result.player, result.unmatched, result.picked, result.audio?.id, result.subtitle], [undefined, { audioTrack: 1, subtitleTrack: 'off', described: 'audio ger 11, subtitles off' }, [], {}, 11, 'off']);
});

test('English audio and the French sidecar: their ids go to the server, the player gets aid 2 and the sidecar after the file\'s own subtitle', () => {
  const { choice, player, unmatched, picked } = itemTracks(episode(), { audio: { language: english }, subtitle: { language: french } });
  assert.equal({ choice, player, unmatched, picked }, {
    choice: { partId: 5, streams: { audioStreamID: 12, subtitleStreamID: 15 } },
    player: { audioTrack: 2, subtitleTrack: 2, subtitleKey: '/library/streams/15', described: 'audio eng 12, subtitles fra 15' },
    unmatched: [],
    picked: { audio: { language: english }, subtitle: { language: french } },
  });
});

test('a subtitle by id carries its language; off is told as 0 and carries as off', () => {
  assert.equal(itemTracks(episode(), { subtitle: { id: 13 } }).picked, { subtitle: { language: english } });
  const off = itemTracks(episode(), { subtitle: 'off' });
  assert.equal([off.choice, off.player.subtitleTrack, off.picked], [{ partId: 5, streams: { subtitleStreamID: 0 } }, 'off', { subtitle: 'off' }]);
});

test('what the item does not have: one line each, the server\'s choice stays and nothing is told', () => {
  const result = itemTracks(episode(), { audio: { language: french }, subtitle: { id: 99 } });
  assert.equal(result.unmatched, [
    '"Harbour Lights — Fog Bank" has no audio track French (fra) (it has: ger 11, eng 12)',
    '"Harbour Lights — Fog Bank" has no subtitle stream 99 (it has: eng 13, fra 15)',
  ]);
  assert.equal([result.choice, result.player], [undefined, { audioTrack: 1, subtitleTrack: 'off', described: 'audio ger 11, subtitles off' }]);
});

test('nextTrack: audio cycles through the file\'s tracks; subtitles through off and each, sidecar included, wrapping; nothing when there is no other', () => {
  const { options } = itemTracks(episode(), {});
  const ids = (track: ReturnType<typeof nextTrack>) => (track === 'off' || track === undefined ? track : track.id);
  assert.equal([ids(nextTrack(options, 'audio', options.audio[0])), ids(nextTrack(options, 'audio', options.audio[1]))], [12, 11]);
  const subtitles = [nextTrack(options, 'subtitle', 'off'), nextTrack(options, 'subtitle', options.subtitles[0]), nextTrack(options, 'subtitle', options.subtitles[1])];
  assert.equal(subtitles.map(ids), [13, 15, 'off']);
  assert.equal(playerSelection(options, 'subtitle', subtitles[1]), { subtitleTrack: 2, subtitleKey: '/library/streams/15' });
  const single = itemTracks(episode([stream(11, 2, 'ger', { index: 1 })]), {}).options;
  assert.equal([nextTrack(single, 'audio', single.audio[0]), nextTrack(single, 'subtitle', undefined)], [undefined, undefined]);
  assert.equal(itemTracks(episode([stream(11, 2, 'ger', { index: 1, selected: true })]), {}).player, { audioTrack: 1 }, 'no choice there: nothing to say of it');
});

test('a part without streams leaves the player to its own choice', () => {
  assert.equal(itemTracks(episode([]), {}).player, {});
});

test.run();
