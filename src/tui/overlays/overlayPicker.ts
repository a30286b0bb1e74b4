// The overlay over the panes (command palette, theme picker, key help, a plugin's quick pick, the trust question): open it, follow its selection, close it.
import type { Layout } from '../panes/index.js';
import type { OpenOverlay, OverlayKind } from '../state/index.js';
import { clip, escapeTags, PickerModel, type PickerItem } from '../viewModels/index.js';

/** What holds the overlay (the running TuiApp). */
export interface OverlayOwner {
  overlay: OpenOverlay | null;
  readonly layout: Layout;
  draw(): void;
}

/** Opens a picker over the panes; an overlay already open is closed without a choice first. */
export function openOverlay(
  owner: OverlayOwner,
  kind: OverlayKind,
  title: string,
  items: PickerItem[],
  settle: (choice: string | undefined) => void,
  preview?: (id: string) => void,
  acceptsChoice = true,
): void {
  owner.overlay?.settle(undefined);
  const picker = new PickerModel(title, items, acceptsChoice);
  owner.overlay = { kind, picker, settle, ...(preview ? { preview } : {}) };
  owner.layout.overlayList.cursor = picker.cursor;
  // A plugin's title: one safe line within the border, its braces not read as tags.
  owner.layout.overlay.setLabel(` ${escapeTags(clip(title, Math.max(4, (owner.layout.overlay.width as number) - 6)))} `);
  owner.layout.overlay.show();
  owner.layout.overlay.setFront();
  owner.draw();
}

/** Closes the overlay; with `accept`, its selected item is the choice. */
export function closeOverlay(owner: OverlayOwner, accept: boolean): void {
  const overlay = owner.overlay;
  if (!overlay) return;
  owner.overlay = null;
  owner.layout.overlay.hide();
  const choice = accept && overlay.picker.acceptsChoice ? overlay.picker.selectedItem?.id : undefined;
  owner.draw();
  overlay.settle(choice);
}

/** The selection or the filter changed: the theme picker previews, and the overlay is drawn again. */
export function overlayMoved(owner: OverlayOwner): void {
  const item = owner.overlay?.picker.selectedItem;
  if (item) owner.overlay?.preview?.(item.id);
  owner.draw();
}
