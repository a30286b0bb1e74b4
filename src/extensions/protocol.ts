// The messages between plexterm and its extension host over the IPC channel: requests, notifications, bridged observables, heartbeat.
import type { MediaKind } from '../playback/player.js';

export type ChannelMessage =
  | { type: 'request'; id: number; method: string; params: unknown[] }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'notify'; method: string; params: unknown[] }
  | { type: 'subscribe'; id: number; method: string; params: unknown[] }
  | { type: 'unsubscribe'; id: number }
  | { type: 'next'; id: number; value: unknown }
  | { type: 'error'; id: number; error: string }
  | { type: 'complete'; id: number };

export type HeartbeatMessage = { type: 'ping'; sequence: number } | { type: 'pong'; sequence: number } | { type: 'ready' };

export type HostMessage = ChannelMessage | HeartbeatMessage;

/** What the host is told about a plugin when it activates it. */
export interface ActivationData {
  id: string;
  folder: string;
  mainPath: string;
  /** The one folder the plugin may write in. */
  storagePath: string;
  settings: Record<string, unknown>;
  storage: Record<string, unknown>;
  /** Every player id in the valid plugins' `contributes.players`, with the plugins contributing it: no other plugin may register it. */
  playerOwners: Record<string, string[]>;
  /** Every command id in the valid plugins' `contributes.commands`, the same way: no other plugin may register it. */
  commandOwners?: Record<string, string[]>;
}

/** A player registered at run time, as the host reports it to plexterm (notifications `playerRegistered` and `playerDisposed`). */
export interface RuntimePlayer {
  id: string;
  title: string;
  mediaTypes: MediaKind[];
}

/** Live registrations (commands, players, status bar items, listeners) and bridged subscriptions of one plugin in the host. */
export interface PluginStats {
  registrations: number;
  subscriptions: number;
}

/** plexterm's answer to a plugin's process start: the process, or why it could not start (`code` "ENOENT" when the program is missing). */
export type StartedProcess = { ok: true; id: string; pid: number } | { ok: false; code: string; message: string };

/** The host's answer to `preparePlayer`: the prepared player's id, or null when the provider prepares none. */
export type PreparedId = string | null;

export interface LaunchedSession {
  sessionId: string;
  hasEvents: boolean;
  hasStop: boolean;
  /** The session can be seeked and show text on the player's screen (plugin API 1.2). */
  hasSeek: boolean;
  hasShowText: boolean;
  /** The session can keep its process for a play queue's next item (plugin API 1.4). */
  hasKeepForNext: boolean;
  /** The session can switch its tracks (plugin API 1.4). */
  hasSetTracks: boolean;
  /** The session can append the queue's next item to play without a gap (plugin API 1.4). */
  hasAppendNext: boolean;
}

const messageTypes = new Set(['request', 'reply', 'notify', 'subscribe', 'unsubscribe', 'next', 'error', 'complete', 'ping', 'pong', 'ready']);

export function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && messageTypes.has(String((value as { type?: unknown }).type));
}
