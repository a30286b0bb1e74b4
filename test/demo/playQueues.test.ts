// /playQueues: create, read, add, move, delete, clear, shuffle and unshuffle, as a real server shapes them, in XML and JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DemoServer } from '../../src/demo/index.js';
import { assertResponseMatches } from '../helpers/demoSpec.js';
import { demoContainer, demoFetch, findItem, withDemo } from '../helpers/demoServer.js';
import { assertShape, fixture, xmlAndJson } from '../helpers/demoXml.js';

interface QueueJson {
  size: number;
  playQueueID: number;
  playQueueSelectedItemID?: number;
  playQueueSelectedItemOffset?: number;
  playQueueSelectedMetadataItemID?: number;
  playQueueShuffled: boolean;
  playQueueSourceURI: string;
  playQueueTotalCount: number;
  playQueueVersion: number;
  playQueueLastAddedItemID?: string;
  Metadata?: { playQueueItemID: number; ratingKey: string; title: string }[];
}

function uri(server: DemoServer, key: string): string {
  return encodeURIComponent(`server://${server.machineIdentifier}/com.plexapp.plugins.library${key}`);
}

async function queueCall(server: DemoServer, method: string, path: string, status = 200): Promise<QueueJson> {
  const response = await demoFetch(server, path, { method });
  const text = await response.text();
  assert.is(response.status, status, `${method} ${path}: ${text.slice(0, 200)}`);
  return status === 200 ? (JSON.parse(text) as { MediaContainer: QueueJson }).MediaContainer : ({} as QueueJson);
}

function create(server: DemoServer, type: string, key: string, extra = ''): Promise<QueueJson> {
  return queueCall(server, 'POST', `/playQueues?type=${type}&uri=${uri(server, key)}${extra}`);
}

const keysOf = (queue: QueueJson): string[] => queue.Metadata?.map((item) => item.ratingKey) ?? [];
const itemIds = (queue: QueueJson): number[] => queue.Metadata?.map((item) => item.playQueueItemID) ?? [];

async function leaves(server: DemoServer, ratingKey: string): Promise<string[]> {
  return (await demoContainer(server, `/library/metadata/${ratingKey}/allLeaves`)).MediaContainer.Metadata?.map((item) => item.ratingKey) ?? [];
}

test('a show queues its episodes in season and episode order; the answer is shaped like the real server\'s, the same in XML', async () => {
  await withDemo({}, async (server) => {
    const show = await findItem(server, 'TV Shows', 'orbital');
    const queue = await create(server, 'video', `/library/metadata/${show.ratingKey}/children`);
    assertResponseMatches('/playQueues', 'post', { MediaContainer: queue });
    assert.equal(keysOf(queue), await leaves(server, show.ratingKey));
    assert.is(queue.size, 6);
    assert.is(queue.playQueueTotalCount, 6);
    assert.is(queue.playQueueVersion, 1);
    assert.is(queue.playQueueShuffled, false);
    assert.is(queue.playQueueSelectedItemID, queue.Metadata?.[0]?.playQueueItemID);
    assert.is(queue.playQueueSelectedItemOffset, 0);
    assert.is(queue.playQueueSelectedMetadataItemID, Number(keysOf(queue)[0]));
    assert.is(queue.playQueueSourceURI, `server://${server.machineIdentifier}/com.plexapp.plugins.library/library/metadata/${show.ratingKey}/children`);
    assert.is(new Set(itemIds(queue)).size, 6, 'every entry has its own playQueueItemID');

    const { xml } = await xmlAndJson(server, `/playQueues/${queue.playQueueID}`);
    assertShape(xml, fixture('play-queue.xml'));
    assert.is(xml.attributes.playQueueID, String(queue.playQueueID));
    assert.equal(xml.children.map((child) => child.attributes.playQueueItemID), itemIds(queue).map(String));
  });
});

test('a season, an album and an artist queue their leaves in order; a movie alone; continuous=1 on an episode goes on into the show', async () => {
  await withDemo({}, async (server) => {
    const show = await findItem(server, 'TV Shows', 'orbital');
    const episodes = await leaves(server, show.ratingKey);
    const seasons = await demoContainer(server, `/library/metadata/${show.ratingKey}/children`);
    const second = seasons.MediaContainer.Metadata?.[1]?.ratingKey ?? '';
    assert.equal(keysOf(await create(server, 'video', `/library/metadata/${second}`)), episodes.slice(3));
    const artist = await findItem(server, 'Music');
    const tracks = await leaves(server, artist.ratingKey);
    assert.is(tracks.length, 5);
    assert.equal(keysOf(await create(server, 'audio', `/library/metadata/${artist.ratingKey}`)), tracks);
    const albums = await demoContainer(server, `/library/metadata/${artist.ratingKey}/children`);
    assert.equal(keysOf(await create(server, 'audio', `/library/metadata/${albums.MediaContainer.Metadata?.[1]?.ratingKey ?? ''}/children`)), tracks.slice(3));
    const movie = await findItem(server, 'Movies', 'nosferatu');
    assert.equal(keysOf(await create(server, 'video', `/library/metadata/${movie.ratingKey}`)), [movie.ratingKey]);
    assert.equal(keysOf(await create(server, 'video', `/library/metadata/${episodes[1] ?? ''}`)), [episodes[1]]);
    assert.equal(keysOf(await create(server, 'video', `/library/metadata/${episodes[1] ?? ''}`, '&continuous=1')), episodes.slice(1));
    const started = await create(server, 'video', `/library/metadata/${show.ratingKey}/children`, `&key=${encodeURIComponent(`/library/metadata/${episodes[2] ?? ''}`)}`);
    assert.is(started.playQueueSelectedMetadataItemID, Number(episodes[2]));
    assert.is(started.playQueueSelectedItemOffset, 2);
  });
});

