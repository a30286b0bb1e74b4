// Processes plexterm starts for plugins (players, tools): the sandboxed plugin host may start none itself, so it asks plexterm.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Observable, type Subscriber } from 'rxjs';
import { childEnvironment } from '../base/childEnvironment.js';
import type { ProcessEvent, ProcessOptions, ProcessSignal } from '../api/index.js';
import type { StartedProcess } from './protocol.js';

const signals: ReadonlySet<string> = new Set<ProcessSignal>(['SIGTERM', 'SIGKILL', 'SIGINT']);
const killGraceMs = 2000;

/**
 * The path of the executable `command`: itself when it names a path, else the first match on PATH;
 * null when there is none.
 */
function findExecutable(command: string, path = process.env.PATH ?? ''): string | null {
  const candidates = command.includes('/') ? [command] : path.split(delimiter).filter(Boolean).map((folder) => join(folder, command));
  return (
    candidates.find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null
  );
}

/**
 * util-linux's setpriv gives a process a parent-death signal: the kernel sends it SIGTERM when
 * plexterm ends in any way, SIGKILL included. Where it is missing, the process is ended when the
 * plugin that started it stops, or the host ends; a lifeline (fd 3) ends the players that watch it.
 */
function withParentDeathSignal(command: string, args: readonly string[]): [string, string[]] {
  const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;
  const program = setpriv === null ? null : findExecutable(command);
  return setpriv === null || program === null ? [command, [...args]] : [setpriv, ['--pdeathsig', 'TERM', '--', program, ...args]];
}

/**
 * One process's events, held until the plugin subscribes, then passed on. The plugin asks for them in
 * a second request after the start; on a busy machine a player that fails at once has exited by then,
 * so the record outlives the process until its exit was delivered (`forget` then drops it).
 */
class ProcessRecord {
  private held: ProcessEvent[] | null = [];
  private subscriber: Subscriber<ProcessEvent> | null = null;
  private ended = false;
  /** Its plugin stopped: no one will ask for its events any more. */
  abandoned = false;

  constructor(
    readonly pluginId: string,
    readonly child: ChildProcess,
    private readonly forget: () => void,
  ) {}

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  emit(event: ProcessEvent): void {
    if (this.ended) return;
    if (event.type === 'exit') this.ended = true;
    if (this.subscriber) this.subscriber.next(event);
    else this.held?.push(event);
    if (this.ended && (this.subscriber || this.abandoned)) {
      this.subscriber?.complete();
      this.forget();
    }
  }

  readonly events$ = new Observable<ProcessEvent>((subscriber) => {
    if (this.held === null) {
      subscriber.error(new Error('the events of a process can be followed once'));
      return undefined;
    }
    const held = this.held;
    this.held = null;
    for (const event of held) subscriber.next(event);
    if (this.ended) {
      subscriber.complete();
      this.forget();
      return undefined;
    }
    this.subscriber = subscriber;
    return () => {
      this.subscriber = null;
    };
  });
}

export class PluginProcesses {
  private readonly records = new Map<string, ProcessRecord>();

  /** `environment`: the run's, of which started processes get only what childEnvironment allows. */
  constructor(private readonly environment: NodeJS.ProcessEnv = process.env) {}

  /** Starts `command` for `pluginId` with a cleaned environment; resolves once it runs or could not start. */
  async start(pluginId: string, command: string, args: readonly string[], options: ProcessOptions = {}): Promise<StartedProcess> {
    const [program, programArgs] = withParentDeathSignal(command, args);
    const child = spawn(program, programArgs, {
      stdio: ['ignore', options.stdout ? 'pipe' : 'ignore', 'pipe', ...(options.lifeline ? (['pipe'] as const) : [])],
      env: childEnvironment(this.environment),
    });
    const started = await new Promise<Error | null>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', resolve);
    });
    if (started !== null) {
      const code = (started as NodeJS.ErrnoException).code ?? 'unknown';
      return { ok: false, code, message: code === 'ENOENT' ? 'it is not installed or not on PATH' : started.message };
    }
    const id = randomUUID();
    const record = new ProcessRecord(pluginId, child, () => this.records.delete(id));
    this.records.set(id, record);
    child.on('error', () => undefined); // a failed kill; the exit follows all the same
    child.stdout?.setEncoding('utf8').on('data', (text: string) => record.emit({ type: 'stdout', text }));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => record.emit({ type: 'stderr', text }));
    // The lifeline: plexterm holds its end, and drops what the process writes there.
    const lifeline = child.stdio[3];
    if (lifeline && 'resume' in lifeline) lifeline.on('error', () => undefined).resume();
    // The record stays until the plugin has the exit (see ProcessRecord), or the plugin stops.
    child.once('close', (code, signal) => record.emit({ type: 'exit', code, signal }));
    return { ok: true, id, pid: child.pid ?? -1 };
  }

  /** The output and exit of process `id`, if `pluginId` started it. */
  events(pluginId: string, id: string): Observable<ProcessEvent> {
    const record = this.records.get(id);
    if (!record || record.pluginId !== pluginId) return new Observable((subscriber) => subscriber.error(new Error(`no process ${id} of this plugin runs`)));
    return record.events$;
  }

  /** Sends `signal` to process `id`, if `pluginId` started it and it still runs. */
  kill(pluginId: string, id: string, signal: string): void {
    const record = this.records.get(id);
    if (!record || record.pluginId !== pluginId || record.hasExited) return;
    record.child.kill(signals.has(signal) ? (signal as ProcessSignal) : 'SIGTERM');
  }

  /** Ends the processes of `pluginId` (every plugin's when null): SIGTERM now, SIGKILL if still running a moment later. */
  endAll(pluginId: string | null = null): void {
    for (const [id, record] of this.records) {
      if (pluginId !== null && record.pluginId !== pluginId) continue;
      // Its plugin is gone: an exit no one followed never will be, and a later one is forgotten at once.
      record.abandoned = true;
      if (record.hasExited) {
        this.records.delete(id);
        continue;
      }
      record.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!record.hasExited) record.child.kill('SIGKILL');
      }, killGraceMs);
      timer.unref();
    }
  }
}
