// What a command was invoked on: the selected item, the focused pane and the listing, as plain data.

/** The item a command acts on, as plain data: the fields of its Plex metadata a command needs to find related items. */
export type CommandItem = {
  ratingKey: string;
  /** "movie", "show", "season", "episode", "artist", "album", "track", ... */
  type: string;
  /** Its Plex key: `/library/metadata/126`, or for a container the listing of its children. */
  key: string;
  title: string;
  /** A season's show, an episode's season, a track's album. */
  parentRatingKey?: string;
  parentKey?: string;
  parentTitle?: string;
  /** An episode's show, a track's artist. */
  grandparentRatingKey?: string;
  grandparentKey?: string;
  grandparentTitle?: string;
  /** An episode's number in its season, a season's number in its show. */
  index?: number;
  /** An episode's season number. */
  parentIndex?: number;
  librarySectionID?: number;
};

/** How a command was started: the command palette, a key binding, or `plexterm run`. */
export type CommandSource = 'palette' | 'keybinding' | 'cli';

/** The part of the TUI that had the keyboard focus. */
export type CommandFocus = 'sidebar' | 'list' | 'details' | 'cache' | 'search';

/**
 * What a command was invoked on, handed to its handler as the first argument when the person runs it
 * (see `CommandsApi.register`). Plain data only: it crosses to the extension host, and holds nothing
 * secret (no token, no URL with one).
 */
export type CommandContext = {
  /** Tells the context from an explicit argument: `isCommandContext(argument)`. */
  kind: 'commandContext';
  source: CommandSource;
  /** The item under the list's cursor (the one the details pane shows); absent when there is none. */
  item?: CommandItem;
  /** Absent from `plexterm run`. */
  focus?: CommandFocus;
  /** The Plex key of the listing the item is in (`/library/sections/2/all`, `/library/metadata/124/children`, `/hubs/search?query=...`). */
  listingKey?: string;
};

/** True for plexterm's invocation context, false for an explicit argument (a ratingKey from `commands.execute`). */
export function isCommandContext(argument: unknown): argument is CommandContext {
  return typeof argument === 'object' && argument !== null && (argument as { kind?: unknown }).kind === 'commandContext';
}
