// parseQuirk: every quirk name of `plexterm demo-server --quirk`, and clear errors for the rest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseQuirk } from '../../src/demo/index.js';

test('each quirk parses to its field', () => {
  assert.equal(parseQuirk('ignore-range'), { ignoreRange: true });
  assert.equal(parseQuirk('unknown-total'), { unknownTotal: true });
  assert.equal(parseQuirk('drop-after=1000'), { dropAfter: 1000 });
  assert.equal(parseQuirk('flaky=0.3'), { flaky: 0.3 });
  assert.equal(parseQuirk('slow-start=2'), { slowStart: 2 });
  assert.equal(parseQuirk('terminate-after=5'), { terminateAfter: 5 });
});

test('unknown names and bad values throw a clear Error', () => {
  const cases: [string, RegExp][] = [
    ['teleport', /unknown quirk "teleport"/],
    ['flaky=2', /probability/],
    ['flaky', /needs a value/],
    ['drop-after=1.5', /whole number/],
    ['drop-after=-1', /whole number/],
    ['slow-start=soon', /seconds/],
    ['ignore-range=1', /takes no value/],
  ];
  for (const [spec, message] of cases) assert.throws(() => parseQuirk(spec), message, spec);
});

test.run();
