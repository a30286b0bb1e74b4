// Metadata and server facts kept from earlier answers, so a pinned item can still be played when the server cannot be reached.
import type { PlexClient } from '../plex/client.js';
import type { PlexMetadata, PlexServerInfo } from '../plex/models.js';
import { isServerUnreachable } from '../plex/plexErrors.js';
import type { ListingStore } from './listingStore.js';

/** What playback (and the TUI's details) ask the server, answered from what was kept when it cannot be reached. */
export interface OfflineAnswers {
  metadata(ratingKey: string, fetch: () => Promise<PlexMetadata>): Promise<PlexMetadata>;
  serverInfo(fetch: () => Promise<PlexServerInfo>): Promise<PlexServerInfo>;
}

export class KeptAnswers implements OfflineAnswers {
  constructor(
    private readonly store: ListingStore,
    /** Names the server in what is kept. */
    private readonly server: string,
  ) {}

  metadata(ratingKey: string, fetch: () => Promise<PlexMetadata>): Promise<PlexMetadata> {
    return this.answer(`${this.server}|metadata|${ratingKey}`, fetch);
  }

  serverInfo(fetch: () => Promise<PlexServerInfo>): Promise<PlexServerInfo> {
    return this.answer(`${this.server}|serverInfo`, fetch);
  }

  private async answer<T>(name: string, fetch: () => Promise<T>): Promise<T> {
    try {
      const value = await fetch();
      this.store.remember(name, 0, { items: [value], totalSize: 1 });
      return value;
    } catch (error) {
      if (!isServerUnreachable(error)) throw error;
      const kept = await this.store.recall<T>(name, 0, 1);
      const value = kept?.items[0];
      if (value === undefined) throw error;
      return value;
    }
  }
}

/** The same client, its `metadata` and `serverInfo` answered through `answers` (kept, and recalled offline). */
export function withKeptAnswers<Client extends Pick<PlexClient, 'metadata' | 'serverInfo'>>(client: Client, answers: OfflineAnswers): Client {
  return new Proxy(client, {
    get(target, property) {
      // The options (e.g. markers) go on to the server; the answer kept is the item's, whatever they were.
      if (property === 'metadata') return (ratingKey: string, options?: { markers?: boolean }) => answers.metadata(ratingKey, () => target.metadata(ratingKey, options));
      if (property === 'serverInfo') return () => answers.serverInfo(() => target.serverInfo());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
