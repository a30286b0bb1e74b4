// The context a command is invoked in, as plain data for the extension host: the item's identifying fields, the focus, the listing.
import type { PlexMetadata } from '../plex/models.js';
import type { CommandContext, CommandItem } from '../api/index.js';

const textFields = ['parentRatingKey', 'parentKey', 'parentTitle', 'grandparentRatingKey', 'grandparentKey', 'grandparentTitle'] as const;
const numberFields = ['index', 'parentIndex', 'librarySectionID'] as const;

/**
 * The fields of `metadata` a command needs to act on the item and find its season, show or album;
 * the rest (summary, media, people) stays behind. A field of an unexpected type is left out.
 */
export function commandItemOf(metadata: PlexMetadata): CommandItem {
  const item: CommandItem = { ratingKey: String(metadata.ratingKey), type: String(metadata.type), key: String(metadata.key), title: String(metadata.title) };
  for (const field of textFields) {
    const value = metadata[field];
    if (typeof value === 'string' && value !== '') item[field] = value;
  }
  for (const field of numberFields) {
    const value = metadata[field];
    if (typeof value === 'number' && Number.isFinite(value)) item[field] = value;
  }
  return item;
}

/** A command context; parts left undefined are left out, so it is the same JSON on both sides. */
export function commandContext(parts: Omit<CommandContext, 'kind'>): CommandContext {
  const context: CommandContext = { kind: 'commandContext', source: parts.source };
  if (parts.item !== undefined) context.item = parts.item;
  if (parts.focus !== undefined) context.focus = parts.focus;
  if (parts.listingKey !== undefined) context.listingKey = parts.listingKey;
  return context;
}
