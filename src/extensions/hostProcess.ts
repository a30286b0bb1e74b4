// plexterm's side of the extension host process: fork it, pipe its output to the log, watch its heartbeat, notice its end.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childEnvironment } from '../base/childEnvironment.js';
import { packageRoot } from '../base/packageRoot.js';
import { Channel, type ChannelHandlers } from './channel.js';
import { processCpuMs } from './processCpuTime.js';
import { isHostMessage } from './protocol.js';
import { sandboxArguments, type SandboxFolders } from './hostSandbox.js';

export interface HostExit {
  /** True when plexterm itself ended the host. */
  expected: boolean;
  /** One line: "exited with code 3", "was killed by SIGABRT", "stopped answering for 3 s". */
  description: string;
}

export interface HostProcessOptions {
  /** How often the host is pinged; about three missed answers in a row mean it is stuck. */
  heartbeatMs: number;
  /** Every line the host (or a plugin in it) prints. */
  log(line: string): void;
  handlers: ChannelHandlers;
  toError?(message: string): Error;
  /** Called once when the host ends, before its pending requests are rejected. */
  onExit(exit: HostExit): void;
  /** What the host may read and write under Node's permission model. */
  sandbox: SandboxFolders;
  /** The run's environment; the host gets only what childEnvironment allows of it. */
  environment: NodeJS.ProcessEnv;
  /** Node's compile cache for the host (NODE_COMPILE_CACHE, on from its first module), in a folder the sandbox lets it write; null for none. */
  compileCacheFolder?: string | null;
}

const readyTimeoutMs = 30_000;
const missedBeats = 3;
/** Beats of silence after which a host that is not spinning counts as stuck all the same. */
const silentBeats = 30;

/** What the host process runs: its own module, and the plugin API's and rxjs's, which it hands plugins that import plexterm/api and plexterm/rxjs. */
export interface HostModules {
  host: string;
  api: string;
  rxjs: string;
}

/** Defined (as true) only in the bundle that `npm run build` makes (scripts/bundle.mjs). */
declare const PLEXTERM_BUNDLED: boolean | undefined;

/** In the bundle (dist/bundle, what the plexterm command runs): its host/ folder, known at once; elsewhere null. */
function bundledHostModules(): HostModules | null {
  if (typeof PLEXTERM_BUNDLED === 'undefined') return null;
  const folder = join(packageRoot(), 'dist', 'bundle', 'host');
  return { host: join(folder, 'hostMain.js'), api: join(folder, 'api.js'), rxjs: join(folder, 'rxjs.js') };
}

/**
 * In the bundle (dist/bundle, what the plexterm command runs): its host/ folder. In tsc's dist: hostMain.js and api/index.js. From the sources: hostMain.ts and api/index.ts bundled
 * (see hostBundle.ts).
 */
async function hostModules(): Promise<HostModules> {
  const bundled = bundledHostModules();
  if (bundled !== null) return bundled;
  const extension = extname(fileURLToPath(import.meta.url));
  const host = fileURLToPath(new URL(`./hostMain${extension}`, import.meta.url));
  const api = fileURLToPath(new URL(`../api/index${extension}`, import.meta.url));
  const rxjs = fileURLToPath(new URL(`../api/rxjs${extension}`, import.meta.url));
  if (extension !== '.ts') return { host, api, rxjs };
  // A name TypeScript does not follow: hostBundle needs esbuild, a development dependency, so the
  // build leaves it out of dist (tsconfig.build.json), where this line never runs.
  const bundler: string = './hostBundle.js';
  const { bundledModule } = (await import(bundler)) as { bundledModule(sourcePath: string): Promise<string> };
  const [bundledHost, bundledApi, bundledRxjs] = await Promise.all([bundledModule(host), bundledModule(api), bundledModule(rxjs)]);
  return { host: bundledHost, api: bundledApi, rxjs: bundledRxjs };
}

export class HostProcess {
  readonly channel: Channel;
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;
  private heartbeat: NodeJS.Timeout | undefined;
  private expectedEnd = false;
  private stuckFor: number | null = null;

