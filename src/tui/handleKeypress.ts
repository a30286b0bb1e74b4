// Key presses: the binding registry decides the command; unbound printable keys type into the search box or an overlay's filter.
import type { Widgets } from 'blessed';
import { overlayMoved } from './overlays/index.js';
import type { TuiApp } from './tuiApp.js';

export function handleKeypress(app: TuiApp, character: string | undefined, key: Widgets.Events.IKeyEventArg | undefined): void {
  const result = app.options.dispatcher.press(character, key, app.whenContext());
  if (result.kind === 'command') {
    app.message = null;
    const report = (error: unknown) => app.showMessage(`${result.command} failed: ${error instanceof Error ? error.message : String(error)}`);
    // Synchronously: keys that arrive in one read (a paste, a fast typist) must each see the state the previous one left.
    try {
      void Promise.resolve(app.options.runCommand(app, result.command)).catch(report);
    } catch (error) {
      report(error);
    }
    return;
  }
  if (result.kind === 'chord') {
    app.showMessage(`(${result.key}) was pressed, waiting for the second key…`);
    return;
  }
  if (result.kind !== 'unbound') return;
  const typed = result.character !== undefined && [...result.character].length === 1 && result.character >= ' ' ? result.character : undefined;
  if (app.overlay) {
    if (result.key === 'backspace') app.overlay.picker.deleteBackward();
    else if (typed !== undefined) app.overlay.picker.type(typed);
    else return;
    overlayMoved(app);
  } else if (app.focus === 'search') {
    if (result.key === 'backspace') app.typeInSearch([...app.searchQuery].slice(0, -1).join(''));
    else if (typed !== undefined) app.typeInSearch(app.searchQuery + typed);
  }
}
