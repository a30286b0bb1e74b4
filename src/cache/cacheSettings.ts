// The cache's settings and their defaults; the config file's "cache" section overrides them.

const mebibyte = 1024 * 1024;
const gibibyte = 1024 * mebibyte;

export interface CacheSettings {
  /** Bytes on disk from the start of the file before an entry is `ready` (0 allowed). */
  startBuffer: number;
  chunkSize: number;
  /** Upstream requests in flight per entry. */
  concurrency: number;
  /** How far ahead of each reader to fetch. */
  readAheadBytes: number;
  /** The most the cache keeps on disk; least recently used entries go first. */
  maxSize: number;
  /** Free disk space to leave for everything else. */
  freeReserve: number;
  /** Port of the stream proxy on 127.0.0.1; 0 lets the OS choose. */
  proxyPort: number;
  /** Seconds a media download may go without a byte before it is retried, then failed. */
  idleTimeout: number;
  /**
   * Seconds after the server last confirmed an entry's bytes during which a play trusts them: the entry is
   * `ready` without asking the server first, and checked in the background once the player reads (0: always ask first).
   */
  revalidateAfter: number;
}

export const defaultCacheSettings: Readonly<CacheSettings> = Object.freeze({
  startBuffer: 2 * mebibyte,
  chunkSize: 4 * mebibyte,
  concurrency: 3,
  readAheadBytes: 16 * mebibyte,
  maxSize: 20 * gibibyte,
  freeReserve: 1 * gibibyte,
  proxyPort: 0,
  idleTimeout: 30,
  revalidateAfter: 24 * 60 * 60,
});

/** Settings that are durations in seconds (numbers, or text such as `24h`, `90m`, `1d`), not sizes. */
const durationSettings: ReadonlySet<string> = new Set(['revalidateAfter']);
const secondsPer: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses `24h`, `90m`, `30s`, `1d` or `3600` (seconds); null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return null;
  const value = Math.round(Number(match[1]) * (secondsPer[(match[2] ?? '').toLowerCase()] ?? Number.NaN));
  return Number.isSafeInteger(value) ? value : null;
}

const units: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: mebibyte, mb: 1e6, mib: mebibyte, g: gibibyte, gb: 1e9, gib: gibibyte, t: 1024 * gibibyte, tb: 1e12, tib: 1024 * gibibyte };

/** Parses sizes such as `20GiB`, `500 MB`, `2m` or `1048576`; null when it is not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const factor = units[(match[2] ?? '').toLowerCase()];
  if (factor === undefined) return null;
  const value = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(value) ? value : null;
}

/** Settings from the config's "cache" section (numbers or size strings); unknown or bad values keep the default. */
export function cacheSettingsFrom(section: unknown, warn: (message: string) => void = () => {}): CacheSettings {
  const settings: CacheSettings = { ...defaultCacheSettings };
  if (section === undefined || section === null) return settings;
  if (typeof section !== 'object' || Array.isArray(section)) {
    warn('the "cache" setting must be an object; using the defaults');
    return settings;
  }
  for (const [name, raw] of Object.entries(section as Record<string, unknown>)) {
    if (!(name in defaultCacheSettings)) {
      warn(`unknown cache setting "${name}" ignored`);
      continue;
    }
    const parse = durationSettings.has(name) ? parseDuration : parseByteSize;
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? parse(raw) : null;
    if (value === null || !Number.isSafeInteger(value) || value < 0 || (value === 0 && !['startBuffer', 'proxyPort', 'freeReserve', 'revalidateAfter'].includes(name))) {
      warn(`cache setting "${name}" has a bad value ${JSON.stringify(raw)}; using ${defaultCacheSettings[name as keyof CacheSettings]}`);
      continue;
    }
    settings[name as keyof CacheSettings] = value;
  }
  return settings;
}
