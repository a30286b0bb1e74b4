// What a type prefix in a media query (`show.genre`, `episode.unwatched`) points at from an item: itself, an ancestor or its descendants of that type.
import { mediaTypeNumber, type DemoItem, type ItemType } from './model.js';

export function isItemType(name: string): name is ItemType {
  return Object.hasOwn(mediaTypeNumber, name);
}

function descendantsOfType(item: DemoItem, type: ItemType): DemoItem[] {
  return item.children.flatMap((child) => (child.type === type ? [child] : descendantsOfType(child, type)));
}

/** The items `prefix` names from `item` (none when the hierarchy has no such type); no prefix is the item itself. */
export function subjectsOf(item: DemoItem, prefix: ItemType | undefined): DemoItem[] {
  if (prefix === undefined || prefix === item.type) return [item];
  for (let ancestor = item.parent; ancestor; ancestor = ancestor.parent) if (ancestor.type === prefix) return [ancestor];
  return descendantsOfType(item, prefix);
}
