// The status bar's text: server and connection, offline, downloads, what plays, plugin items and the latest message.
import type { ConnectionKind } from '../../plex/connectionRace.js';
import { displayWidth } from '../../base/displayWidth.js';
import { clip } from './formatting.js';

export interface StatusInput {
  serverName: string;
  connection: ConnectionKind;
  offline: boolean;
  activeDownloads: number;
  /** Entries whose caching paused for want of disk space. */
  pausedDownloads?: number;
  /** Visible plugin status bar items, in the order they were set. */
  pluginItems: readonly string[];
  /** What the play offers now ("Skip intro (s)", the up-next countdown), or null: shown before the message. */
  prompt?: string | null;
  /** The latest message, or null. */
  message: string | null;
  width: number;
}

export interface StatusParts {
  left: string;
  right: string;
}

export function statusParts(input: StatusInput): StatusParts {
  const where = input.offline ? `OFFLINE · ${input.serverName}` : `${input.serverName} (${input.connection})`;
  const downloads = input.activeDownloads > 0 ? ` · ↓ ${input.activeDownloads}` : '';
  const paused = (input.pausedDownloads ?? 0) > 0 ? ' · caching paused: disk full (evict with x in the cache panel)' : '';
  const prompt = input.prompt ? ` · ${input.prompt}` : '';
  const left = ` ${where}${downloads}${paused}${prompt}${input.message === null ? '' : ` · ${input.message}`}`;
  const right = `${input.pluginItems.join('  ')}${input.pluginItems.length > 0 ? '  ' : ''}? help `;
  const room = Math.max(0, input.width - displayWidth(right) - 1);
  return { left: clip(left, room), right };
}

/** A local address (loopback, private ranges, .local) is "local"; anything else reached directly is "remote". */
export function connectionKindOf(url: string): ConnectionKind {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 'remote';
  }
  if (/\.relay\.plex\.direct$|^relay\./i.test(host)) return 'relay';
  const plexDirect = /^(\d+)-(\d+)-(\d+)-(\d+)\./.exec(host);
  const address = plexDirect ? plexDirect.slice(1, 5).join('.') : host;
  if (address === 'localhost' || address.endsWith('.local') || address === '[::1]' || address === '::1') return 'local';
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(address)) return 'local';
  return 'remote';
}
