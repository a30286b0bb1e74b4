// The question asked on start about a third-party plugin: who made it, where it is, what it would add; trust it, or not now.
import type { TrustRequest } from '../../extensions/extensionService.js';
import { openOverlay, type OverlayOwner } from './overlayPicker.js';
import type { PickerItem } from '../viewModels/index.js';

const trustChoice = 'trust';

/** Resolves with true when the person trusts the plugin; "Not now" (first, so Enter alone never trusts) and Esc resolve false. */
export function askTrust(owner: OverlayOwner, request: TrustRequest): Promise<boolean> {
  return new Promise((resolve) => {
    openOverlay(owner, 'trust', `Run the plugin "${request.name}"?`, trustItems(request), (choice) => resolve(choice === trustChoice));
  });
}

/** The two choices, then what the person needs to decide (choosing one of those lines is "not now"). */
export function trustItems(request: TrustRequest): PickerItem[] {
  const { contributes } = request;
  const about: Array<[string, string]> = [
    ['Plugin', `${request.id} ${request.version}`],
    ['Publisher', request.publisher ?? 'not named'],
    ['Folder', request.folder],
    ['Commands', (contributes.commands ?? []).map((command) => command.command).join(', ') || 'none'],
    ['Players', (contributes.players ?? []).map((player) => player.id).join(', ') || 'none'],
    ['Keybindings', (contributes.keybindings ?? []).map((binding) => `${binding.key} → ${binding.command}`).join(', ') || 'none'],
  ];
  return [
    { id: 'not-now', label: 'Not now', detail: 'it stays off; asked again next start' },
    { id: trustChoice, label: 'Trust it', detail: 'it runs as you from now on; asked again if it changes' },
    ...about.map(([label, detail], index) => ({ id: `about-${index}`, label, detail })),
  ];
}
