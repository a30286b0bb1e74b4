// The demo server's public shapes: what callers pass to startDemoServer and what they get back.
import type { DemoClock } from './timers.js';

export interface DemoQuirks {
  /** Parts answer 200 with the whole body, ignoring Range. */
  ignoreRange?: boolean;
  /** 206 answers carry `Content-Range: bytes a-b/*`. */
  unknownTotal?: boolean;
  /** Cut each part response (destroy the socket) after this many body bytes. */
  dropAfter?: number;
  /** Probability 0..1 of a 5xx (503 or 500) on any request, from a seeded PRNG. */
  flaky?: number;
  /** Seconds after start during which every request gets 503 "server is starting up". */
  slowStart?: number;
  /** Seconds: timeline responses of a session that has played that long carry terminationCode and terminationText. */
  terminateAfter?: number;
}

export type ConnectionHealth = 'live' | 'dead' | 'slow';

export interface DemoServerOptions {
  /** 0 or undefined = the OS picks. */
  port?: number;
  /** Default: one fixed identifier, the same on every run. */
  machineIdentifier?: string;
  /** Added before every response. */
  latencyMs?: number;
  /** Per-connection bandwidth for part bodies (0/undefined = unthrottled). */
  rateBytesPerSecond?: number;
  /** The server's uplink: one bandwidth all part bodies share at once (0/undefined = unlimited). */
  uplinkBytesPerSecond?: number;
  quirks?: DemoQuirks;
  /** Enables GET /__demo/state. */
  inspect?: boolean;
  /** Default: random 20 characters like a real Plex token. */
  token?: string;
  /** PRNG seed for flaky (default fixed). */
  seed?: number;
  /** When > 0, adds a "Big Library" movie section with that many lazily generated items. */
  bigSectionSize?: number;
  /** Fake plex.tv: a pin gets its authToken this long after creation (default 3000). */
  pinApproveAfterMs?: number;
  /** Fake plex.tv: a pin expires after this (default 15 min); an expired pin answers 404 with code 1020. */
  pinLifetimeMs?: number;
  /**
   * Fake plex.tv: names of servers friends share with the demo account, listed in resources before the
   * demo's own (owned: false). Their one connection is a closed port: they are away.
   */
  sharedServers?: string[];
  /** Health of each connection listed in resources; default all live. */
  connections?: { local?: ConnectionHealth; remote?: ConnectionHealth; relay?: ConnectionHealth };
  /** How late a 'slow' connection answers (default 1000). */
  slowConnectionDelayMs?: number;
  /** Every timer and "now" of the server (sessions going quiet, watch times); default the system clock. Tests pass a ManualClock. */
  clock?: DemoClock;
}

export interface DemoServer {
  /** http://127.0.0.1:PORT, the main server. */
  url: string;
  token: string;
  /** Base URL of the fake plex.tv, on its own 127.0.0.1 port. */
  plexTv: string;
  machineIdentifier: string;
  /** Friendly server name, "plexterm demo". */
  name: string;
  /** URLs listed in resources, each its own 127.0.0.1 port ('dead' = a closed port). */
  connections: { local: string; remote: string; relay: string };
  /** Closes every listener and socket and clears every timer. */
  close(): Promise<void>;
}
