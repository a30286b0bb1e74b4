// The cells blessed is given for graphemes it would misplace: one BMP character each, turned back whole on output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeGraphemes, encodeGraphemes } from '../../../src/tui/screen/blessedGraphemes.js';
import { hostileTitle, worldCinema } from '../../../src/demo/worldCinema.js';

test('plain text and tags pass as they are', () => {
  assert.is(encodeGraphemes('{bold}Metropolis{/} 1927\n  0:12'), '{bold}Metropolis{/} 1927\n  0:12');
});

test('emoji, flags, ZWJ sequences and accents become one BMP cell each, and come back whole', () => {
  // (The title with escapes reaches blessed only after it is made safe.)
  for (const text of [...worldCinema.map((movie) => movie.title).filter((title) => title !== hostileTitle), '👨‍👩‍👧 🇯🇵 🌍 👍🏽 Ame\u0301lie']) {
    const encoded = encodeGraphemes(text);
    assert.not.match(encoded, /[\ud800-\udfff\u200d\u0300-\u036f]/, `no surrogate, joiner or combining mark reaches blessed: ${text}`);
    assert.is(decodeGraphemes(encoded), text);
  }
  const family = encodeGraphemes('👨‍👩‍👧');
  assert.is(family.length, 1);
  assert.is(encodeGraphemes('👨‍👩‍👧'), family, 'the same grapheme gets the same cell');
});

test.run();
