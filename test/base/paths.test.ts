import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolvePaths } from '../../src/base/paths.js';

test('--home moves every folder under one folder', () => {
  const paths = resolvePaths('/tmp/somewhere');
  assert.equal(paths, {
    config: join('/tmp/somewhere', 'config'),
    data: join('/tmp/somewhere', 'data'),
    cache: join('/tmp/somewhere', 'cache'),
    log: join('/tmp/somewhere', 'log'),
  });
});

test('a relative home is made absolute', () => {
  assert.is(resolvePaths('rel').config, join(resolve('rel'), 'config'));
});

test('without a home the XDG folders are used, named plexterm', () => {
  const paths = resolvePaths(undefined);
  for (const folder of Object.values(paths)) assert.match(folder, /plexterm$/);
});

test.run();
