// Parsers for option values, turning bad input into usage errors (exit code 1).
import { UsageError } from '../base/errors.js';

export function wholeNumber(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) {
      throw new UsageError(`${name} must be a whole number of 0 or more, not "${value}"`);
    }
    return parsed;
  };
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function positiveSeconds(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
      throw new UsageError(`${name} must be a number of seconds above 0, not "${value}"`);
    }
    return parsed;
  };
}
