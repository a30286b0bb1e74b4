// Makes the blessed screen the way every terminal needs it (TERM mapped, colour cache reset) and hands the terminal over to players.
import { childEnvironment } from '../../base/childEnvironment.js';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Widgets } from 'blessed';
import { placeGraphemesExactly } from './blessedGraphemes.js';
import { detectColorSupport, type ColorDepth } from './terminalColorSupport.js';
import { planBlessedTerminal, prepareBlessedColors } from './terminalSetup.js';

export type Blessed = typeof import('blessed');

export interface TuiScreen {
  blessed: Blessed;
  screen: Widgets.Screen;
  depth: ColorDepth;
  /** Ends the screen and gives TERM back; the terminal is as it was. */
  destroy(): void;
  /** Runs a program on the terminal itself: the screen is handed over and restored when it exits. */
  runOnTerminal(command: string, args: readonly string[]): Promise<number>;
}

export interface ScreenOptions {
  environment: NodeJS.ProcessEnv;
  /** Other streams than the process's own (benchmarks drive the TUI through pipes). */
  streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  log(line: string): void;
}

export function createTuiScreen(options: ScreenOptions): TuiScreen {
  const blessed = createRequire(import.meta.url)('blessed') as Blessed;
  const plan = planBlessedTerminal(options.environment);
  if (plan.note) options.log(plan.note);
  const restoreTerm = plan.applyToEnvironment(options.environment);
  // blessed is one module per process: its colour cache is put back when the screen ends (tests and benchmarks share it).
  const colors = blessed.colors as { _cache?: unknown };
  const colorCache = colors._cache;
  prepareBlessedColors(blessed);
  const support = detectColorSupport(options.environment, { isTTY: true });
  options.log(`colours: ${support.depth} (${support.reason})`);
  const screen = blessed.screen({
    terminal: plan.terminal,
    smartCSR: true,
    fullUnicode: true,
    // Box lines and symbols as Unicode even when LANG says nothing (tmux, SSH): blessed's ACS fallback draws letters there.
    forceUnicode: true,
    autoPadding: false,
    // blessed's own warnings would be printed on the screen: they go to the log instead.
    warnings: false,
    title: 'plexterm',
    ...(options.streams ? ({ input: options.streams.input, output: options.streams.output } as object) : {}),
  });
  placeGraphemesExactly(blessed, screen);
  // With Unicode forced, lines are drawn as Unicode too: the DEC line set would reach tmux's copy of the screen as letters.
  (screen.tput as unknown as { brokenACS: boolean }).brokenACS = true;
  screen.enableMouse();
  let destroyed = false;
  return {
    blessed,
    screen,
    depth: support.depth,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      screen.destroy();
      restoreTerm();
      colors._cache = colorCache;
    },
    runOnTerminal(command, args) {
      return new Promise<number>((resolve) => {
        const restore = screen.program.pause();
        // The player sees the person's own TERM, not the one blessed was given, and no PLEXTERM_* secret.
        const environment = childEnvironment({ ...options.environment, TERM: plan.originalTerm ?? options.environment.TERM });
        const child = spawn(command, [...args], { stdio: 'inherit', env: environment });
        let settled = false;
        const finish = (code: number) => {
          if (settled) return;
          settled = true;
          restore();
          screen.alloc();
          screen.render();
          resolve(code);
        };
        child.once('error', (error) => {
          options.log(`terminal: ${command} could not start: ${error.message}`);
          finish(127);
        });
        child.once('exit', (code, signal) => finish(code ?? (signal ? 128 : 1)));
      });
    },
  };
}
