// Players registered at run time (not in a manifest): the descriptor check in the host, and the main process's list of them.
import type { MediaKind } from '../playback/player.js';
import type { RuntimePlayer } from './protocol.js';

const idPattern = /^[a-z0-9][a-z0-9._-]*$/;
const mediaKinds: ReadonlySet<string> = new Set<MediaKind>(['video', 'audio', 'photo']);

/** The run-time player `id` described by `descriptor` (as a plugin passed it), or throws saying what is wrong. */
export function readRuntimePlayer(id: string, descriptor: unknown): RuntimePlayer {
  if (typeof id !== 'string' || !idPattern.test(id)) throw new Error(`player id ${JSON.stringify(id)} must be lowercase (a-z, 0-9, ".", "_", "-")`);
  const hint = `player "${id}" is not in contributes.players: register it with a descriptor, players.register(id, provider, { title, mediaTypes })`;
  if (typeof descriptor !== 'object' || descriptor === null) throw new Error(hint);
  const { title, mediaTypes } = descriptor as { title?: unknown; mediaTypes?: unknown };
  if (typeof title !== 'string' || title.trim() === '') throw new Error(`${hint}; its title must be a non-empty string`);
  if (!Array.isArray(mediaTypes) || mediaTypes.length === 0 || !mediaTypes.every((kind) => typeof kind === 'string' && mediaKinds.has(kind))) {
    throw new Error(`${hint}; its mediaTypes must list some of "video", "audio", "photo"`);
  }
  return { id, title, mediaTypes: [...new Set(mediaTypes as MediaKind[])] };
}

export interface RegisteredPlayer {
  pluginId: string;
  player: RuntimePlayer;
}

/**
 * The main process's list of run-time players, kept from the host's notifications. Emptied for a
 * plugin when it deactivates or fails, and wholly when the host ends: a new host starts with none.
 */
export class RuntimePlayers {
  private readonly byId = new Map<string, RegisteredPlayer>();
  private readonly listeners = new Set<() => void>();

  get(id: string): RegisteredPlayer | undefined {
    return this.byId.get(id);
  }

  list(): RegisteredPlayer[] {
    return [...this.byId.values()];
  }

  /** Called after every change; returns what stops the calls. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The host registered `value` for `pluginId`; checked again, since it crossed a process boundary. */
  add(pluginId: string, value: unknown): void {
    const { id, title, mediaTypes } = (value ?? {}) as Partial<RuntimePlayer>;
    const player = readRuntimePlayer(String(id), { title, mediaTypes });
    this.byId.set(player.id, { pluginId, player });
    this.changed();
  }

  remove(pluginId: string, id: string): void {
    if (this.byId.get(id)?.pluginId === pluginId && this.byId.delete(id)) this.changed();
  }

  removePlugin(pluginId: string): void {
    const before = this.byId.size;
    for (const [id, entry] of this.byId) if (entry.pluginId === pluginId) this.byId.delete(id);
    if (this.byId.size !== before) this.changed();
  }

  clear(): void {
    if (this.byId.size === 0) return;
    this.byId.clear();
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
