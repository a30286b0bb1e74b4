// Keys: VS Code key syntax, the binding registry over its three sources (defaults, plugins, config.json),
// the dispatcher that turns blessed key presses (chords included) into commands, and the generated
// tables of docs/keybindings.md. The rest of the TUI imports this index only.
export { keyFromBlessed, type BlessedKeyEvent } from './keyFromBlessed.js';
export { KeybindingDispatcher } from './keybindingDispatcher.js';
export { withGeneratedTables } from './keybindingDocs.js';
export { KeybindingRegistry } from './keybindingRegistry.js';
export type { PluginKeybindings } from './keybindingSources.js';
