// The terminal under the TUI: a blessed screen made the way every terminal needs it (TERM mapped, colour
// depth detected, graphemes placed in the columns the terminal gives them), handed over to players, and
// a console kept quiet while it is up. The rest of the TUI imports this index only.
export { quietConsole } from './quietConsole.js';
export type { ColorDepth } from './terminalColorSupport.js';
export { createTuiScreen, type Blessed, type TuiScreen } from './tuiScreen.js';
