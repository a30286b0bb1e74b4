// Tests about a real program on purpose (mpv, tmux): where it is missing they fail saying so, rather than pass as skipped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** Adds to the calling file's suite one test that fails: `program` is not installed, and `tests` need it. */
export function requireMissingProgram(program: string, tests: string): void {
  test(`${tests} needs ${program}`, () => {
    assert.unreachable(`${program} is not on PATH; ${tests} tests the real ${program} (.ci/run installs it with apt-get)`);
  });
}
