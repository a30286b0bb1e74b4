// Works around blessed's terminal problems before a screen is made: TERM values it cannot parse, and its colour cache.
import type { Environment } from './terminalColorSupport.js';

/** The terminal blessed parses well and that every *-256color terminal understands. */
export const blessedSafeTerminal = 'xterm-256color';

export interface BlessedTerminalPlan {
  /** Pass as `terminal` to `blessed.screen({ ... })`. */
  terminal: string;
  /** The TERM the person's terminal reported. */
  originalTerm: string | undefined;
  /** One line for the log when TERM is replaced, else null. */
  note: string | null;
  /**
   * Sets TERM for blessed (it also reads `process.env.TERM` itself) and returns a function that
   * puts the original back, for the time a player runs in the terminal and after the TUI ends.
   */
  applyToEnvironment(environment: Record<string, string | undefined>): () => void;
}

/**
 * blessed 0.1.81 cannot compile Debian 12's terminfo for tmux-256color and screen-256color: it falls
 * back to 8 colours, and for screen-256color prints a compile error and the generated code to stderr.
 * Any `*-256color` TERM is therefore handed to blessed as xterm-256color, which draws the same.
 */
export function planBlessedTerminal(environment: Environment): BlessedTerminalPlan {
  const originalTerm = environment.TERM;
  const replace = originalTerm !== undefined && /-256colou?r$/i.test(originalTerm) && originalTerm !== blessedSafeTerminal;
  const terminal = replace ? blessedSafeTerminal : originalTerm || blessedSafeTerminal;
  return {
    terminal,
    originalTerm,
    note: replace ? `TERM=${originalTerm} is given to blessed as ${blessedSafeTerminal} (blessed cannot parse its terminfo)` : null,
    applyToEnvironment(target) {
      const before = target.TERM;
      const hadTerm = Object.hasOwn(target, 'TERM');
      target.TERM = terminal;
      return () => {
        if (hadTerm) target.TERM = before;
        else delete target.TERM;
      };
    },
  };
}

/** The part of the blessed module this file touches. */
export interface BlessedColorModule {
  colors: object;
}

/**
 * blessed fills `colors._cache` while loading (it matches every palette colour against the first
 * eight to build its 8-colour table), so a hex colour that is also an xterm palette colour is later
 * "matched" to one of 8. Emptying the cache before the screen is made lets hex colours reach 256.
 * Returns false when this blessed has no such cache (nothing to do).
 */
export function prepareBlessedColors(blessed: BlessedColorModule): boolean {
  const colors = blessed.colors as { _cache?: unknown };
  if (typeof colors._cache !== 'object' || colors._cache === null) return false;
  colors._cache = {};
  return true;
}
