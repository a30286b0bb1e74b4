// Processes a plugin has plexterm start for it: the sandboxed plugin host starts none itself.
import type { Observable } from 'rxjs';

/** A signal a plugin may send to a process it started. */
export type ProcessSignal = 'SIGTERM' | 'SIGKILL' | 'SIGINT';

/** What a started process reports: its output as it comes (chunks, not lines), then its exit, last. */
export type ProcessEvent =
  | { type: 'stdout'; text: string }
  | { type: 'stderr'; text: string }
  | { type: 'exit'; code: number | null; signal: string | null };

export interface ProcessOptions {
  /** Report stdout as `stdout` events; otherwise it is discarded. stderr is always reported. */
  stdout?: boolean;
  /**
   * Give the process fd 3, a pipe whose other end plexterm holds: it closes when plexterm ends, even
   * by kill -9, so a player watching it quits (mpv's `--input-ipc-client=fd://3`). What the process
   * writes there is discarded.
   */
  lifeline?: boolean;
}

export interface PluginProcess {
  readonly pid: number;
  /** Its output and exit; subscribe once, soon after start: nothing is lost meanwhile. */
  readonly events$: Observable<ProcessEvent>;
  /** Sends `signal` (default SIGTERM) if it still runs. */
  kill(signal?: ProcessSignal): Promise<void>;
}

export interface ProcessesApi {
  /**
   * Has plexterm start `command` (a path, or a name on PATH) with `args`: plugins run in a sandbox
   * that starts no process itself. The process gets a cleaned environment (no PLEXTERM_* variable,
   * never the token), no terminal (stdin closed), and ends when plexterm ends, when the plugin is
   * deactivated, or when the plugin host stops. Rejects when it cannot start; the error's `code` is
   * "ENOENT" when the program is not installed.
   */
  start(command: string, args: readonly string[], options?: ProcessOptions): Promise<PluginProcess>;
}

export interface TerminalApi {
  /** Runs a command on the person's terminal (plexterm's screen is suspended meanwhile); resolves with its exit code. */
  run(command: string, args: readonly string[]): Promise<number>;
}
