// The "maxAnswerSize" setting of config.json: the largest Plex API answer plexterm reads (media never counts).
import type { PlextermConfig } from '../base/config.js';
import { parseByteSize } from '../cache/cacheSettings.js';
import { defaultMaxAnswerBytes } from '../plex/answerSize.js';

/** The setting in bytes; a missing one is the default, a bad one is the default with a warning. */
export function maxAnswerBytesFrom(config: PlextermConfig, warn: (message: string) => void): number {
  const raw = config.maxAnswerSize;
  if (raw === undefined) return defaultMaxAnswerBytes;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseByteSize(raw) : null;
  if (value === null || !Number.isSafeInteger(value) || value < 1) {
    warn(`setting "maxAnswerSize" has a bad value ${JSON.stringify(raw)}; using ${defaultMaxAnswerBytes}`);
    return defaultMaxAnswerBytes;
  }
  return value;
}
