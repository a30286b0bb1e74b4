// The cache benchmarks' cache process: what the parent asks of it (bench/cacheChild.ts), and the parent's handle on it.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CachePartRequest, CacheSettings } from '../src/cache/index.js';
import { nodeFlags } from '../src/base/runtimeFlags.js';

export interface CacheChildConfig {
  /** The cache folder (a temporary one the parent removes). */
  folder: string;
  /** The demo server the cache's upstreams talk to. */
  demoUrl: string;
  token: string;
  settings: Partial<CacheSettings>;
  /** Time every upstream request (probe and range fetches). Off for throughput figures: the wrapper costs a little. */
  traceFetches: boolean;
  /** When set, the child reports its RSS and downloaded bytes this often. */
  progressIntervalMs?: number;
}

/** One upstream request as the cache made it; times in ms on the shared clock (performance.timeOrigin + now). */
export interface FetchTrace {
  kind: 'probe' | 'range';
  start: number;
  /** Exclusive; null when asked to the end of the file. */
  end: number | null;
  requestedAt: number;
  headersAt: number | null;
  firstByteAt: number | null;
  endedAt: number | null;
  bytes: number;
}

export interface OpenResult {
  streamUrl: string;
  totalSize: number;
  /** When `open` was called, on the shared clock. */
  openedAt: number;
  /** Milliseconds from `open` to the first snapshot in each state. */
  states: Partial<Record<'probing' | 'sized' | 'ready', number>>;
}

export interface LoopDelay {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
}

export interface CacheCommands {
  open: { args: { request: CachePartRequest }; result: OpenResult };
  evict: { args: { key: string }; result: null };
  inFlight: { args: Record<string, never>; result: number };
  fetchLog: { args: Record<string, never>; result: FetchTrace[] };
  /** fdatasync/fsync calls of the cache's files since the last ask, as [start, end] on the shared clock (traceFetches only). */
  syncLog: { args: Record<string, never>; result: Array<[number, number]> };
  loopDelayStart: { args: { resolutionMs: number }; result: null };
  loopDelayStop: { args: Record<string, never>; result: LoopDelay };
  close: { args: Record<string, never>; result: null };
}

export type CacheCommandName = keyof CacheCommands;
export type CacheRequestMessage = { [K in CacheCommandName]: { id: number; command: K; args: CacheCommands[K]['args'] } }[CacheCommandName];
export type CacheReplyMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export interface CacheProgressMessage {
  progress: { at: number; rss: number; downloadedBytes: number };
}

/** The shared clock of parent and child: epoch milliseconds with sub-millisecond resolution. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export class CacheProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private stderr = '';
  private readonly exited: Promise<unknown>;
  /** The latest progress report (when the config asked for them). */
  progress: CacheProgressMessage['progress'] | null = null;

  private constructor(readonly child: ChildProcess) {
    this.exited = once(child, 'exit');
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    child.on('message', (message: CacheReplyMessage | CacheProgressMessage) => {
      if ('progress' in message) {
        this.progress = message.progress;
        return;
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(`cache process: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`cache process exited (${code ?? signal}): ${this.stderr.trim()}`));
      this.waiting.clear();
    });
  }

  /** Forks bench/cacheChild.ts with the parent's loader (tsx), plexterm's own node flags and `nodeArgs` (e.g. --cpu-prof), and waits until its cache is open. */
  static async start(config: CacheChildConfig, nodeArgs: string[] = []): Promise<CacheProcess> {
    const script = fileURLToPath(new URL('./cacheChild.ts', import.meta.url));
    // With extra node arguments (profiling, --trace-gc) what the child prints is wanted; otherwise nothing should be printed.
    const stdout = nodeArgs.length > 0 ? 'inherit' : 'ignore';
    const child = fork(script, [JSON.stringify(config)], { execArgv: [...process.execArgv, ...nodeFlags, ...nodeArgs], stdio: ['ignore', stdout, 'pipe', 'ipc'] });
    const handle = new CacheProcess(child);
    const [message] = (await Promise.race([once(child, 'message'), handle.exited.then(() => [null])])) as [unknown];
    if (message === null) throw new Error(`cache process did not start: ${handle.stderr.trim()}`);
    return handle;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  call<K extends CacheCommandName>(command: K, args: CacheCommands[K]['args']): Promise<CacheCommands[K]['result']> {
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        reject(new Error(`cache process already exited: ${this.stderr.trim()}`));
        return;
      }
      this.waiting.set(id, { resolve: (value) => resolve(value as CacheCommands[K]['result']), reject });
      this.child.send({ id, command, args } as CacheRequestMessage);
    });
  }

  /** Closes the cache politely (a --cpu-prof profile gets written), else kills the process. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    try {
      await Promise.race([this.call('close', {}).catch(() => null), this.exited]);
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
