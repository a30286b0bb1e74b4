// Colour detection over environment tables, the TERM mapping for blessed, and the reset of blessed's colour cache.
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectColorSupport, type ColorDepth, type Environment } from '../../../src/tui/screen/terminalColorSupport.js';
import { planBlessedTerminal, prepareBlessedColors } from '../../../src/tui/screen/terminalSetup.js';

const terminal = { isTTY: true };

const table: Array<[Environment, ColorDepth]> = [
  [{ TERM: 'xterm-256color', NO_COLOR: '1' }, 'monochrome'],
  [{ TERM: 'xterm-256color', COLORTERM: 'truecolor', NO_COLOR: 'yes' }, 'monochrome'],
  [{ TERM: 'xterm-256color', NO_COLOR: '' }, 'xterm256'],
  [{ TERM: 'xterm-256color', COLORTERM: 'truecolor' }, 'truecolor'],
  [{ TERM: 'xterm', COLORTERM: '24bit' }, 'truecolor'],
  [{ TERM: 'xterm-256color' }, 'xterm256'],
  [{ TERM: 'xterm' }, 'basic16'],
  [{ TERM: 'linux' }, 'basic16'],
  [{ TERM: 'vt100' }, 'basic8'],
  [{ TERM: 'dumb' }, 'monochrome'],
  [{}, 'monochrome'],
  [{ TERM: 'tmux-256color', TMUX: '/tmp/tmux-0/default,1,0' }, 'xterm256'],
  [{ TERM: 'tmux-256color', TMUX: '/tmp/tmux-0/default,1,0', COLORTERM: 'truecolor' }, 'truecolor'],
  [{ TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0', COLORTERM: 'truecolor' }, 'basic8'],
  [{ TERM: 'screen', STY: '1234.pts-0.host' }, 'basic8'],
  [{ TERM: 'screen-256color', STY: '1234.pts-0.host' }, 'xterm256'],
  [{ TERM: 'xterm-direct' }, 'truecolor'],
  [{ TERM: 'xterm', FORCE_COLOR: '0' }, 'monochrome'],
  [{ TERM: 'dumb', FORCE_COLOR: '2' }, 'xterm256'],
  [{ TERM: 'xterm', FORCE_COLOR: '3' }, 'truecolor'],
];

test('colour support from the environment', () => {
  for (const [environment, depth] of table) {
    const support = detectColorSupport(environment, terminal);
    assert.is(support.depth, depth, `${JSON.stringify(environment)} → ${support.depth} (${support.reason})`);
    assert.ok(support.reason.length > 0 && !support.reason.includes('\n'));
  }
});

test('an output that is not a terminal gets no colour unless FORCE_COLOR says so', () => {
  assert.is(detectColorSupport({ TERM: 'xterm-256color' }, { isTTY: false }).depth, 'monochrome');
  assert.is(detectColorSupport({ TERM: 'xterm-256color', FORCE_COLOR: '2' }, { isTTY: false }).depth, 'xterm256');
});

test('any *-256color TERM is handed to blessed as xterm-256color; others are kept', () => {
  for (const term of ['tmux-256color', 'screen-256color', 'rxvt-unicode-256color', 'foot-256color']) {
    const plan = planBlessedTerminal({ TERM: term });
    assert.is(plan.terminal, 'xterm-256color', term);
    assert.is(plan.originalTerm, term);
    assert.match(plan.note ?? '', new RegExp(`TERM=${term}`));
  }
  for (const term of ['xterm-256color', 'xterm', 'screen', 'linux']) {
    const plan = planBlessedTerminal({ TERM: term });
    assert.is(plan.terminal, term);
    assert.is(plan.note, null);
  }
  assert.is(planBlessedTerminal({}).terminal, 'xterm-256color');
});

test('the plan sets TERM in an environment and puts it back', () => {
  const environment: Record<string, string | undefined> = { TERM: 'screen-256color', HOME: '/home/someone' };
  const restore = planBlessedTerminal(environment).applyToEnvironment(environment);
  assert.is(environment.TERM, 'xterm-256color');
  restore();
  assert.equal(environment, { TERM: 'screen-256color', HOME: '/home/someone' });
  const empty: Record<string, string | undefined> = {};
  planBlessedTerminal(empty).applyToEnvironment(empty)();
  assert.ok(!Object.hasOwn(empty, 'TERM'));
});

test('blessed matches palette hex colours to 8 until its colour cache is reset', () => {
  const blessed = createRequire(import.meta.url)('blessed') as typeof import('blessed');
  const colors = blessed.colors as unknown as { match(hex: string): number };
  // Loading blessed leaves 8-colour matches in the cache for every palette colour (#5f87af is index 67).
  assert.ok(colors.match('#5f87af') < 8);
  assert.is(prepareBlessedColors(blessed), true);
  assert.is(colors.match('#5f87af'), 67);
  assert.is(prepareBlessedColors({ colors: {} }), false);
});

test.run();
