// What a command run in the TUI acts on: the selected item, the focused pane and the listing's key, as the plugin API's CommandContext.
import type { CommandContext, CommandSource } from '../../api/index.js';
import { commandContext, commandItemOf } from '../../extensions/commandContext.js';
import type { PlexMetadata } from '../../plex/models.js';
import type { Focus } from './focusState.js';
import { queryParameters, type ListSource } from '../viewModels/index.js';

export interface InvocationState {
  focus: Focus;
  /** The item under the list's cursor, as the details pane shows it (its full metadata once fetched). */
  item: PlexMetadata | undefined;
  listing: ListSource | undefined;
}

/** What the TUI holds that a command acts on (the running TuiApp). */
export interface InvocationOwner {
  focus: Focus;
  readonly detailsItem: PlexMetadata | undefined;
  readonly browser: { readonly current: { readonly source: ListSource } | undefined };
}

const hubKeys: Record<Extract<ListSource, { kind: 'hub' }>['hub'], string> = {
  continueWatching: '/hubs/continueWatching',
  onDeck: '/library/onDeck',
  recentlyAdded: '/library/recentlyAdded',
};

/** The Plex key of a listing, as `plexterm ls` takes it (search results: the search request). */
export function listingKeyOf(source: ListSource): string {
  switch (source.kind) {
    case 'home':
      return '/hubs';
    case 'hub':
      return hubKeys[source.hub];
    case 'section': {
      const query = source.query ? queryParameters(source.query) : '';
      return `/library/sections/${encodeURIComponent(source.key)}/all${query === '' ? '' : `?${query}`}`;
    }
    case 'listing':
      return source.key;
    case 'children':
      return `/library/metadata/${encodeURIComponent(source.ratingKey)}/children`;
    case 'search':
      return `/hubs/search?query=${encodeURIComponent(source.query)}`;
  }
}

export function tuiCommandContext(state: InvocationState, source: Exclude<CommandSource, 'cli'>): CommandContext {
  return commandContext({
    source,
    focus: state.focus,
    item: state.item ? commandItemOf(state.item) : undefined,
    listingKey: state.listing ? listingKeyOf(state.listing) : undefined,
  });
}

/** The context of a command run now in `owner`. */
export function commandContextOf(owner: InvocationOwner, source: Exclude<CommandSource, 'cli'>): CommandContext {
  return tuiCommandContext({ focus: owner.focus, item: owner.detailsItem, listing: owner.browser.current?.source }, source);
}
