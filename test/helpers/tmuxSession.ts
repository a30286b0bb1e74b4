// Drives a real terminal for the TUI tests: a tmux server of its own (-L socket), keys in, the pane's text out, polled until it shows what is expected.
import { spawnSync } from 'node:child_process';
import { timeLimit } from './timeLimit.js';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export interface TmuxStart {
  command: string;
  width: number;
  height: number;
  cwd: string;
  environment?: Record<string, string>;
}

let sessions = 0;

export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /** A new tmux server with one detached session running `command`. */
  static start(options: TmuxStart): TmuxSession {
    sessions += 1;
    const socket = `plexterm-test-${process.pid}-${sessions}-${Date.now()}`;
    const session = new TmuxSession(socket);
    const environment = Object.entries(options.environment ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    session.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(options.width), '-y', String(options.height), '-c', options.cwd, ...environment, '-s', 'tui', options.command);
    return session;
  }

  tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.find((arg) => !arg.startsWith('-')) ?? ''} failed: ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** The pane's text now, one line per row. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', 'tui');
  }

  /** The pane with its colour and attribute escape sequences. */
  captureWithEscapes(): string {
    return this.tmux('capture-pane', '-e', '-p', '-t', 'tui');
  }

  /** The processes the pane's shell started (the program under test), by pid. */
  paneChildren(): number[] {
    const shell = this.tmux('display-message', '-p', '-t', 'tui', '#{pane_pid}').trim();
    const children = spawnSync('pgrep', ['-P', shell], { encoding: 'utf8' }).stdout;
    return children.split('\n').filter((line) => line.trim() !== '').map(Number);
  }

  /** Keys as tmux names them: 'j', 'Enter', 'Escape', 'C-p', 'BSpace'; `literal` sends text as typed. */
  keys(...keys: string[]): void {
    // `--`: a key or text that starts with '-' (a token can) is not read as a flag.
    this.tmux('send-keys', '-t', 'tui', '--', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'tui', '-l', '--', text);
  }

  resize(width: number, height: number): void {
    this.tmux('resize-window', '-t', 'tui', '-x', String(width), '-y', String(height));
  }

  /** Polls the pane until `expected` matches; the pane's text when it does, else throws with what it showed. */
  async waitFor(expected: RegExp | string | ((pane: string) => boolean), limitMs = 20_000): Promise<string> {
    const timeoutMs = timeLimit(limitMs);
    const deadline = Date.now() + timeoutMs;
    const matches = (pane: string) => (typeof expected === 'function' ? expected(pane) : typeof expected === 'string' ? pane.includes(expected) : expected.test(pane));
    let pane = '';
    for (;;) {
      try {
        pane = this.capture();
      } catch {
        pane = '(no pane)';
      }
      if (matches(pane)) return pane;
      if (Date.now() > deadline) throw new Error(`the pane did not show ${String(expected)} within ${timeoutMs} ms; it shows:\n${pane}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the tmux server and everything it runs. */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
  }
}