test('add (at the end, or next), move after another or to the front, delete one, clear: each bumps the version', async () => {
  await withDemo({}, async (server) => {
    const show = await findItem(server, 'TV Shows', 'harbour');
    const episodes = await leaves(server, show.ratingKey);
    const movie = await findItem(server, 'Movies', 'nosferatu');
    const queue = await create(server, 'video', `/library/metadata/${show.ratingKey}/children`);
    const id = queue.playQueueID;
    const [first, second, third, fourth] = itemIds(queue);

    const added = await queueCall(server, 'PUT', `/playQueues/${id}?uri=${uri(server, `/library/metadata/${movie.ratingKey}`)}`);
    assert.equal(keysOf(added), [...episodes, movie.ratingKey]);
    assert.is(added.playQueueVersion, 2);
    assert.is(added.playQueueLastAddedItemID, String(itemIds(added).at(-1)));
    const next = await queueCall(server, 'PUT', `/playQueues/${id}?next=1&uri=${uri(server, `/library/metadata/${movie.ratingKey}`)}`);
    assert.equal(keysOf(next), [episodes[0], movie.ratingKey, ...episodes.slice(1), movie.ratingKey], 'next=1 plays right after the selected item');

    const moved = await queueCall(server, 'PUT', `/playQueues/${id}/items/${first}/move?after=${third}`);
    assert.equal(itemIds(moved).filter((item) => [first, second, third, fourth].includes(item)), [second, third, first, fourth]);
    assert.is(moved.playQueueVersion, 4);
    const front = await queueCall(server, 'PUT', `/playQueues/${id}/items/${fourth}/move`);
    assert.is(itemIds(front)[0], fourth);

    const deleted = await queueCall(server, 'DELETE', `/playQueues/${id}/items/${first}`);
    assert.not.ok(itemIds(deleted).includes(first ?? 0));
    assert.is(deleted.playQueueTotalCount, 5);
    assert.ok(deleted.playQueueSelectedItemID !== undefined && itemIds(deleted).includes(deleted.playQueueSelectedItemID), 'the selected item moved on');

    const cleared = await queueCall(server, 'DELETE', `/playQueues/${id}/items`);
    assert.is(cleared.size, 0);
    assert.is(cleared.playQueueTotalCount, 0);
    assert.is(cleared.playQueueVersion, 7);
    assert.equal(keysOf(await queueCall(server, 'GET', `/playQueues/${id}`)), []);
  });
});

test('shuffle keeps the selected item first and the same entries, in the same order on every run; unshuffle restores the natural order', async () => {
  const shuffled: string[][] = [];
  for (let run = 0; run < 2; run += 1) {
    await withDemo({}, async (server) => {
      const artist = await findItem(server, 'Music');
      const show = await findItem(server, 'TV Shows', 'orbital');
      const queue = await create(server, 'video', `/library/metadata/${show.ratingKey}/children`);
      const natural = keysOf(queue);
      const mixed = await queueCall(server, 'PUT', `/playQueues/${queue.playQueueID}/shuffle`);
      assert.is(mixed.playQueueShuffled, true);
      assert.is(mixed.Metadata?.[0]?.playQueueItemID, queue.playQueueSelectedItemID);
      assert.equal([...keysOf(mixed)].sort(), [...natural].sort());
      assert.not.equal(keysOf(mixed), natural);
      shuffled.push(keysOf(mixed));
      const restored = await queueCall(server, 'PUT', `/playQueues/${queue.playQueueID}/unshuffle`);
      assert.equal(keysOf(restored), natural);
      assert.is(restored.playQueueShuffled, false);
      assert.is(restored.playQueueVersion, 3);
      const born = await create(server, 'audio', `/library/metadata/${artist.ratingKey}`, '&shuffle=1');
      assert.is(born.playQueueShuffled, true);
    });
  }
  assert.equal(shuffled[0], shuffled[1]);
});

test('bad requests: 404 for unknown queues, entries and items; 400 for a missing type or uri, another server\'s uri, a wrong method 405', async () => {
  await withDemo({}, async (server) => {
    const queue = await create(server, 'video', '/library/metadata/101');
    await queueCall(server, 'GET', '/playQueues/999', 404);
    await queueCall(server, 'DELETE', `/playQueues/${queue.playQueueID}/items/999999`, 404);
    await queueCall(server, 'PUT', `/playQueues/${queue.playQueueID}/items/999999/move`, 404);
    await queueCall(server, 'POST', `/playQueues?type=video&uri=${uri(server, '/library/metadata/999999')}`, 404);
    await queueCall(server, 'POST', `/playQueues?uri=${uri(server, '/library/metadata/101')}`, 400);
    await queueCall(server, 'POST', '/playQueues?type=video', 400);
    await queueCall(server, 'POST', `/playQueues?type=video&uri=${encodeURIComponent('server://elsewhere/com.plexapp.plugins.library/library/metadata/101')}`, 400);
    await queueCall(server, 'POST', `/playQueues?type=video&uri=${encodeURIComponent('library://nothing')}`, 400);
    await queueCall(server, 'GET', '/playQueues', 405);
  });
});

test.run();
