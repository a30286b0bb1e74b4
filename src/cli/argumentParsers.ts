// Parsers for option values, turning bad input into usage errors (exit code 1).
import { UsageError } from '../base/errors.js';
import { checkServerAddress } from '../base/serverAddress.js';

export function wholeNumber(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) {
      throw new UsageError(`${name} must be a whole number of 0 or more, not "${value}"`);
    }
    return parsed;
  };
}

/** A library's id, as `plexterm libraries` lists them: digits, kept as text (Plex keys are strings). */
export function sectionId(name: string): (value: string) => string {
  return (value: string): string => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a section id from plexterm libraries (a number), not "${value}"`);
    return value;
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

/** A Plex server address, checked when the arguments are read: nothing is fetched, printed or saved with a bad one. */
export function serverAddress(name: string): (value: string) => string {
  return (value: string): string => checkServerAddress(value, name);
}

/** A TCP port to listen on, 0 meaning any free one. */
export function portNumber(name: string): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
      throw new UsageError(`${name} must be a port from 0 to 65535 (0: any free port), not "${value}"`);
    }
    return parsed;
  };
}