  private constructor(
    private readonly options: HostProcessOptions,
    modules: HostModules,
  ) {
    // The API's and rxjs's modules are the host's arguments: it resolves plugins' plexterm/api and plexterm/rxjs to them (hostMain.ts).
    this.child = fork(modules.host, [modules.api, modules.rxjs], {
      execArgv: sandboxArguments(options.sandbox),
      // In plexterm's install: the one folder it may read besides the plugins'.
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // An allowlist: plugins never see the Plex token, nor any other PLEXTERM_* variable.
      env: { ...childEnvironment(options.environment), ...(options.compileCacheFolder ? { NODE_COMPILE_CACHE: options.compileCacheFolder } : {}) },
      serialization: 'json',
    });
    this.channel = new Channel((message) => this.child.send(message), options.handlers, options.toError);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => options.log(line));
    }
    this.exited = once(this.child, 'exit').then(([code, signal]) => this.ended(code as number | null, signal as NodeJS.Signals | null));
    this.child.on('error', () => undefined); // a failed send or kill also ends in 'exit'
    this.child.on('message', (message: unknown) => {
      if (isHostMessage(message) && message.type !== 'ready' && message.type !== 'ping' && message.type !== 'pong') this.channel.receive(message);
    });
  }

  /**
   * Forks a host and resolves once it says it is ready; rejects if it ends first. From the bundle it forks in the
   * caller's turn. `forked` is told the host as soon as it is forked: its channel takes requests from then on, which
   * Node holds until the host listens (a child's messages wait for its first 'message' listener), so a request need
   * not wait for this process to hear "ready", which waits behind whatever this process is busy with.
   */
  static async start(options: HostProcessOptions, forked?: (host: HostProcess) => void): Promise<HostProcess> {
    const host = new HostProcess(options, bundledHostModules() ?? (await hostModules()));
    forked?.(host);
    await host.whenReady();
    host.startHeartbeat();
    return host;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Ends the host (SIGKILL) and resolves once it is gone. */
  async kill(): Promise<void> {
    this.expectedEnd = true;
    if (this.isRunning) this.child.kill('SIGKILL');
    await this.exited;
  }

  private whenReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => void this.kill(), readyTimeoutMs);
      const onMessage = (message: unknown) => {
        if (!isHostMessage(message) || message.type !== 'ready') return;
        cleanup();
        resolve();
      };
      const onExit = () => {
        cleanup();
        reject(new Error('the plugin host ended before it was ready'));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  private startHeartbeat(): void {
    const beat = this.options.heartbeatMs;
    const pid = this.child.pid;
    const cpuNow = () => (pid === undefined ? undefined : processCpuMs(pid));
    let lastPong = performance.now();
    let cpuAtLastPong = cpuNow();
    let lastCheck = lastPong;
    let sequence = 0;
    const answered = (now: number) => {
      lastPong = now;
      cpuAtLastPong = cpuNow();
    };
    this.child.on('message', (message: unknown) => {
      if (isHostMessage(message) && message.type === 'pong') answered(performance.now());
    });
    this.heartbeat = setInterval(() => {
      const now = performance.now();
      // When plexterm itself was busy, answers may wait unread: do not blame the host for that.
      if (now - lastCheck > 2 * beat) answered(now);
      lastCheck = now;
      if (this.isStuck(now - lastPong, cpuAtLastPong, cpuNow(), beat)) {
        this.stuckFor = now - lastPong;
        this.child.kill('SIGKILL');
        return;
      }
      sequence += 1;
      if (this.child.connected) this.child.send({ type: 'ping', sequence }, () => undefined);
    }, beat);
    this.heartbeat.unref();
  }

  /**
   * Silence alone does not prove a loop: on a machine whose cores are busy with other work the host
   * may wait seconds to be scheduled at all. A host is stuck once it has spent missedBeats × beat of
   * CPU time since its last answer without answering (a loop, or synchronous work that long), or,
   * where the CPU time cannot be read, or the host is blocked without spinning, once it has been
   * silent for `silentBeats` beats.
   */
  private isStuck(silentMs: number, cpuAtLastPong: number | undefined, cpuMs: number | undefined, beat: number): boolean {
    if (silentMs <= missedBeats * beat) return false;
    if (cpuAtLastPong === undefined || cpuMs === undefined) return true;
    return cpuMs - cpuAtLastPong >= missedBeats * beat || silentMs > silentBeats * beat;
  }

  private ended(code: number | null, signal: NodeJS.Signals | null): void {
    clearInterval(this.heartbeat);
    const description =
      this.stuckFor !== null
        ? `stopped answering for ${(this.stuckFor / 1000).toFixed(1)} s (stuck in a loop?)`
        : signal !== null
          ? `was killed by ${signal}`
          : `exited with code ${code ?? 'unknown'}`;
    const exit: HostExit = { expected: this.expectedEnd, description };
    try {
      this.options.onExit(exit);
    } finally {
      this.channel.close(`the plugin host ${description}`);
    }
  }
}
