// The cache's settings from the config's "cache" section: sizes, and revalidateAfter as a duration.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheSettingsFrom, defaultCacheSettings, parseDuration } from '../../src/cache/cacheSettings.js';

test('revalidateAfter defaults to 24 h and takes seconds or a duration; 0 means always ask the server first', () => {
  assert.is(defaultCacheSettings.revalidateAfter, 86_400);
  assert.is(cacheSettingsFrom({ revalidateAfter: 3600 }).revalidateAfter, 3600);
  assert.is(cacheSettingsFrom({ revalidateAfter: '90m' }).revalidateAfter, 5400);
  assert.is(cacheSettingsFrom({ revalidateAfter: '2d' }).revalidateAfter, 172_800);
  assert.is(cacheSettingsFrom({ revalidateAfter: 0 }).revalidateAfter, 0);
  assert.equal([parseDuration('24h'), parseDuration('30 s'), parseDuration('1w'), parseDuration('-1h')], [86_400, 30, null, null]);
});

test('a bad revalidateAfter keeps the default with a one-line warning', () => {
  for (const bad of ['soon', -5, 1.5, '5 GiB', true]) {
    const warnings: string[] = [];
    assert.is(cacheSettingsFrom({ revalidateAfter: bad }, (message) => warnings.push(message)).revalidateAfter, 86_400);
    assert.equal(warnings, [`cache setting "revalidateAfter" has a bad value ${JSON.stringify(bad)}; using 86400`]);
  }
});

test.run();
