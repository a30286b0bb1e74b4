// Parses the `--quirk NAME[=VALUE]` switches of `plexterm demo-server` into DemoQuirks.
import type { DemoQuirks } from './options.js';

type QuirkParser = (value: string | undefined, name: string) => DemoQuirks;

function flag(key: 'ignoreRange' | 'unknownTotal'): QuirkParser {
  return (value, name) => {
    if (value !== undefined) throw new Error(`quirk "${name}" takes no value (got "${value}")`);
    return { [key]: true };
  };
}

function number(key: 'dropAfter' | 'flaky' | 'slowStart' | 'terminateAfter', check: (value: number) => boolean, expected: string): QuirkParser {
  return (value, name) => {
    if (value === undefined || value.trim() === '') throw new Error(`quirk "${name}" needs a value: ${name}=<${expected}>`);
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || !check(parsed)) throw new Error(`quirk "${name}": "${value}" is not ${expected}`);
    return { [key]: parsed };
  };
}

const parsers: Record<string, QuirkParser> = {
  'ignore-range': flag('ignoreRange'),
  'unknown-total': flag('unknownTotal'),
  'drop-after': number('dropAfter', (value) => Number.isInteger(value) && value >= 0, 'a whole number of bytes >= 0'),
  flaky: number('flaky', (value) => value >= 0 && value <= 1, 'a probability between 0 and 1'),
  'slow-start': number('slowStart', (value) => value >= 0, 'a number of seconds >= 0'),
  'terminate-after': number('terminateAfter', (value) => value >= 0, 'a number of seconds >= 0'),
};

/** "ignore-range", "unknown-total", "drop-after=1000", "flaky=0.3", "slow-start=2", "terminate-after=5". */
export function parseQuirk(spec: string): DemoQuirks {
  const separator = spec.indexOf('=');
  const name = (separator < 0 ? spec : spec.slice(0, separator)).trim();
  const value = separator < 0 ? undefined : spec.slice(separator + 1).trim();
  const parser = parsers[name];
  if (!parser) throw new Error(`unknown quirk "${name}"; known: ${Object.keys(parsers).join(', ')}`);
  return parser(value, name);
}
