// Marble tests of a play queue's run: entries in order, each only after the one before it ended; skips, failures, cancel, repeat.
import { NEVER, Observable, of } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlexPlayQueueItem } from '../../../src/plex/models.js';
import type { PlaybackEvent } from '../../../src/playback/playbackEvents.js';
import type { QueueEvent, QueuePlan, QueueRunOptions } from '../../../src/playback/queue/queueEvents.js';
import { defaultRetryDelay, runQueue, type QueueRunDependencies } from '../../../src/playback/queue/queueRunner.js';
import { passedPrefetchPoint } from '../../../src/playback/queue/queuePrefetch.js';
import { marbleScheduler, playbackItem } from '../../helpers/playbackMarbles.js';

function entry(ratingKey: string, withPart: boolean): PlexPlayQueueItem {
  return {
    ratingKey, key: `/library/metadata/${ratingKey}`, type: 'episode', title: `Episode ${ratingKey}`, playQueueItemID: Number(ratingKey) + 100,
    Media: withPart ? [{ id: Number(ratingKey), Part: [{ id: Number(ratingKey), key: `/library/parts/${ratingKey}/1/file.mkv` }] }] : [],
  };
}

function plan(keys: string[], startIndex = 0, missing: string[] = []): QueuePlan {
  return { playQueueID: 7, items: keys.map((key) => entry(key, !missing.includes(key))), startIndex };
}

const playing: PlaybackEvent = { type: 'playing', position: 0, duration: 1000 };
const ended: PlaybackEvent = { type: 'ended', position: 1000, duration: 1000, headless: false };
const headless: PlaybackEvent = { type: 'ended', position: 0, duration: 1000, headless: true };
const notFound: PlaybackEvent = { type: 'failed', code: 'not-found', message: 'cannot play "Episode 2": no part' };
const playerFailed: PlaybackEvent = { type: 'failed', code: 'player', message: 'mpv crashed' };
const unreachable: PlaybackEvent = { type: 'failed', code: 'network', message: 'cannot connect to the server: connection refused' };
const terminated: PlaybackEvent = { type: 'terminated', code: 2006, message: 'ended by the owner' };
const credits = { type: 'credits', start: 85_000, end: 100_000 } as const;
const withCredits: PlaybackEvent = { type: 'resolved', item: playbackItem('1', { duration: 100_000, markers: [{ type: 'intro', start: 5000, end: 20_000 }, credits] }) };
const withoutCredits: PlaybackEvent = { type: 'resolved', item: playbackItem('1', { duration: 100_000 }) };
const at60: PlaybackEvent = { type: 'position', position: 60_000, duration: 100_000 };
const at75: PlaybackEvent = { type: 'position', position: 75_000, duration: 100_000 };
const at86: PlaybackEvent = { type: 'position', position: 86_000, duration: 100_000 };
const creditsEntered: PlaybackEvent = { type: 'markerEntered', marker: credits };
const at10: PlaybackEvent = { type: 'playing', position: 10_000, duration: 100_000 };
const quit: PlaybackEvent = { type: 'ended', position: 12_000, duration: 100_000, headless: false, quit: true };
/** r/q resolved with/without a credits marker (100 s long), b/x/y/z at 10/60/75/86 s, c the credits entered, u the person quit the player, w the server not reached. */
const marbles = { a: playing, e: ended, h: headless, n: notFound, f: playerFailed, t: terminated, r: withCredits, q: withoutCredits, b: at10, x: at60, y: at75, z: at86, c: creditsEntered, u: quit, w: unreachable };

/** What a run shows, shortly: `ratingKey:event` per entry event, `skip:ratingKey`, and the end with its counts (played/skipped). */
function short(event: QueueEvent): string {
  switch (event.type) {
    case 'item':
      return `${event.entry.index + 1}/${event.entry.total} ${event.entry.item.ratingKey}:${event.event.type}`;
    case 'skipped':
      return `skip:${event.entry.item.ratingKey}`;
    case 'upNext':
      return `upNext:${event.next.ratingKey}:${event.inSeconds}s`;
    case 'waiting':
      return `wait:${event.entry.item.ratingKey}:${event.retryInMs}ms`;
    case 'failed':
      return `failed:${event.code}`;
    case 'queueEnded':
      return `end:${event.reason}:${event.played}/${event.skipped}${event.code ? `:${event.code}` : ''}`;
  }
}

interface Run {
  /** `frame short-event` of everything the run emitted. */
  events: string[];
  /** `ratingKey@frame` of each play's start, and of each play's end or cancel. */
  started: string[];
  finished: string[];
  reloads: number;
  /** `open:ratingKey@frame` of each entry opened ahead of its play, `close:ratingKey@frame` of each closed. */
  prefetched: string[];
}

