// The queue hints (data/queue-hints.json) and the queue made beside the metadata from them, against a real demo server:
// an item played before has its POST /playQueues sent before its metadata has answered; a stale or wrong hint costs
// one more request and nothing else.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import type { NewPlayQueue } from '../../../src/plex/client.js';
import { queueHintsFile, serverKeyOf, type QueueHints } from '../../../src/playback/queue/queueHints.js';
import { createQueuePlan, type QueueClient } from '../../../src/playback/queue/queueSource.js';
import { clientFor } from '../../helpers/playbackHarness.js';
import { makeTempFolder, type TempFolder } from '../../helpers/tempFolder.js';

let demo: DemoServer;
let folder: TempFolder;
let hintsPath: string;

test.before(async () => {
  demo = await startDemoServer({});
  folder = await makeTempFolder('plexterm-queue-hints-');
});

test.before.each(() => {
  hintsPath = join(folder.path, `hints-${Math.random().toString(36).slice(2)}`, 'queue-hints.json');
});

test.after(async () => {
  await demo.close();
  await folder.remove();
});

/** The demo's client, with each call's order written down: `metadata answered`, `POST video 101`... */
function watchedClient(): { client: QueueClient; steps: string[]; posts: NewPlayQueue[] } {
  const real = clientFor(demo);
  const steps: string[] = [];
  const posts: NewPlayQueue[] = [];
  const client: QueueClient = {
    metadata: async (ratingKey) => {
      const item = await real.metadata(ratingKey);
      steps.push('metadata answered');
      return item;
    },
    serverInfo: () => real.serverInfo(),
    onDeck: () => real.onDeck(),
    createPlayQueue: (request) => {
      steps.push(`POST ${request.type} ${request.path}`);
      posts.push(request);
      return real.createPlayQueue(request);
    },
    playQueue: (id) => real.playQueue(id),
  };
  return { client, steps, posts };
}

/** The file's hints, and a wait for what they were told to write. */
function fileHints(): { hints: QueueHints; written: () => Promise<unknown> } {
  const file = queueHintsFile(hintsPath, demo.url);
  const writes: Array<Promise<void>> = [];
  const learnt: QueueHints['learnt'] = (ratingKey, hint) => {
    const write = file.learnt(ratingKey, hint);
    writes.push(write);
    return write;
  };
  return { hints: { hintFor: file.hintFor, learnt }, written: () => Promise.all(writes) };
}

async function savedHints(): Promise<unknown> {
  return JSON.parse(await readFile(hintsPath, 'utf8'));
}

test('no hint: the queue is asked for once the metadata answered, and what the play learnt is kept', async () => {
  const { client, steps } = watchedClient();
  const { hints, written } = fileHints();
  const plan = await createQueuePlan(client, { ratingKey: '101', hints });
  assert.equal(steps, ['metadata answered', 'POST video /library/metadata/101']);
  assert.is(plan.items[plan.startIndex]?.ratingKey, '101');
  await written();
  assert.equal(await savedHints(), { version: 1, servers: [[`${demo.url}/`, { machineIdentifier: demo.machineIdentifier, items: [['101', 'movie']] }]] });
});

