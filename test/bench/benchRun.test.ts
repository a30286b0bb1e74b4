// `npm run bench`'s own runner (bench/run.ts) as a developer runs it: a misspelt suite is said, and a reader that goes away does not crash it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCliInShell } from '../helpers/cli.js';

const runner = '"$PLEXTERM_TEST_NODE" --import tsx bench/run.ts';

test('a suite that does not exist is one line naming the suites, exit 2, and nothing runs', async () => {
  const result = await runCliInShell(`${runner} store frist-frame`);
  assert.is(result.code, 2, result.stderr);
  assert.is(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /^bench: no suite frist-frame; the suites: cli store .*first-frame/);
  // Not even the suite that does exist ran.
  assert.not.match(result.stderr, /bench: store…/);
});

test('a reader gone before the table is written (`| true`): the runner ends with 0 and says nothing of EPIPE', async () => {
  // `true` has exited long before the store suite's figures are printed: every write meets a pipe nobody reads.
  const result = await runCliInShell(`BENCH_RUNS=5 ${runner} store | true`, { timeoutMs: 120_000 });
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr.trim(), 'bench: store…');
});

test.run();
