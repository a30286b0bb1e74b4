// The client with kept answers (what the TUI's session plays through) passes a metadata request's options on to the server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer } from '../../src/demo/index.js';
import { KeptAnswers, ListingStore, withKeptAnswers } from '../../src/offline/index.js';
import { PlexClient } from '../../src/plex/index.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

test('metadata with markers through kept answers: the server is asked with includeMarkers=1 and the item has its markers', async () => {
  const demo = await startDemoServer({});
  const listings = await makeTempFolder('plexterm-kept-answers-');
  const client = new PlexClient({ baseUrl: demo.url, token: demo.token, identity: { clientIdentifier: 'plexterm-kept-answers-test' }, retries: 0, retryBaseDelayMs: 1 });
  // Kept answers are written in the background: flushed before the folder goes, or a late write made it again.
  const store = new ListingStore(listings.path, () => {});
  try {
    const kept = withKeptAnswers(client, new KeptAnswers(store, demo.url));
    const episode = await kept.metadata('119', { markers: true });
    assert.equal(episode.Marker?.map((marker) => marker.type), ['intro', 'credits']);
    assert.is((await kept.metadata('119')).Marker, undefined, 'without the option, none');
  } finally {
    client.dispose();
    await store.flush();
    await listings.remove();
    await demo.close();
  }
});

test.run();
