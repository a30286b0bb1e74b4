// The key binding registry: later sources win (config > plugin > default), as in VS Code, and every conflict is reported.
import { defaultCommandTitles } from './keybindingDefaults.js';
import { keyLabel } from './keyNames.js';
import { checkKeybindingSources, pluginCommandClauses, pluginCommandTitles, type CheckedRule, type KeybindingSourceKind, type KeybindingSources } from './keybindingSources.js';
import { whenClausesOverlap, type WhenClause, type WhenContext } from '../../extensions/whenClause.js';

export interface Keybinding {
  /** Normalized: "ctrl+p", "shift+g", "ctrl+k ctrl+t". */
  key: string;
  command: string;
  when: WhenClause | undefined;
  kind: KeybindingSourceKind;
  source: string;
}

/** A row of the `?` screen. */
export interface KeybindingDescription {
  key: string;
  /** "Ctrl+P", "G", "Esc". */
  label: string;
  command: string;
  /** In words: "quit", "search"; the command id when nothing gives a title. */
  title: string;
  when: string | undefined;
  source: string;
}

export type KeyMatch = { kind: 'command'; command: string } | { kind: 'chord'; prefix: string } | { kind: 'none' };

export interface KeybindingRegistryOptions extends KeybindingSources {
  /** More command titles (e.g. from plugins registered at run time); plugin contributions are read already. */
  commandTitles?: Record<string, string>;
}

export class KeybindingRegistry {
  /** Rules that were ignored or may not work, one line each, naming where they were written. */
  readonly problems: string[] = [];
  /** Overlapping bindings of one key to different commands, one line each: which one wins, and where. */
  readonly conflicts: string[] = [];
  private readonly bindings: Keybinding[] = [];
  private readonly titles: Record<string, string>;
  private readonly commandClauses: Map<string, WhenClause>;

  constructor(options: KeybindingRegistryOptions = {}) {
    this.titles = { ...defaultCommandTitles, ...pluginCommandTitles(options.plugins ?? []), ...options.commandTitles };
    this.commandClauses = pluginCommandClauses(options.plugins ?? [], this.problems);
    for (const rule of checkKeybindingSources(options, this.problems)) {
      if (rule.removal) this.remove(rule);
      else if (rule.key !== null) this.add({ key: rule.key, command: rule.command, when: rule.when, kind: rule.kind, source: rule.source });
    }
    this.findConflicts();
  }

  /** The command for a normalized key (or chord) in this context; later bindings win. */
  resolve(key: string, context: WhenContext): string | undefined {
    const match = this.match(key, context);
    return match.kind === 'command' ? match.command : undefined;
  }

  /** Like `resolve`, and also says when the key starts a chord that waits for its second key. */
  match(key: string, context: WhenContext): KeyMatch {
    const chordPrefix = `${key} `;
    for (let index = this.bindings.length - 1; index >= 0; index -= 1) {
      const binding = this.bindings[index] as Keybinding;
      if (binding.when !== undefined && !binding.when.evaluate(context)) continue;
      if (binding.key === key) return { kind: 'command', command: binding.command };
      if (binding.key.startsWith(chordPrefix)) return { kind: 'chord', prefix: key };
    }
    return { kind: 'none' };
  }

  /** Every binding in effect, in the order commands were first bound (plexterm's own first). */
  describe(): KeybindingDescription[] {
    const order = new Map<string, number>();
    for (const binding of this.bindings) if (!order.has(binding.command)) order.set(binding.command, order.size);
    return [...this.bindings]
      .sort((first, second) => (order.get(first.command) ?? 0) - (order.get(second.command) ?? 0))
      .map((binding) => ({
        key: binding.key,
        label: keyLabel(binding.key),
        command: binding.command,
        title: this.title(binding.command),
        when: binding.when?.text,
        source: binding.source,
      }));
  }

  title(command: string): string {
    return this.titles[command] ?? command;
  }

  /** The `when` clause a plugin contributed with the command (where the palette offers it), if any. */
  commandWhen(command: string): WhenClause | undefined {
    return this.commandClauses.get(command);
  }

  /** The bindings in effect, earliest first. */
  list(): readonly Keybinding[] {
    return this.bindings;
  }

  private add(binding: Keybinding): void {
    const same = this.bindings.findIndex((known) => known.key === binding.key && known.command === binding.command && known.when?.text === binding.when?.text);
    // The same binding from a later source replaces the earlier one: one row, the later source.
    if (same >= 0) this.bindings.splice(same, 1);
    this.bindings.push(binding);
  }

  /** A "-command" rule of config.json removes earlier default and plugin bindings, as in VS Code. */
  private remove(rule: CheckedRule): void {
    const before = this.bindings.length;
    for (let index = this.bindings.length - 1; index >= 0; index -= 1) {
      const binding = this.bindings[index] as Keybinding;
      if (binding.kind === 'config' || binding.command !== rule.command) continue;
      if (rule.key !== null && binding.key !== rule.key) continue;
      if (rule.when !== undefined && binding.when?.text !== rule.when.text) continue;
      this.bindings.splice(index, 1);
    }
    if (this.bindings.length === before) {
      const what = `${rule.command}${rule.key === null ? '' : ` on "${rule.key}"`}${rule.when ? ` when "${rule.when.text}"` : ''}`;
      this.problems.push(`${rule.where}: "-${rule.command}" removes nothing (no default or plugin binding of ${what})`);
    }
  }

  private findConflicts(): void {
    for (let later = 1; later < this.bindings.length; later += 1) {
      const winner = this.bindings[later] as Keybinding;
      for (let earlier = 0; earlier < later; earlier += 1) {
        const loser = this.bindings[earlier] as Keybinding;
        if (loser.command === winner.command || !keysCollide(loser.key, winner.key)) continue;
        if (!whenClausesOverlap(loser.when, winner.when)) continue;
        const where = conditionText(loser.when, winner.when);
        const keys = loser.key === winner.key ? `"${winner.key}"` : `"${winner.key}" and "${loser.key}"`;
        this.conflicts.push(
          `key ${keys}: ${winner.command} (${winner.source}) wins over ${loser.command} (${loser.source}, "${this.title(loser.command)}")${where}`,
        );
      }
    }
  }
}

/** Same key, or one is the first key of the other's chord (the chord or the single key would never be reached). */
function keysCollide(first: string, second: string): boolean {
  return first === second || first.startsWith(`${second} `) || second.startsWith(`${first} `);
}

function conditionText(first: WhenClause | undefined, second: WhenClause | undefined): string {
  const parts = [first, second].filter((clause): clause is WhenClause => clause !== undefined).map((clause) => clause.text);
  if (parts.length === 0) return ' everywhere';
  return ` where both apply (when ${[...new Set(parts)].map((text) => `"${text}"`).join(' and ')})`;
}