/** Edits of the queue as it plays: at each marble, the queue's entries become the ratingKeys of `orders[marble]`, in that order. */
interface QueueEdits {
  marbles: string;
  orders: Record<string, string[]>;
}

/**
 * Runs `queue` with each ratingKey's play given as marbles (every marble a playback event), for `until` frames
 * (then the run is unsubscribed, as Ctrl-C does) or to its end; `jumps` are marbles of next (n) and previous (p), `quits`
 * of the person quitting the queue's player while it waits idle (q).
 */
function run(queue: QueuePlan, plays: Record<string, string | string[]>, options: Partial<QueueRunOptions> = {}, until?: number, reloaded?: QueuePlan, jumps?: string, edits?: QueueEdits, quits?: string): Run {
  const result: Run = { events: [], started: [], finished: [], reloads: 0, prefetched: [] };
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, hot, flush }) => {
    const now = () => scheduler.now();
    const dependencies: QueueRunDependencies = {
      play: (item) =>
        new Observable<PlaybackEvent>((subscriber) => {
          result.started.push(`${item.ratingKey}@${now()}`);
          // A list: the marbles of each try of this entry in turn (the last one for any further try).
          const given = plays[item.ratingKey];
          const tries = result.started.filter((start) => start.startsWith(`${item.ratingKey}@`)).length;
          const marbleText = Array.isArray(given) ? given[Math.min(tries, given.length) - 1] : given;
          const subscription = (marbleText === undefined ? NEVER : cold(marbleText, marbles)).subscribe(subscriber);
          return () => {
            subscription.unsubscribe();
            result.finished.push(`${item.ratingKey}@${now()}`);
          };
        }),
      reload: () => {
        result.reloads += 1;
        return reloaded ? of(reloaded) : NEVER;
      },
      prefetch: (item) => {
        result.prefetched.push(`open:${item.ratingKey}@${now()}`);
        return {
          close: async () => {
            result.prefetched.push(`close:${item.ratingKey}@${now()}`);
          },
        };
      },
      // `jumps`: the person's next (n) and previous (p) as they press them.
      ...(jumps === undefined ? {} : { jumps: hot(jumps, { n: 1, p: -1 }) }),
      ...(quits === undefined ? {} : { playerQuit: hot(quits, { q: undefined }) }),
    };
    // `edits`: the queue's entries as edits leave them (QueueControl's state), each marble a new order of ratingKeys.
    let edited: PlexPlayQueueItem[] | undefined;
    if (edits !== undefined) {
      dependencies.items = () => edited;
      hot(edits.marbles, edits.orders).subscribe((keys) => (edited = keys.map((key) => queue.items.find((item) => item.ratingKey === key) ?? entry(key, true))));
    }
    const subscription = runQueue(queue, dependencies, { repeat: false, onlyFirst: false, ...options }).subscribe((event) => result.events.push(`${now()} ${short(event)}`));
    if (until !== undefined) scheduler.schedule(() => subscription.unsubscribe(), until);
    flush();
  });
  return result;
}

test('each entry starts only once the one before it ended; the queue ends after the last', () => {
  const result = run(plan(['1', '2', '3']), { 1: 'a 9ms (e|)', 2: 'a 19ms (e|)', 3: 'a 4ms (e|)' });
  assert.equal(result.events, ['0 1/3 1:playing', '10 1/3 1:ended', '10 2/3 2:playing', '30 2/3 2:ended', '30 3/3 3:playing', '35 3/3 3:ended', '35 end:finished:3/0']);
  assert.equal(result.started, ['1@0', '2@10', '3@30']);
  assert.equal(result.finished, ['1@10', '2@30', '3@35']);
});

test('an entry that has not ended holds the next back, however long it plays', () => {
  const result = run(plan(['1', '2']), { 1: 'a 99ms (e|)', 2: '(e|)' });
  assert.equal(result.started, ['1@0', '2@100']);
});

test('the run starts at the plan\'s start index (a show\'s on-deck episode); with onlyFirst (--no-continue) that entry plays alone', () => {
  const plays = { 1: '(e|)', 2: 'a 9ms (e|)', 3: 'a 9ms (e|)' };
  assert.equal(run(plan(['1', '2', '3'], 1), plays).started, ['2@0', '3@10']);
  const alone = run(plan(['1', '2', '3'], 1), plays, { onlyFirst: true });
  assert.equal(alone.started, ['2@0']);
  assert.equal(alone.events.at(-1), '10 end:finished:1/0');
});

