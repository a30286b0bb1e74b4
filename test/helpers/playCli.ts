// For the `plexterm play` tests: a demo server with its request log, its timeline reports, a fixture player plugin, and live mpv processes.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import type { DemoServer } from '../../src/demo/index.js';
import type { PlaybackEvent } from '../../src/playback/playbackEvents.js';
import { demoJson } from './demoServer.js';
import type { DemoStateJson } from './playbackHarness.js';

export function hasMpv(): boolean {
  try {
    execFileSync('mpv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function demoState(demo: DemoServer): Promise<DemoStateJson> {
  return demoJson(demo, '/__demo/state') as Promise<DemoStateJson>;
}

/** The `state` of every `/:/timeline` report about `ratingKey`, in the order the server got them. */
export async function timelineStates(demo: DemoServer, ratingKey: string): Promise<string[]> {
  const state = await demoState(demo);
  return state.requests
    .filter((request) => request.path.startsWith('/:/timeline'))
    .map((request) => new URL(request.path, 'http://demo').searchParams)
    .filter((params) => params.get('ratingKey') === ratingKey)
    .map((params) => params.get('state') ?? '');
}

/** The query of every `/:/timeline` report, in the order the server got them. */
export async function timelineReports(demo: DemoServer): Promise<URLSearchParams[]> {
  const state = await demoState(demo);
  return state.requests.filter((request) => request.path.startsWith('/:/timeline')).map((request) => new URL(request.path, 'http://demo').searchParams);
}

/** A line of `play --json` besides the playback events: the signal that stopped it, a skipped entry, the queue's end. */
export type QueueLine =
  | { type: 'stopped'; signal: string; ratingKey?: string; playQueueItemID?: number }
  | { type: 'skipped'; ratingKey: string; playQueueItemID: number; message: string }
  | { type: 'queueEnded'; playQueueID: number | null; played: number; skipped: number; reason: string; code?: string; message?: string };

/** The JSON lines of `play --json`. */
export function playEvents(lines: readonly string[] | string): Array<PlaybackEvent | QueueLine> {
  const list = typeof lines === 'string' ? lines.split('\n') : lines;
  return list.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as PlaybackEvent | QueueLine);
}

/** Processes whose command line contains `text` (the stream URL names one playback), from /proc. */
export async function processesMentioning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name)) continue;
    const commandLine = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(text)) found.push(Number(name));
  }
  return found;
}

interface FixturePlayer {
  name: string;
  id: string;
  title: string;
  /** How often it reports a position, and how far it moves each time (ms). */
  everyMs: number;
  stepMs: number;
  /** The item's length from startAt; with `ends`, it reports ended there, else it plays on (the position past it) until stopped. */
  lengthMs: number;
  ends: boolean;
  /** Its sessions can be seeked (plugin API 1.2): the next position it reports is the one asked for, and it logs `seek <ms>`. */
  seeks?: boolean;
}

/** A player plugin that plays nothing and reports as `player` says; it logs its launches and stops, so a test can read them in plugins.log. */
function fixturePlayerPlugin(player: FixturePlayer): { name: string; manifest: Record<string, unknown>; code: string } {
  const { id, everyMs, stepMs, lengthMs, ends, seeks = false } = player;
  return {
    name: player.name,
    manifest: { contributes: { players: [{ id, title: player.title, mediaTypes: ['video', 'audio'] }] } },
    code: `export function activate(context) {
  context.subscriptions.push(context.api.players.register(${JSON.stringify(id)}, {
    async launch(url, options) {
      context.log('launch ' + JSON.stringify({ url, options }));
      const timers = new Set();
      let position = options.startAt;
      const events$ = {
        subscribe(observer) {
          const duration = ${ends ? `options.startAt + ${lengthMs}` : String(lengthMs)};
          observer.next?.({ type: 'playing', position, duration });
          const timer = setInterval(() => {
            position = ${ends ? `Math.min(position + ${stepMs}, duration)` : `position + ${stepMs}`};
            observer.next?.({ type: 'position', position, duration });
            if (${ends ? 'position < duration' : 'true'}) return;
            clearInterval(timer);
            observer.next?.({ type: 'ended', position, duration });
            observer.complete?.();
          }, ${everyMs});
          timers.add(timer);
          return () => clearInterval(timer);
        },
      };
      const session = { events$, stop: async () => { for (const timer of timers) clearInterval(timer); context.log('stopped'); } };
      ${seeks ? `session.seek = async (to) => { context.log('seek ' + to); position = to - ${stepMs}; };` : ''}
      return session;
    },
  }));
}`,
  };
}

/** A player that plays nothing: on launch it reports playing at startAt, then a position every 200 ms of a 60 s item, until stopped. */
export const fakePlayerPlugin = fixturePlayerPlugin({ name: 'fake-player', id: 'fake', title: 'Fake player', everyMs: 200, stepMs: 200, lengthMs: 60_000, ends: false });

/**
 * A player whose items are short: playing at startAt, then a position every 50 ms, 250 ms further each time,
 * until its end 1 s of item later (past 90 %: the item is marked watched), then ended.
 */
export const endingPlayerPlugin = fixturePlayerPlugin({ name: 'ending-player', id: 'quick', title: 'Quick player', everyMs: 50, stepMs: 250, lengthMs: 1000, ends: true });

/**
 * A player that plays a whole demo episode (40 s, its intro at 2–10 s, credits at 34–40 s) in 2 s: a position every
 * 50 ms, 1 s further each time, then ended; its sessions can be seeked (skip intro).
 */
export const seekingPlayerPlugin = fixturePlayerPlugin({ name: 'seeking-player', id: 'seeker', title: 'Seeking player', everyMs: 50, stepMs: 1000, lengthMs: 40_000, ends: true, seeks: true });

/** Asks the mpv at `socket` one command over its JSON IPC (a client of its own): its reply's `error` and `data`. */
export async function askMpv(socket: string, ...command: unknown[]): Promise<{ error: string; data?: unknown }> {
  const client = connect(socket);
  try {
    await once(client, 'connect');
    client.write(`${JSON.stringify({ command, request_id: 7 })}\n`);
    let buffer = '';
    for await (const chunk of client) {
      buffer += String(chunk);
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as { request_id?: number; error: string; data?: unknown };
        if (message.request_id === 7) return message;
      }
    }
    throw new Error(`mpv closed its socket before answering ${JSON.stringify(command)}`);
  } finally {
    client.destroy();
  }
}
