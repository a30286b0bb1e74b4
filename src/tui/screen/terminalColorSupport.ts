// How many colours the terminal shows, from the environment (NO_COLOR, FORCE_COLOR, COLORTERM, TERM, tmux/screen).

/** `monochrome`: no colours at all; `basic8`/`basic16`: the system colours; `xterm256`: the 256 palette; `truecolor`: any hex. */
export type ColorDepth = 'monochrome' | 'basic8' | 'basic16' | 'xterm256' | 'truecolor';

export interface ColorSupport {
  depth: ColorDepth;
  /** One line saying why, for the log and `--debug` output. */
  reason: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export interface OutputStream {
  isTTY?: boolean;
}

const forceColorDepths: Record<string, ColorDepth> = { '0': 'monochrome', false: 'monochrome', '1': 'basic16', true: 'basic16', '2': 'xterm256', '3': 'truecolor' };

/**
 * Order: NO_COLOR (any non-empty value, https://no-color.org) wins; then FORCE_COLOR (0–3);
 * then an output that is not a terminal gets no colour; then COLORTERM=truecolor|24bit; then TERM.
 * Inside tmux or screen the outer terminal's COLORTERM is often passed on while the multiplexer itself
 * is configured for 256 colours only, so truecolor is believed there only with a 256-colour TERM
 * (tmux passes 24-bit colour through when its terminal says so).
 */
export function detectColorSupport(environment: Environment, output: OutputStream = {}): ColorSupport {
  const noColor = environment.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return { depth: 'monochrome', reason: 'NO_COLOR is set' };
  const forced = environment.FORCE_COLOR;
  if (forced !== undefined && forced !== '') {
    const depth = forceColorDepths[forced.toLowerCase()];
    if (depth) return { depth, reason: `FORCE_COLOR=${forced}` };
  }
  if (output.isTTY === false) return { depth: 'monochrome', reason: 'the output is not a terminal' };
  const term = (environment.TERM ?? '').toLowerCase();
  const colorTerm = (environment.COLORTERM ?? '').toLowerCase();
  const multiplexer = insideMultiplexer(environment, term);
  if (colorTerm === 'truecolor' || colorTerm === '24bit') {
    if (!multiplexer || /-256colou?r$|-direct$/.test(term)) return { depth: 'truecolor', reason: `COLORTERM=${environment.COLORTERM}` };
  }
  if (term === '' ) return { depth: 'monochrome', reason: 'TERM is not set' };
  if (term === 'dumb') return { depth: 'monochrome', reason: 'TERM=dumb' };
  if (/-direct$/.test(term)) return { depth: 'truecolor', reason: `TERM=${term}` };
  if (/-256colou?r$/.test(term) || term === 'xterm-kitty' || term === 'alacritty' || term === 'xterm-ghostty') {
    return { depth: 'xterm256', reason: `TERM=${term}` };
  }
  if (multiplexer) return { depth: 'basic8', reason: `TERM=${term} inside ${multiplexer} (no 256-colour terminal set)` };
  if (/^(xterm|rxvt|vt220|linux|cygwin|putty|konsole|gnome|vte|ansi)|color|colour/.test(term)) {
    return { depth: 'basic16', reason: `TERM=${term}` };
  }
  return { depth: 'basic8', reason: `TERM=${term} (unknown: assuming 8 colours)` };
}

function insideMultiplexer(environment: Environment, term: string): 'tmux' | 'screen' | null {
  if ((environment.TMUX ?? '') !== '' || term.startsWith('tmux')) return 'tmux';
  if ((environment.STY ?? '') !== '' || term.startsWith('screen')) return 'screen';
  return null;
}
