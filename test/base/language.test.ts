// Languages as people and servers write them: 3-letter codes (both ISO 639-2 forms), 2-letter tags, English names, any case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findLanguage } from '../../src/base/language.js';

test('every way of writing German is the same language (deu)', () => {
  for (const text of ['deu', 'ger', 'DEU', 'de', 'de-AT', 'German', 'german', ' GERMAN ']) assert.equal(findLanguage(text), { code: 'deu', name: 'German' }, text);
});

test('French and English by code, tag and name', () => {
  assert.equal(['fra', 'fre', 'fr', 'French'].map((text) => findLanguage(text)?.code), ['fra', 'fra', 'fra', 'fra']);
  assert.equal(['eng', 'en', 'en_GB', 'English'].map((text) => findLanguage(text)?.code), ['eng', 'eng', 'eng', 'eng']);
});

test('what names no language: undefined', () => {
  for (const text of [undefined, '', '  ', 'xx', 'qqq', 'elvish', 'Englsh', '123']) assert.is(findLanguage(text), undefined, String(text));
});

test.run();
