// Activation events, the VS Code way: declared ones, plus those implied by contributions.
import type { PluginManifest } from './manifest.js';

export const startupFinished = 'onStartupFinished';
export const everything = '*';

export function commandEvent(commandId: string): string {
  return `onCommand:${commandId}`;
}

export function playerEvent(playerId: string): string {
  return `onPlayer:${playerId}`;
}

/** Declared by plugins that register players at run time; fired when a player no manifest contributes is wanted. */
export const anyPlayerEvent = playerEvent('*');

/** Every event that activates a plugin: its `activationEvents`, a contributed command's and a contributed player's. */
export function activationEventsOf(manifest: PluginManifest): Set<string> {
  const events = new Set(manifest.activationEvents ?? []);
  for (const command of manifest.contributes?.commands ?? []) events.add(commandEvent(command.command));
  for (const player of manifest.contributes?.players ?? []) events.add(playerEvent(player.id));
  return events;
}

/** Whether `event` activates a plugin with `events`; `*` plugins start with the first event of all. */
export function activatesOn(events: ReadonlySet<string>, event: string): boolean {
  return events.has(event) || events.has(everything);
}
