// Key binding rules from their three sources (defaults, plugin contributions, config.json), checked and labelled.
import type { CommandContribution, KeybindingContribution } from '../../extensions/manifest.js';
import { defaultKeybindings, type KeybindingRule } from './keybindingDefaults.js';
import { KeySyntaxError, isIndistinguishableInTerminal, normalizeKeySequence } from './keyNames.js';
import { WhenClauseError, parseWhenClause, type WhenClause } from '../../extensions/whenClause.js';

export type KeybindingSourceKind = 'default' | 'plugin' | 'config';

export interface PluginKeybindings {
  pluginId: string;
  keybindings?: KeybindingContribution[];
  /** The plugin's contributed commands: their titles label its bindings. */
  commands?: CommandContribution[];
}

export interface KeybindingSources {
  /** plexterm's own bindings; `defaultKeybindings` unless a test gives others. */
  defaults?: readonly KeybindingRule[];
  plugins?: readonly PluginKeybindings[];
  /** The `keybindings` value of config.json, unchecked. */
  config?: unknown;
}

/** One checked rule: a binding, or (config only) a removal of earlier bindings. */
export interface CheckedRule {
  kind: KeybindingSourceKind;
  /** 'default', 'plugin <id>' or 'config' — names the source in messages. */
  source: string;
  /** Where the rule was written, e.g. 'config.json keybindings[2]'. */
  where: string;
  /** Normalized; for a removal, null when the rule gave no key (then every key of the command is removed). */
  key: string | null;
  command: string;
  when: WhenClause | undefined;
  removal: boolean;
}

/** Checks every rule of every source, in the order later-wins uses: defaults, plugins, config. */
export function checkKeybindingSources(sources: KeybindingSources, problems: string[]): CheckedRule[] {
  const rules: CheckedRule[] = [];
  (sources.defaults ?? defaultKeybindings).forEach((rule, index) => {
    const checked = checkRule(rule, { kind: 'default', source: 'default', where: `default keybinding ${index}` }, problems);
    if (checked) rules.push(checked);
  });
  for (const plugin of sources.plugins ?? []) {
    (plugin.keybindings ?? []).forEach((rule, index) => {
      const where = `[plugin: ${plugin.pluginId}] contributes.keybindings[${index}]`;
      const checked = checkRule(rule, { kind: 'plugin', source: `plugin ${plugin.pluginId}`, where }, problems);
      if (checked) rules.push(checked);
    });
  }
  if (sources.config !== undefined) {
    if (!Array.isArray(sources.config)) problems.push('config.json "keybindings" must be an array of { "key", "command", "when" }: ignored');
    else {
      sources.config.forEach((entry: unknown, index) => {
        const where = `config.json keybindings[${index}]`;
        const rule = configRule(entry);
        if (typeof rule === 'string') problems.push(`${where}: ${rule}; ignored`);
        else {
          const checked = checkRule(rule, { kind: 'config', source: 'config', where }, problems);
          if (checked) rules.push(checked);
        }
      });
    }
  }
  return rules;
}

/** Titles from plugin command contributions ("Category: title" when a category is given). */
export function pluginCommandTitles(plugins: readonly PluginKeybindings[]): Record<string, string> {
  const titles: Record<string, string> = {};
  for (const plugin of plugins) {
    for (const command of plugin.commands ?? []) titles[command.command] = command.category ? `${command.category}: ${command.title}` : command.title;
  }
  return titles;
}

/**
 * The `when` clause of each plugin command that has one (it hides the command from the palette where
 * it is false). A clause that does not parse is a problem, and its command is offered everywhere.
 */
export function pluginCommandClauses(plugins: readonly PluginKeybindings[], problems: string[]): Map<string, WhenClause> {
  const clauses = new Map<string, WhenClause>();
  for (const plugin of plugins) {
    (plugin.commands ?? []).forEach((command, index) => {
      if (command.when === undefined || command.when.trim() === '') return;
      try {
        clauses.set(command.command, parseWhenClause(command.when));
      } catch (error) {
        if (!(error instanceof WhenClauseError)) throw error;
        problems.push(`[plugin: ${plugin.pluginId}] contributes.commands[${index}]: ${error.message}; the palette offers ${command.command} everywhere`);
      }
    });
  }
  return clauses;
}

interface Origin {
  kind: KeybindingSourceKind;
  source: string;
  where: string;
}

function configRule(entry: unknown): KeybindingRule | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be an object with "key" and "command"';
  const { key, command, when } = entry as { key?: unknown; command?: unknown; when?: unknown };
  if (typeof command !== 'string' || command === '' || command === '-') return '"command" must be a command id (or "-<command id>" to remove)';
  if (key !== undefined && typeof key !== 'string') return '"key" must be a string such as "ctrl+k"';
  if (when !== undefined && typeof when !== 'string') return '"when" must be a string such as "listFocus && !paletteOpen"';
  const rule: KeybindingRule = { key: key ?? '', command };
  if (when !== undefined) rule.when = when;
  return rule;
}

function checkRule(rule: KeybindingRule, origin: Origin, problems: string[]): CheckedRule | null {
  const removal = rule.command.startsWith('-');
  if (removal && origin.kind !== 'config') {
    problems.push(`${origin.where}: only config.json can remove bindings ("${rule.command}"); ignored`);
    return null;
  }
  const command = removal ? rule.command.slice(1) : rule.command;
  let key: string | null = null;
  let when: WhenClause | undefined;
  try {
    if (!(removal && rule.key.trim() === '')) key = normalizeKeySequence(rule.key);
    if (rule.when !== undefined && rule.when.trim() !== '') when = parseWhenClause(rule.when);
  } catch (error) {
    if (!(error instanceof KeySyntaxError || error instanceof WhenClauseError)) throw error;
    problems.push(`${origin.where}: ${error.message}; ignored`);
    return null;
  }
  if (key !== null && !removal && isIndistinguishableInTerminal(key)) {
    problems.push(`${origin.where}: "${key}" arrives from a terminal as ${key.replace('ctrl+shift+', 'ctrl+')}, so it may never be told apart`);
  }
  return { ...origin, key, command, when, removal };
}