test('cancelling stops the entry that plays, and nothing after it starts; no end is emitted', () => {
  const result = run(plan(['1', '2', '3']), { 1: 'a 9ms (e|)', 2: 'a 99ms (e|)', 3: '(e|)' }, {}, 50);
  assert.equal(result.started, ['1@0', '2@10']);
  assert.equal(result.finished, ['1@10', '2@50']);
  assert.not.ok(result.events.some((event) => event.includes('end:')), result.events.join('\n'));
});

test('an entry without a part is skipped before it plays; one whose part the server does not have is skipped after its failure; the rest play', () => {
  const result = run(plan(['1', '2', '3', '4'], 0, ['2']), { 1: 'a 9ms (e|)', 3: '(n|)', 4: 'a 9ms (e|)' });
  assert.equal(result.started, ['1@0', '3@10', '4@10']);
  assert.equal(result.events, ['0 1/4 1:playing', '10 1/4 1:ended', '10 skip:2', '10 3/4 3:failed', '10 skip:3', '10 4/4 4:playing', '20 4/4 4:ended', '20 end:finished:2/2']);
});

test('any other failure, or the server ending the session, ends the queue there', () => {
  const failed = run(plan(['1', '2', '3']), { 1: 'a 9ms (e|)', 2: 'a 9ms (f|)', 3: '(e|)' });
  assert.equal(failed.started, ['1@0', '2@10']);
  assert.equal(failed.events.at(-1), '20 end:failed:1/0:player');
  const ended = run(plan(['1', '2']), { 1: 'a 9ms (t|)', 2: '(e|)' });
  assert.equal(ended.started, ['1@0']);
  assert.equal(ended.events.at(-1), '10 end:terminated:0/0:terminated');
});

test('a player that cannot say when an item ends plays the first entry only, and the end says why', () => {
  const result = run(plan(['1', '2']), { 1: '(h|)', 2: '(e|)' });
  assert.equal(result.started, ['1@0']);
  assert.equal(result.events.at(-1), '0 end:headless:1/0');
});

test('repeat: after the last entry the queue, as the server has it then, starts over from its first; a round that played nothing ends it', () => {
  const again = plan(['1', '2'], 0, ['1']);
  const result = run(plan(['1', '2'], 1), { 1: 'a 9ms (e|)', 2: 'a 9ms (e|)' }, { repeat: true }, 100, again);
  // 2 plays, then the reloaded queue (where 1 has lost its part): 1 skipped, 2 plays, and so on, until cancelled.
  assert.equal(result.started.slice(0, 3), ['2@0', '2@10', '2@20']);
  assert.ok(result.reloads >= 3);
  const none = run(plan(['1'], 0), { 1: '(n|)' }, { repeat: true });
  assert.equal(none.events.at(-1), '0 end:finished:0/1');
  assert.is(none.reloads, 0);
});

test('up next: at the credits marker, the next entry and the seconds left; once; not before the credits, not for the last entry', () => {
  const result = run(plan(['1', '2']), { 1: 'r x y c z (e|)', 2: 'r c (e|)' });
  assert.equal(result.events.filter((event) => event.includes('upNext') || event.includes(' 1:markerEntered')), ['3 1/2 1:markerEntered', '3 upNext:2:15s']);
  assert.equal(result.started, ['1@0', '2@5']);
  assert.equal(result.events.at(-1), '7 end:finished:2/0');
});

test('up next without a credits marker: 30 s before the end, once; a missing next entry is passed over for the one after it', () => {
  const result = run(plan(['1', '2', '3'], 0, ['2']), { 1: 'q x y z (e|)', 3: '(e|)' });
  assert.equal(result.events.filter((event) => event.includes('upNext')), ['2 upNext:3:25s']);
  assert.equal(result.started, ['1@0', '3@4']);
});

test('autoplay off: no up next, the queue ends after the entry that plays (autoplayOff) and the next never starts', () => {
  const result = run(plan(['1', '2']), { 1: 'r x c z (e|)', 2: '(e|)' }, { autoplay: false });
  assert.not.ok(result.events.some((event) => event.includes('upNext')), result.events.join('\n'));
  assert.equal(result.started, ['1@0']);
  assert.equal(result.events.at(-1), '4 end:autoplayOff:1/0');
  const last = run(plan(['1']), { 1: 'r (e|)' }, { autoplay: false });
  assert.equal(last.events.at(-1), '1 end:finished:1/0', 'a queue with nothing after its entry just finishes');
});

