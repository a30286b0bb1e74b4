// Entries of a Plex list made safe to show: numbers sent as strings become numbers, what cannot be read is left out.
// A server (or a proxy, or an old version) that gets one field wrong must not cost the person the whole listing.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isRecord } from './responseBody.js';

/** How one list came out of the repair. */
export interface RepairedEntries<T> {
  entries: T[];
  /** Entries left out whole: not objects, or without what names them. */
  skipped: number;
  /** Fields (or list elements) of kept entries left out because their value could not be read. */
  droppedFields: number;
}

/** Each pass drops what was unreadable and checks again; a defect that survives this many passes skips the entry. */
const maxPasses = 4;

/** Repairs every entry of `list` in place where it can, and returns those that can be used. */
export function repairEntries<T>(list: readonly unknown[], validate: ValidateFunction<T>): RepairedEntries<T> {
  const result: RepairedEntries<T> = { entries: [], skipped: 0, droppedFields: 0 };
  for (const entry of list) {
    const dropped = isRecord(entry) ? repairEntry(entry, validate) : null;
    if (dropped === null) result.skipped += 1;
    else {
      result.entries.push(entry as T);
      result.droppedFields += dropped;
    }
  }
  return result;
}

/** How many values were dropped to make `entry` valid, or null when it cannot be. */
function repairEntry<T>(entry: Record<string, unknown>, validate: ValidateFunction<T>): number | null {
  let dropped = 0;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    if (validate(entry)) return dropped;
    const paths = outermostPaths(validate.errors ?? []);
    // The entry itself is wrong (a required field is missing): nothing to drop inside it.
    if (paths.some((path) => path.length === 0)) return null;
    for (const path of paths) dropValue(entry, path);
    dropped += paths.length;
  }
  return null;
}

/** The places the errors point at, without those inside another one, last first so removing list elements keeps the others' indices. */
function outermostPaths(errors: readonly ErrorObject[]): string[][] {
  const unique = new Map<string, string[]>();
  for (const error of errors) unique.set(error.instancePath, error.instancePath.split('/').slice(1).map(unescapePointer));
  const paths = [...unique.values()].filter((path) => ![...unique.values()].some((other) => other.length < path.length && other.every((part, index) => part === path[index])));
  return paths.sort(comparePathsDescending);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function comparePathsDescending(left: string[], right: string[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const a = left[index]!;
    const b = right[index]!;
    if (a === b) continue;
    const numeric = /^\d+$/.test(a) && /^\d+$/.test(b);
    return numeric ? Number(b) - Number(a) : b < a ? -1 : 1;
  }
  return right.length - left.length;
}

function dropValue(root: Record<string, unknown>, path: readonly string[]): void {
  let parent: unknown = root;
  for (const segment of path.slice(0, -1)) parent = isRecord(parent) || Array.isArray(parent) ? (parent as Record<string, unknown>)[segment] : undefined;
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isRecord(parent)) delete parent[last];
}
