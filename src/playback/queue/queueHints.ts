// What earlier plays learnt of a server and its items (the server's machineIdentifier, an item's type), kept in
// `<data>/queue-hints.json`, so that a play of an item played before sends `POST /playQueues` beside the item's metadata
// request instead of after its answer: one round trip fewer before the player gets its URL (issue 15). A hint is only
// ever a guess: createQueuePlan (queueSource.ts) takes the queue it made only when the answers call for that very
// request. ARCHITECTURE.md ("A play, from the key press to the first frame") tells where it sits in a play.
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurably } from '../../base/durableFile.js';

/** What a play learnt: the server's identity and the item's type (`movie`, `episode`, `track`...), as the server said them. */
export interface QueueHint {
  machineIdentifier: string;
  type: string;
}

/** The hints of one server, for the queue's making (createQueuePlan). */
export interface QueueHints {
  /** What an earlier play of `ratingKey` learnt, if one did. */
  hintFor(ratingKey: string): QueueHint | undefined;
  /**
   * What this play learnt of `ratingKey`, kept for the next play: written in the background (nothing waits for it), the
   * promise settles once it is written or failed (a failure is logged, never thrown).
   */
  learnt(ratingKey: string, hint: QueueHint): Promise<void>;
}

/** The file's name in plexterm's data folder. */
export const queueHintsName = 'queue-hints.json';

/** Servers kept, and items kept per server: the oldest go first. The file stays under some 10 KB per server. */
const maxServers = 16;
const maxItems = 256;

interface ServerHints {
  machineIdentifier: string;
  /** [ratingKey, type] pairs, oldest first (a list: an object orders numeric keys by value, and ratingKeys are numbers). */
  items: Array<[string, string]>;
}

interface HintFile {
  version: 1;
  /** [address, hints] pairs, oldest first. */
  servers: Array<[string, ServerHints]>;
}

/**
 * The name a server is kept under: its address without credentials, query or fragment (a token in an address never
 * reaches the file).
 */
export function serverKeyOf(address: string): string | null {
  try {
    const url = new URL(address);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** A list of [string, T] pairs. */
function isPairsOf<T>(value: unknown, check: (entry: unknown) => entry is T): value is Array<[string, T]> {
  return Array.isArray(value) && value.every((pair: unknown) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && check(pair[1]));
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isServerHints(value: unknown): value is ServerHints {
  if (typeof value !== 'object' || value === null) return false;
  const hints = value as Partial<ServerHints>;
  return typeof hints.machineIdentifier === 'string' && isPairsOf(hints.items, isString);
}

/** Far above what this module writes (some 16 × 256 short pairs): a larger file is not read, and is rewritten. */
const maxFileBytes = 1024 * 1024;

/** The file's hints; none when it is missing, unreadable, too large or not what this module writes (it is rewritten at the next play). */
function readHintFile(path: string): HintFile {
  try {
    if (statSync(path).size > maxFileBytes) return { version: 1, servers: [] };
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<HintFile>;
    if (parsed.version === 1 && isPairsOf(parsed.servers, isServerHints)) return { version: 1, servers: parsed.servers };
  } catch {
    // missing or damaged: a hint is never needed
  }
  return { version: 1, servers: [] };
}

/** `pairs` with `key` set to `value` as the newest, without the oldest beyond `limit`. */
function withNewest<T>(pairs: ReadonlyArray<[string, T]>, key: string, value: T, limit: number): Array<[string, T]> {
  const entries = new Map(pairs);
  entries.delete(key);
  entries.set(key, value);
  return [...entries].slice(Math.max(0, entries.size - limit));
}

/**
 * The hints kept in `path` for the server at `address`, read synchronously (a small file, read before the play's first
 * request). `log` hears a write that failed (a full disk): the play goes on without.
 */
export function queueHintsFile(path: string, address: string, log?: (message: string) => void): QueueHints {
  const key = serverKeyOf(address);
  const file = key === null ? null : readHintFile(path);
  const serverOf = (hints: HintFile) => new Map(hints.servers).get(key ?? '');
  const kept = file === null ? undefined : serverOf(file);
  const types = new Map(kept?.items);
  return {
    hintFor(ratingKey) {
      const type = types.get(ratingKey);
      return kept && type !== undefined ? { machineIdentifier: kept.machineIdentifier, type } : undefined;
    },
    learnt(ratingKey, hint) {
      if (key === null || file === null) return Promise.resolve();
      const before = serverOf(file);
      const same = before?.machineIdentifier === hint.machineIdentifier;
      // The same as kept: nothing to write (a replay writes nothing).
      if (same && new Map(before.items).get(ratingKey) === hint.type) return Promise.resolve();
      // Another machineIdentifier at this address is another server (or the same reinstalled): what was kept of the old one goes.
      const server = { machineIdentifier: hint.machineIdentifier, items: withNewest(same ? before.items : [], ratingKey, hint.type, maxItems) };
      file.servers = withNewest(file.servers, key, server, maxServers);
      const text = `${JSON.stringify(file)}\n`;
      return mkdir(dirname(path), { recursive: true, mode: 0o700 })
        .then(() => writeFileDurably(path, text))
        .catch((error: unknown) => log?.(`the queue hints were not saved (${error instanceof Error ? error.message : String(error)}); the next play makes its queue one round trip later`));
    },
  };
}

/**
 * Hints from what the caller knows already, kept nowhere: `item` as a listing showed it (its type), on the server whose
 * machineIdentifier the session learnt (the TUI has both before Enter is pressed). None without a machineIdentifier.
 */
export function knownItemHints(item: { ratingKey: string; type: string }, machineIdentifier: string | null): QueueHints {
  return {
    hintFor: (ratingKey) => (machineIdentifier !== null && ratingKey === item.ratingKey ? { machineIdentifier, type: item.type } : undefined),
    learnt: () => Promise.resolve(),
  };
}