test('a jump stops the entry that plays and starts the one asked for; before the first is the first again; past the last is ignored', () => {
  const plays = { 1: 'a 99ms (e|)', 2: 'a 99ms (e|)', 3: 'a 9ms (e|)' };
  // next at 5 (1 → 2), previous at 10 (2 → 1), previous at 15 (1 → 1 again), next at 20 and 25 (→ 2 → 3), next at 30 (the last: ignored).
  const result = run(plan(['1', '2', '3']), plays, {}, undefined, undefined, '5ms n 4ms p 4ms p 4ms n 4ms n 4ms n');
  assert.equal(result.started, ['1@0', '2@5', '1@10', '1@15', '2@20', '3@25']);
  assert.equal(result.finished, ['1@5', '2@10', '1@15', '1@20', '2@25', '3@35']);
  assert.equal(result.events.at(-1), '35 end:finished:1/0');
});

test('the prefetch point: 60 s before the end or 80 %, whichever comes first; never for an unknown duration', () => {
  const point = { secondsBeforeEnd: 60, percent: 80 };
  // 100 s: 40 s (60 s before the end) comes before 80 s.
  assert.equal([passedPrefetchPoint(39_999, 100_000, point), passedPrefetchPoint(40_000, 100_000, point)], [false, true]);
  // 40 min: 80 % (32 min) comes before 39 min.
  assert.equal([passedPrefetchPoint(31 * 60_000, 40 * 60_000, point), passedPrefetchPoint(32 * 60_000, 40 * 60_000, point)], [false, true]);
  assert.is(passedPrefetchPoint(5_000, 0, point), false);
});

test('prefetch: the next entry is opened once the one that plays passes the point, once; its own play then takes it over (nothing closed)', () => {
  // 1 is at 10 s at first (before the point), at 60 s from frame 10 on; 2 never passes the point, so 3 is not opened ahead.
  const result = run(plan(['1', '2', '3']), { 1: 'b 9ms x 9ms x 9ms (e|)', 2: 'b 9ms (e|)', 3: 'b 9ms (e|)' });
  assert.equal(result.prefetched, ['open:2@10']);
  assert.equal(result.started, ['1@0', '2@30', '3@40']);
  assert.equal(result.events.at(-1), '50 end:finished:3/0');
});

test('prefetch: never past the last entry, nor with autoplay off or onlyFirst', () => {
  assert.equal(run(plan(['1']), { 1: 'x 9ms (e|)' }).prefetched, []);
  assert.equal(run(plan(['1', '2']), { 1: 'x 9ms (e|)' }, { autoplay: false }).prefetched, []);
  assert.equal(run(plan(['1', '2']), { 1: 'x 9ms (e|)' }, { onlyFirst: true }).prefetched, []);
});

test('prefetch: a stop closes the entry opened ahead; so does a jump to another entry than the one opened', () => {
  const stopped = run(plan(['1', '2', '3']), { 1: 'x 99ms (e|)' }, {}, 50);
  assert.equal(stopped.prefetched, ['open:2@0', 'close:2@50']);
  // previous at 5: 1 starts again (2, opened ahead, is closed), and opens 2 ahead again.
  const jumped = run(plan(['1', '2', '3']), { 1: 'x 99ms (e|)', 2: '(e|)', 3: '(e|)' }, {}, undefined, undefined, '5ms p');
  assert.equal(jumped.prefetched, ['open:2@0', 'close:2@5', 'open:2@5']);
  assert.equal(jumped.started, ['1@0', '1@5', '2@105', '3@105']);
});

test('the person quitting the player ends the queue (playerQuit): the next entry never starts', () => {
  const result = run(plan(['1', '2']), { 1: 'b 9ms (u|)', 2: '(e|)' });
  assert.equal(result.started, ['1@0']);
  assert.equal(result.events.at(-1), '10 end:playerQuit:1/0');
});

test('the person quitting the queue\'s player while it waits idle for the next entry ends the queue (playerQuit): that entry is stopped, nothing after it starts', () => {
  // 2 never gets ready (its play says nothing): the player waits idle until the quit at 15.
  const result = run(plan(['1', '2', '3']), { 1: 'b 9ms (e|)', 3: '(e|)' }, {}, undefined, undefined, undefined, undefined, '15ms q');
  assert.equal(result.started, ['1@0', '2@10']);
  assert.equal(result.finished, ['1@10', '2@15']);
  assert.equal(result.events.at(-1), '15 end:playerQuit:1/0');
});

