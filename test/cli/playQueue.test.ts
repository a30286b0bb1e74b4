// `plexterm play` as a play queue, with fixture player plugins against the demo: a season in order, a show from its on-deck
// episode, an episode into the rest of its show, --no-continue, --shuffle, --repeat, a missing file skipped, Ctrl-C ending the queue.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDemoServer, type DemoServer } from '../../src/demo/index.js';
import { killLiveClis, startCli, stopCli } from '../helpers/cacheCli.js';
import { cleanEnvironment } from '../helpers/cli.js';
import { runMain } from '../helpers/cliInProcess.js';
import { demoContainer, demoFetch, demoJson } from '../helpers/demoServer.js';
import { writePlugin } from '../helpers/extensionFixtures.js';
import { demoState, endingPlayerPlugin, fakePlayerPlugin, timelineReports, timelineStates } from '../helpers/playCli.js';
import { makeTempFolder, type TempFolder } from '../helpers/tempFolder.js';

/** Orbital Kitchen (116): Season 1 (117) is 119, 121, 123, all watched; Season 2 is 126 (in progress at 3 s, the show's on-deck), 128, 130. */
const season1 = ['119', '121', '123'];

/** One line of `play --json`. */
interface QueueLine {
  type: string;
  ratingKey?: string;
  playQueueItemID?: number;
  playQueueID?: number | null;
  startAt?: number;
  reason?: string;
  played?: number;
  skipped?: number;
  message?: string;
  signal?: string;
  item?: { ratingKey: string; startAt: number };
}

/**
 * A player for the plugin API's queue: it logs each state of `playback.queue$` ("queue 2/3 121"); at its first launch it
 * asks `playback.next()` once the item plays (and logs the answer); the items after it end 1 s of item after their start.
 */
const queueWatchPlugin = {
  name: 'queue-watch',
  manifest: { contributes: { players: [{ id: 'watch', title: 'Queue watch', mediaTypes: ['video', 'audio'] }] } },
  code: `let launches = 0;
export function activate(context) {
  const queue = context.api.playback.queue$.subscribe((state) => {
    context.log(state ? 'queue ' + (state.current + 1) + '/' + state.items.length + ' ' + state.items[state.current].ratingKey : 'queue none');
  });
  context.subscriptions.push({ dispose: () => queue.unsubscribe() });
  context.subscriptions.push(context.api.players.register('watch', {
    async launch(url, options) {
      launches += 1;
      const first = launches === 1;
      let timer;
      const events$ = {
        subscribe(observer) {
          const duration = options.startAt + 1000;
          let position = options.startAt;
          observer.next?.({ type: 'playing', position, duration });
          if (first) context.api.playback.next().then((moved) => context.log('next answered ' + moved));
          timer = setInterval(() => {
            if (first) return;
            position = Math.min(position + 250, duration);
            observer.next?.({ type: 'position', position, duration });
            if (position < duration) return;
            clearInterval(timer);
            observer.next?.({ type: 'ended', position, duration });
            observer.complete?.();
          }, 50);
          return () => clearInterval(timer);
        },
      };
      return { events$, stop: async () => { clearInterval(timer); context.log('stopped'); } };
    },
  }));
}`,
};

let home: TempFolder;
let pluginsDir: string;
const demos: DemoServer[] = [];

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer({ inspect: true });
  demos.push(server);
  return server;
}

function playArgs(server: DemoServer, ...args: string[]): string[] {
  return ['--server', server.url, '--token', server.token, '--plugins-dir', pluginsDir, 'play', ...args];
}

function lines(stdout: string | readonly string[]): QueueLine[] {
  const list = typeof stdout === 'string' ? stdout.split('\n') : stdout;
  return list.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as QueueLine).filter((line) => line.type !== 'phase');
}

/** The ratingKey of each `resolved` event, in order: which items played. */
function resolvedKeys(events: QueueLine[]): string[] {
  return events.filter((event) => event.type === 'resolved').map((event) => event.ratingKey ?? '');
}

/** The playQueueItemID each ratingKey played as, from its `resolved` event. */
function queueItemIds(events: QueueLine[]): Map<string, number> {
  return new Map(events.filter((event) => event.type === 'resolved').map((event) => [event.ratingKey ?? '', event.playQueueItemID ?? -1]));
}

async function play(server: DemoServer, ...args: string[]): Promise<{ code: number; events: QueueLine[]; stderr: string; stdout: string }> {
  const result = await runMain(playArgs(server, ...args), { env: cleanEnvironment(home.path) });
  return { code: result.code ?? -1, events: lines(result.stdout), stderr: result.stderr, stdout: result.stdout };
}

