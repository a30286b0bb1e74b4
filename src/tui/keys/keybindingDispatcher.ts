// Turns blessed key presses into commands through the registry, holding the first key of a chord until the second arrives.
import { keyFromBlessed, type BlessedKeyEvent } from './keyFromBlessed.js';
import type { KeybindingRegistry } from './keybindingRegistry.js';
import type { WhenContext } from '../../extensions/whenClause.js';

export type DispatchResult =
  /** Run this command. */
  | { kind: 'command'; command: string; key: string }
  /** The first key of a chord: show "(ctrl+k) was pressed, waiting for the second key". */
  | { kind: 'chord'; key: string }
  /** No binding: a focused input may take the key (`character` is what was typed, if anything). */
  | { kind: 'unbound'; key: string; character: string | undefined }
  /** Not a key press to act on (blessed's second report of Enter, a mouse sequence). */
  | { kind: 'ignored' };

export class KeybindingDispatcher {
  private pendingChord: string | null = null;

  constructor(private registry: KeybindingRegistry) {}

  /** Swaps in a rebuilt registry (config or plugins changed) and forgets a half-typed chord. */
  setRegistry(registry: KeybindingRegistry): void {
    this.registry = registry;
    this.pendingChord = null;
  }

  /** Call from blessed's `screen.on('keypress', (character, event) => ...)`. */
  press(character: string | undefined, event: BlessedKeyEvent | undefined, context: WhenContext): DispatchResult {
    const key = keyFromBlessed(character, event);
    if (key === null) return { kind: 'ignored' };
    return this.pressKey(key, character, context);
  }

  /** The same for an already normalized key. */
  pressKey(key: string, character: string | undefined, context: WhenContext): DispatchResult {
    const sequence = this.pendingChord === null ? key : `${this.pendingChord} ${key}`;
    const wasChord = this.pendingChord !== null;
    this.pendingChord = null;
    const match = this.registry.match(sequence, context);
    if (match.kind === 'command') return { kind: 'command', command: match.command, key: sequence };
    if (match.kind === 'chord' && !wasChord) {
      this.pendingChord = sequence;
      return { kind: 'chord', key: sequence };
    }
    return { kind: 'unbound', key: sequence, character: wasChord ? undefined : character };
  }

  get waitingForChord(): string | null {
    return this.pendingChord;
  }
}
