// A PlexClient maker that keeps every client it makes, for tests that count the clients of a run.
import { PlexClient, type PlexClientOptions } from '../../src/plex/client.js';

export function countedClients(): { made: PlexClient[]; createClient: (options: PlexClientOptions) => PlexClient } {
  const made: PlexClient[] = [];
  return {
    made,
    createClient(options) {
      const client = new PlexClient(options);
      made.push(client);
      return client;
    },
  };
}