test.before(async () => {
  home = await makeTempFolder('plexterm-cli-play-queue-');
  pluginsDir = join(home.path, 'extra');
  await writePlugin(pluginsDir, fakePlayerPlugin);
  await writePlugin(pluginsDir, endingPlayerPlugin);
  await writePlugin(pluginsDir, queueWatchPlugin);
});

test.after.each(killLiveClis);

test.after(async () => {
  await killLiveClis();
  await Promise.all(demos.map((server) => server.close()));
  await home.remove();
});

test('a season plays its episodes in order, each after the one before it ended; every event and timeline names its queue entry; each is marked watched', async () => {
  const server = await demo();
  const before = await demoState(server);
  const { code, events, stderr } = await play(server, '117', '--player', 'quick', '--json');
  assert.is(code, 0, stderr);
  assert.equal(resolvedKeys(events), season1);
  // Nothing of the next episode before the one before it ended.
  const order = events.filter((event) => event.type === 'resolved' || event.type === 'ended').map((event) => `${event.type} ${event.ratingKey}`);
  assert.equal(order, season1.flatMap((key) => [`resolved ${key}`, `ended ${key}`]));
  assert.ok(events.every((event) => event.type === 'queueEnded' || (event.ratingKey !== undefined && typeof event.playQueueItemID === 'number')), 'every event names its entry');
  const end = events.at(-1);
  assert.equal([end?.type, end?.reason, end?.played, end?.skipped], ['queueEnded', 'finished', 3, 0]);
  const ids = queueItemIds(events);
  const reports = await timelineReports(server);
  for (const key of season1) {
    const own = reports.filter((params) => params.get('ratingKey') === key);
    assert.ok(own.length >= 2, `timelines of ${key}`);
    assert.ok(own.every((params) => params.get('playQueueItemID') === String(ids.get(key)) && params.get('containerKey') === `/playQueues/${end?.playQueueID}`), `${key}: ${own.map(String).join(' ; ')}`);
    assert.equal([own[0]?.get('state'), own.at(-1)?.get('state')], ['playing', 'stopped']);
    assert.is((await demoState(server)).items[key]?.viewCount, (before.items[key]?.viewCount ?? 0) + 1, `${key} marked watched`);
  }
  const queue = await demoContainer(server, `/playQueues/${end?.playQueueID}`);
  assert.equal(queue.MediaContainer.Metadata?.map((item) => item.ratingKey), season1, 'the server queue is the season');
});

test('plugins see the queue in playback.queue$ and move in it with playback.next(): the first entry is stopped, the rest play', async () => {
  const server = await demo();
  const { code, events, stderr } = await play(server, '117', '--player', 'watch', '--json');
  assert.is(code, 0, stderr);
  assert.equal(resolvedKeys(events), season1);
  // The first stopped for the next (no ended), the others ended.
  assert.equal(events.filter((event) => event.type === 'ended').map((event) => event.ratingKey), season1.slice(1));
  const log = await readFile(join(home.path, 'log', 'plugins.log'), 'utf8');
  assert.match(log, /next answered true/);
  const states = log.split('\n').filter((line) => /queue \d/.test(line)).map((line) => line.replace(/^.*queue /, ''));
  assert.equal(states.filter((state, index) => states.indexOf(state) === index), ['1/3 119', '2/3 121', '3/3 123']);
});

test('a show starts at its on-deck episode and resumes it; --from-start does not; --no-continue plays that episode alone', async () => {
  const server = await demo();
  const show = await play(server, '116', '--player', 'quick', '--json');
  assert.is(show.code, 0, show.stderr);
  assert.equal(resolvedKeys(show.events), ['126', '128', '130']);
  const launched = show.events.filter((event) => event.type === 'launched').map((event) => event.startAt);
  assert.equal(launched, [3000, 0, 0]);
  // Where the run before left the show is what the server's on-deck says now (the first episode when it has none).
  const deck = (await demoContainer(server, '/library/onDeck')).MediaContainer.Metadata?.find((item) => item.grandparentRatingKey === '116');
  const alone = await play(server, '116', '--player', 'quick', '--no-continue', '--from-start', '--json');
  assert.is(alone.code, 0, alone.stderr);
  assert.equal(resolvedKeys(alone.events), [deck?.ratingKey ?? '119']);
  assert.equal(alone.events.filter((event) => event.type === 'launched').map((event) => event.startAt), [0]);
});