test('a hint: POST /playQueues goes out before the metadata answered, once, and its queue is the plan', async () => {
  await writeHints({ '101': 'movie' });
  const { client, steps } = watchedClient();
  const plan = await createQueuePlan(client, { ratingKey: '101', hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal(steps, ['POST video /library/metadata/101', 'metadata answered']);
  assert.is(plan.items[plan.startIndex]?.ratingKey, '101');
  assert.is(plan.machineIdentifier, demo.machineIdentifier);
});

test('an episode with a hint: the guessed queue goes on into the show (continuous), as the one made after the metadata would', async () => {
  await writeHints({ '121': 'episode' });
  const { client, steps, posts } = watchedClient();
  const plan = await createQueuePlan(client, { ratingKey: '121', hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal(steps, ['POST video /library/metadata/121', 'metadata answered']);
  assert.is(posts[0]?.continuous, true);
  assert.ok(plan.items.length > 1, `${plan.items.length} entries`);
  // --no-continue asks for another queue: the hint's guess is made for it too.
  const { client: again, posts: morePosts } = watchedClient();
  const single = await createQueuePlan(again, { ratingKey: '121', noContinue: true, hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal([morePosts.length, morePosts[0]?.continuous, single.items.length], [1, false, 1]);
});

test('a stale hint (another server at this address): its queue is refused, the right one is asked for, and the hint is mended', async () => {
  await writeHints({ '101': 'movie' }, 'f'.repeat(40));
  const { client, steps } = watchedClient();
  const { hints, written } = fileHints();
  const plan = await createQueuePlan(client, { ratingKey: '101', hints });
  assert.equal(steps, ['POST video /library/metadata/101', 'metadata answered', 'POST video /library/metadata/101']);
  assert.is(plan.items[plan.startIndex]?.ratingKey, '101');
  assert.is(plan.machineIdentifier, demo.machineIdentifier);
  await written();
  assert.equal(await savedHints(), { version: 1, servers: [[`${demo.url}/`, { machineIdentifier: demo.machineIdentifier, items: [['101', 'movie']] }]] });
});

test('a wrong type in the hint (a track, for a movie): that queue is left, the video queue is made and plays', async () => {
  await writeHints({ '101': 'track' });
  const { client, steps } = watchedClient();
  const plan = await createQueuePlan(client, { ratingKey: '101', hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal(steps, ['POST audio /library/metadata/101', 'metadata answered', 'POST video /library/metadata/101']);
  assert.is(plan.items[plan.startIndex]?.ratingKey, '101');
});

test('a season played before: its queue (every episode, from the first) is asked for beside its metadata', async () => {
  const first = fileHints();
  await createQueuePlan(watchedClient().client, { ratingKey: '117', hints: first.hints });
  await first.written();
  const { client, steps } = watchedClient();
  const plan = await createQueuePlan(client, { ratingKey: '117', hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal(steps, ['POST video /library/metadata/117', 'metadata answered']);
  assert.equal(plan.items.map((item) => item.ratingKey), ['119', '121', '123']);
});

test('a hint for a show is not used: its queue starts at the on-deck episode, known only after its metadata', async () => {
  await writeHints({ '116': 'show' });
  const { client, steps } = watchedClient();
  await createQueuePlan(client, { ratingKey: '116', hints: queueHintsFile(hintsPath, demo.url) });
  assert.equal(steps, ['metadata answered', 'POST video /library/metadata/116']);
});

test('an item that is gone: the play fails as without a hint (not found), whatever the guessed queue did', async () => {
  await writeHints({ '999999': 'movie' });
  const { client } = watchedClient();
  const error = await createQueuePlan(client, { ratingKey: '999999', hints: queueHintsFile(hintsPath, demo.url) }).then(() => null, (failure: unknown) => failure);
  assert.is((error as { code?: string } | null)?.code, 'not-found');
});

test('a damaged, foreign or oversized (over 1 MiB) file gives no hint and is rewritten whole at the next play', async () => {
  const huge = JSON.stringify({ version: 1, servers: [[`${demo.url}/`, { machineIdentifier: 'm', items: [['101', 'movie'], ...Array.from({ length: 100_000 }, (_, index) => [String(index + 1000), 'episode'])] }]] });
  const damaged = [huge, '{"version":1,"servers":[["x",', '[]', '{"version":2,"servers":[]}', `{"version":1,"servers":[["${demo.url}/",{"machineIdentifier":7,"items":[]}]]}`, `{"version":1,"servers":{"${demo.url}/":{}}}`];
  for (const text of damaged) {
    await writeHintsText(text);
    const file = queueHintsFile(hintsPath, demo.url);
    assert.is(file.hintFor('101'), undefined, text);
    await file.learnt('101', { machineIdentifier: 'm', type: 'movie' });
    assert.equal(queueHintsFile(hintsPath, demo.url).hintFor('101'), { machineIdentifier: 'm', type: 'movie' }, text);
  }
});

test('ratingKeys that name an object\'s own properties are plain keys', async () => {
  const file = queueHintsFile(hintsPath, demo.url);
  assert.is(file.hintFor('constructor'), undefined);
  assert.is(file.hintFor('__proto__'), undefined);
  await file.learnt('__proto__', { machineIdentifier: 'm', type: 'movie' });
  const again = queueHintsFile(hintsPath, demo.url);
  assert.equal(again.hintFor('__proto__'), { machineIdentifier: 'm', type: 'movie' });
  assert.is(again.hintFor('toString'), undefined);
  assert.is(({} as Record<string, unknown>).type, undefined, 'no prototype was changed');
});

test('the file keeps the newest 256 items of a server, and names a server without its credentials, query or token', async () => {
  const address = `http://someone:secret-password@127.0.0.1:32400/plex/?X-Plex-Token=secret-token#x`;
  assert.is(serverKeyOf(address), 'http://127.0.0.1:32400/plex/');
  assert.is(serverKeyOf('not an address'), null);
  let file = queueHintsFile(hintsPath, address);
  for (let key = 1; key <= 300; key += 1) {
    await file.learnt(String(key), { machineIdentifier: 'm', type: 'movie' });
    file = queueHintsFile(hintsPath, address);
  }
  const text = await readFile(hintsPath, 'utf8');
  assert.not.match(text, /someone|secret/);
  assert.is(file.hintFor('44'), undefined, 'the oldest went');
  assert.ok(file.hintFor('45') && file.hintFor('300'));
  // Played again, an item is the newest: it stays when the next ones come.
  await file.learnt('45', { machineIdentifier: 'm', type: 'episode' });
  file = queueHintsFile(hintsPath, address);
  await file.learnt('301', { machineIdentifier: 'm', type: 'movie' });
  file = queueHintsFile(hintsPath, address);
  assert.equal([file.hintFor('45')?.type, file.hintFor('46'), file.hintFor('301')?.type], ['episode', undefined, 'movie']);
});

test('a hint that cannot be saved (its folder is a file) is logged, and the play is not told', async () => {
  const blocked = join(folder.path, 'a-file');
  await writeFile(blocked, 'not a folder');
  const messages: string[] = [];
  const file = queueHintsFile(join(blocked, 'queue-hints.json'), demo.url, (message) => messages.push(message));
  await file.learnt('101', { machineIdentifier: 'm', type: 'movie' });
  assert.is(messages.length, 1);
  assert.match(messages[0] ?? '', /^the queue hints were not saved \(.*\); the next play makes its queue one round trip later$/);
});

async function writeHints(types: Record<string, string>, machineIdentifier = demo.machineIdentifier): Promise<void> {
  await writeHintsText(JSON.stringify({ version: 1, servers: [[`${demo.url}/`, { machineIdentifier, items: Object.entries(types) }]] }));
}

async function writeHintsText(text: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(hintsPath, '..'), { recursive: true });
  await writeFile(hintsPath, text);
}

test.run();