test('a removed queue item is not played: an entry removed while the one before it plays is passed over', () => {
  // 2 leaves the queue at frame 5, while 1 plays: 3 follows 1.
  const result = run(plan(['1', '2', '3']), { 1: 'a 9ms (e|)', 2: 'a 9ms (e|)', 3: 'a 9ms (e|)' }, {}, undefined, undefined, undefined, { marbles: '5ms r', orders: { r: ['1', '3'] } });
  assert.equal(result.started, ['1@0', '3@10']);
  assert.equal(result.events, ['0 1/3 1:playing', '10 1/3 1:ended', '10 2/2 3:playing', '20 2/2 3:ended', '20 end:finished:2/0']);
});

test('a moved item plays in its new place; an item added after the one that plays comes next', () => {
  // At 5, 3 moves before 2; at 15 (while 3 plays), 4 is added right after it.
  const plays = { 1: 'a 9ms (e|)', 2: 'a 9ms (e|)', 3: 'a 9ms (e|)', 4: 'a 9ms (e|)' };
  const result = run(plan(['1', '2', '3']), plays, {}, undefined, undefined, undefined, { marbles: '5ms m 9ms a', orders: { m: ['1', '3', '2'], a: ['1', '3', '4', '2'] } });
  assert.equal(result.started, ['1@0', '3@10', '4@20', '2@30']);
  assert.equal(result.events.at(-1), '40 end:finished:4/0');
});

test('edits move up next and prefetch: the entry announced and opened ahead is the next one as the queue is then', () => {
  // 2 is opened ahead at 0 (1 is past the point); at 5, 2 leaves: it is closed and 3 is opened; the credits announce 3.
  const result = run(plan(['1', '2', '3']), { 1: 'x 9ms x c 9ms (e|)', 3: '(e|)' }, {}, undefined, undefined, undefined, { marbles: '5ms r', orders: { r: ['1', '3'] } });
  assert.equal(result.prefetched, ['open:2@0', 'close:2@10', 'open:3@10']);
  assert.ok(result.events.includes('11 upNext:3:15s'), result.events.join('\n'));
  assert.equal(result.started, ['1@0', '3@21']);
});

test('a jump after an edit goes from where the entry that plays is now', () => {
  // At 5, 1 (playing) moves after 2; next at 10 goes to 3, the entry after it now.
  const result = run(plan(['1', '2', '3']), { 1: 'a 99ms (e|)', 3: 'a 9ms (e|)' }, {}, undefined, undefined, '10ms n', { marbles: '5ms m', orders: { m: ['2', '1', '3'] } });
  assert.equal(result.started, ['1@0', '3@10']);
});

test('jumps are read only while an entry plays: one asked after the queue ended starts nothing', () => {
  const result = run(plan(['1', '2']), { 1: '(e|)', 2: 'a 4ms (e|)' }, {}, undefined, undefined, '20ms n');
  assert.equal(result.started, ['1@0', '2@0']);
  assert.equal(result.events.at(-1), '5 end:finished:2/0');
});

test('the server not reached at an entry\'s start: the queue waits there (said once), tries it again after each delay, and goes on once it answers', () => {
  const plays = { 1: 'a 9ms (e|)', 2: ['(w|)', '(w|)', 'a 9ms (e|)'], 3: 'a 9ms (e|)' };
  const result = run(plan(['1', '2', '3']), plays, { retryDelay: (attempt) => 100 * 2 ** attempt });
  assert.equal(result.started, ['1@0', '2@10', '2@110', '2@310', '3@320']);
  assert.equal(result.events.filter((event) => event.includes('wait:')), ['10 wait:2:100ms']);
  assert.equal(result.events.at(-1), '330 end:finished:3/0');
});

test('while the queue waits for the server, stopping it ends the wait: nothing is tried again', () => {
  const result = run(plan(['1', '2']), { 1: 'a 9ms (e|)', 2: '(w|)' }, { retryDelay: () => 100 }, 50);
  assert.equal(result.started, ['1@0', '2@10']);
  assert.ok(!result.events.some((event) => event.includes('end:')), result.events.join('\n'));
});

test('the server lost while an entry plays ends the queue as before: only an entry\'s start is waited at', () => {
  const result = run(plan(['1', '2']), { 1: 'a 5ms (w|)', 2: 'a 9ms (e|)' }, { retryDelay: () => 100 });
  assert.equal(result.started, ['1@0']);
  assert.equal(result.events.at(-1), '6 end:failed:0/0:network');
});

test('the default waits grow from 2 s and stay at 30 s', () => {
  assert.equal([0, 1, 2, 3, 4, 10].map(defaultRetryDelay), [2000, 4000, 8000, 16000, 30000, 30000]);
});

test.run();
