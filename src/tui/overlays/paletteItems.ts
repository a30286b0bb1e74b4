// The command palette's rows: every bound command and every plugin command, less those whose `when` is false where it was opened.
import type { KeybindingRegistry } from '../keys/index.js';
import type { PickerItem } from '../viewModels/index.js';
import type { WhenContext } from '../../extensions/whenClause.js';

export interface PluginCommand {
  command: string;
  title: string;
  pluginId: string;
}

/** Commands that only make sense inside an overlay or the search box: left out of the palette. */
const notInPalette = new Set(['plexterm.palette.accept', 'plexterm.palette.close', 'plexterm.search.accept', 'plexterm.search.close', 'plexterm.commandPalette']);

/**
 * plexterm's commands in binding order, then plugin commands, each once, with its first key. A
 * command whose contributed `when` is false in `context` (the state the palette was opened in: a
 * season command with no season or episode selected) is left out, as VS Code's palette does.
 */
export function paletteItems(registry: KeybindingRegistry, pluginCommands: readonly PluginCommand[], context: WhenContext): PickerItem[] {
  const keys = new Map<string, string>();
  for (const binding of registry.describe()) if (!keys.has(binding.command)) keys.set(binding.command, binding.label);
  const items: PickerItem[] = [];
  const offered = (command: string) => !items.some((item) => item.id === command) && (registry.commandWhen(command)?.evaluate(context) ?? true);
  for (const binding of registry.describe()) {
    if (notInPalette.has(binding.command) || !offered(binding.command)) continue;
    items.push({ id: binding.command, label: binding.title, detail: keys.get(binding.command) ?? '' });
  }
  for (const command of pluginCommands) {
    if (!offered(command.command)) continue;
    items.push({ id: command.command, label: command.title, detail: `${keys.get(command.command) ?? ''} ${command.pluginId}`.trim() });
  }
  return items;
}
