// Display width, truncation, padding and wrapping by terminal columns: CJK, emoji (ZWJ sequences, flags, modifiers), combining marks, Arabic and controls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth, fitToWidth, graphemes, padEndToWidth, padStartToWidth, truncateToWidth, wrapToWidth } from '../../src/base/displayWidth.js';

const family = '👨‍👩‍👧';
const flag = '🇯🇵';
const thumb = '👍🏽';
const accented = 'Ame\u0301lie';

test('wide characters and emoji take two columns, combining marks none', () => {
  assert.is(displayWidth('七人の侍'), 8);
  assert.is(displayWidth('기생충'), 6);
  assert.is(displayWidth('花樣年華'), 8);
  assert.is(displayWidth('🌍'), 2);
  assert.is(displayWidth(family), 2);
  assert.is(displayWidth(flag), 2);
  assert.is(displayWidth(thumb), 2);
  assert.is(displayWidth(accented), 6);
  assert.is(displayWidth('باب الحديد'), 10);
  assert.is(displayWidth('a\u001b[31mb\u001b[0m'), 2);
  assert.is(displayWidth(''), 0);
});

test('graphemes keep emoji sequences, flags and accents whole', () => {
  assert.equal(graphemes(`a${family}${flag}${accented}`), ['a', family, flag, 'A', 'm', 'e\u0301', 'l', 'i', 'e']);
});

test('truncation ends with an ellipsis within the width and never splits a grapheme', () => {
  assert.is(truncateToWidth('七人の侍', 8), '七人の侍');
  assert.is(truncateToWidth('七人の侍', 7), '七人の…');
  // The third character would straddle the edge: it is left out whole, so the result is one column short.
  assert.is(truncateToWidth('七人の侍', 6), '七人…');
  assert.is(displayWidth(truncateToWidth('七人の侍', 6)), 5);
  assert.is(truncateToWidth(`${family}${family}`, 3), `${family}…`);
  assert.is(truncateToWidth(`${flag}${flag}`, 2), '…');
  assert.is(truncateToWidth(`${thumb}x`, 2), '…');
  assert.is(truncateToWidth(`Ame\u0301lie Poulain`, 4), 'Ame\u0301…');
  assert.is(truncateToWidth('abc', 0), '');
  assert.is(truncateToWidth('abc', 1), '…');
  for (const text of ['七人の侍', `🌍 Around ${family} ${flag} ${accented}`, 'وجدة باب الحديد']) {
    for (let width = 0; width <= displayWidth(text) + 1; width += 1) {
      const cut = truncateToWidth(text, width);
      assert.ok(displayWidth(cut) <= width, `${text} at ${width}: ${cut}`);
      assert.ok(!cut.includes('\ufffd'), 'no replacement character');
      const kept = cut.endsWith('…') ? cut.slice(0, -1) : cut;
      assert.ok(text.startsWith(kept), `${cut} is a start of ${text}`);
      assert.equal(graphemes(kept), graphemes(text).slice(0, graphemes(kept).length), 'whole graphemes only');
    }
  }
});

test('fit and pad reach exactly the width in columns', () => {
  assert.is(fitToWidth('七人の侍', 10), '七人の侍  ');
  assert.is(fitToWidth('七人の侍', 6), '七人… ');
  assert.is(displayWidth(fitToWidth(`${family} Shoplifters`, 9)), 9);
  assert.is(padEndToWidth('기생충', 8), '기생충  ');
  assert.is(padStartToWidth('🌍', 4), '  🌍');
  assert.is(padStartToWidth('too wide', 3), 'too wide');
});

test('wrapping breaks at spaces, cuts long words between graphemes and keeps lines within the width', () => {
  assert.equal(wrapToWidth('Une chanteuse attend de cinq heures', 12), ['Une', 'chanteuse', 'attend de', 'cinq heures']);
  const japanese = '戦国時代、野武士の略奪に苦しむ農村の百姓たち';
  const lines = wrapToWidth(japanese, 11);
  assert.is(lines.join(''), japanese);
  assert.ok(lines.every((line) => displayWidth(line) <= 11));
  assert.equal(wrapToWidth(`${family}${family}${family}`, 5), [`${family}${family}`, family]);
  assert.equal(wrapToWidth('one\n\ntwo', 10), ['one', 'two']);
  assert.equal(wrapToWidth('🌍', 1), ['🌍']);
});

test.run();
