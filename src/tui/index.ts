// The TUI, as src/main opens it: the first-run sign-in screen, then the TUI on a session (its plugins'
// ui and terminal calls reaching the screen through the host bridge). `runTui` takes its services one by
// one, for a caller without a session (the benchmark). Its folders: screen (the terminal), keys, themes,
// viewModels (what is shown, as data), state (what is held and done apart from drawing), panes, overlays;
// the files here assemble them (tuiApp, tuiCommands, handleKeypress, runTui). Outside src/tui, import this index.
export { TuiHostBridge } from './hostBridge.js';
export { runTui } from './runTui.js';
export { runTuiOnSession, type TuiRunExtras } from './runTuiOnSession.js';
export { runSignIn, type SignInOutcome } from './signInScreen.js';