test('an episode goes on into the rest of its show; with --no-continue its queue is that episode only', async () => {
  const server = await demo();
  const continued = await play(server, '128', '--player', 'quick', '--json');
  assert.is(continued.code, 0, continued.stderr);
  assert.equal(resolvedKeys(continued.events), ['128', '130']);
  const alone = await play(server, '128', '--player', 'quick', '--no-continue', '--json');
  assert.equal(resolvedKeys(alone.events), ['128']);
  const creates = (await demoState(server)).requests.filter((request) => request.path.startsWith('/playQueues?')).map((request) => new URL(request.path, 'http://demo').searchParams.get('continuous'));
  assert.equal(creates, ['1', null]);
});

test('--shuffle asks the server for a shuffled queue and plays it in the server\'s order', async () => {
  const server = await demo();
  const { code, events, stderr } = await play(server, '131', '--player', 'quick', '--shuffle', '--json');
  assert.is(code, 0, stderr);
  const end = events.at(-1);
  const queue = (await demoJson(server, `/playQueues/${end?.playQueueID}`)) as { MediaContainer: { playQueueShuffled: boolean; Metadata: { ratingKey: string }[] } };
  assert.is(queue.MediaContainer.playQueueShuffled, true);
  assert.equal(resolvedKeys(events), queue.MediaContainer.Metadata.map((item) => item.ratingKey));
  assert.is(resolvedKeys(events).length, 4);
});

test('an episode whose file is gone is skipped with a message, the rest play; human lines say which of how many plays', async () => {
  const server = await demo();
  const episode = await demoContainer(server, '/library/metadata/121');
  const partId = episode.MediaContainer.Metadata?.[0]?.Media?.[0]?.Part?.[0]?.id;
  assert.ok(partId !== undefined);
  assert.is((await demoFetch(server, `/__demo/parts/${partId}/remove`, { method: 'POST' })).status, 200);
  // A cache of its own: a copy of the episode cached by an earlier test would still play (as it should).
  const own = await makeTempFolder('plexterm-cli-play-queue-skip-');
  await writePlugin(join(own.path, 'extra'), endingPlayerPlugin);
  const args = ['--server', server.url, '--token', server.token, '--plugins-dir', join(own.path, 'extra'), 'play', '117', '--player', 'quick', '--from-start'];
  const result = await runMain(args, { env: cleanEnvironment(own.path) }).finally(() => own.remove());
  assert.is(result.code, 0, result.stderr);
  const out = result.stdout.split('\n');
  assert.match(out[0] ?? '', /^1\/3 S1E1 Orbital Kitchen — Freeze-Dried Beginnings \(video, 0:40\) with quick, from the start$/);
  assert.ok(out.some((line) => /^2\/3 S1E2 Orbital Kitchen — Zero-G Soufflé/.test(line)), result.stdout);
  assert.ok(out.some((line) => /^3\/3 S1E3 Orbital Kitchen — Hydroponic Harvest/.test(line)), result.stdout);
  assert.ok(/^plexterm: 2\/3 S1E2 cannot play "Orbital Kitchen — Zero-G Soufflé": .*$/m.test(result.stderr), result.stderr);
  assert.is(out.filter(Boolean).at(-1), 'queue ended: 2 played, 1 skipped');
  assert.equal(await timelineStates(server, '121'), [], 'the skipped episode never played');
});

test('Ctrl-C ends the queue: the player is stopped, stopped is reported for the current item only, nothing after it starts', async () => {
  const server = await demo();
  const live = startCli(home.path, playArgs(server, '117', '--player', 'fake', '--json'));
  await live.waitForLine(/"type":"position"/);
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
  const events = lines(live.lines);
  const stopped = events.at(-2);
  assert.equal([stopped?.type, stopped?.signal, stopped?.ratingKey], ['stopped', 'SIGINT', '119']);
  assert.equal([events.at(-1)?.type, events.at(-1)?.reason, events.at(-1)?.played], ['queueEnded', 'stopped', 0]);
  assert.equal(resolvedKeys(events), ['119']);
  assert.is((await timelineStates(server, '119')).at(-1), 'stopped');
  assert.equal(await timelineStates(server, '121'), []);
});

test('--repeat starts the queue over at its end, until Ctrl-C', async () => {
  const server = await demo();
  const live = startCli(home.path, playArgs(server, '128', '--player', 'quick', '--repeat', '--json'));
  // 128, 130, then 128 again.
  await live.waitForLine(/"type":"resolved".*"ratingKey":"128"/);
  await live.waitForLine(/"type":"ended".*"ratingKey":"130"/);
  await live.waitForLine(/"type":"resolved".*"ratingKey":"128"/, undefined, 2);
  assert.equal(await stopCli(live, 'SIGINT'), { code: 0, signal: null });
  assert.equal(resolvedKeys(lines(live.lines)).slice(0, 3), ['128', '130', '128']);
});

test.run();
