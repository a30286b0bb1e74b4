// What every route handler of the demo server can reach: the library, the play state, options and identity.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoLibrary } from './library.js';
import type { DemoQuirks } from './options.js';
import type { PlayQueues } from './playQueues.js';
import type { PlayState } from './playState.js';
import type { PlaybackSessions } from './sessions.js';
import type { StreamChoices } from './streams.js';
import type { Timers } from './timers.js';
import type { Uplink } from './uplink.js';

export interface DemoContext {
  library: DemoLibrary;
  playState: PlayState;
  /** What is playing now, from timelines. */
  sessions: PlaybackSessions;
  playQueues: PlayQueues;
  /** Audio and subtitle streams chosen per part and user. */
  streamChoices: StreamChoices;
  timers: Timers;
  quirks: DemoQuirks;
  rateBytesPerSecond: number;
  /** Shared by every part body; null when unlimited. */
  uplink: Uplink | null;
  machineIdentifier: string;
  name: string;
  version: string;
  /** Seconds since the epoch when the server started. */
  startedAt: number;
  /** Milliseconds since the epoch when the server started, for slow-start. */
  startedAtMs: number;
  /**
   * Parts whose file was replaced behind the server's back (POST /__demo/parts/{id}/rewrite, with inspect):
   * same key, changestamp and size, other bytes and ETag. By part id, how many times.
   */
  partRewrites: Map<number, number>;
  /** Parts whose file was deleted behind the server's back (POST /__demo/parts/{id}/remove, with inspect): they answer 404. */
  removedParts: Set<number>;
}

export interface RouteRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** Query parameters, plus the form body's for PUT and POST. */
  params: URLSearchParams;
}

export type RouteHandler = (context: DemoContext, route: RouteRequest, match: RegExpExecArray) => void | Promise<void>;

export interface Route {
  pattern: RegExp;
  methods: readonly string[];
  handler: RouteHandler;
}

export const readMethods = ['GET', 'HEAD'] as const;
export const writeMethods = ['GET', 'PUT', 'POST'] as const;
export const changeMethods = ['PUT'] as const;
export const deleteMethods = ['DELETE'] as const;
