// Marble tests of a running session: timeline on every state change and while playing, one scrobble, termination.
import { of } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlaybackEvent } from '../../src/playback/playbackEvents.js';
import type { PlayerEvent, PlayerSession } from '../../src/playback/player.js';
import { runSession } from '../../src/playback/sessionRunner.js';
import { fakeDependencies, marbleScheduler, playbackItem, timings } from '../helpers/playbackMarbles.js';

const item = playbackItem('7');

function sessionOf(events$: PlayerSession['events$'], stops: number[], now: () => number): PlayerSession {
  return {
    ...(events$ ? { events$ } : {}),
    stop: () => {
      stops.push(now());
      return Promise.resolve();
    },
  };
}

const shortReports = (reports: { state: string; time: number; at: number }[]) => reports.map(({ state, time, at }) => `${at} ${state} ${time}`);

test('every state change is reported, and a playing session every interval', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const player = cold<PlayerEvent>('a 9ms b 29ms c 29ms d 59ms e 69ms f', {
      a: { type: 'playing', position: 0 },
      b: { type: 'position', position: 100 },
      c: { type: 'paused', position: 150 },
      d: { type: 'playing', position: 150 },
      e: { type: 'position', position: 300 },
      f: { type: 'ended', position: 500 },
    });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    const stops: number[] = [];
    expectObservable(runSession(sessionOf(player, stops, () => scheduler.now()), item, dependencies, timings)).toBe('A 9ms B 29ms C 29ms D 59ms E 69ms (F|)', {
      A: { type: 'playing', position: 0, duration: 1000 },
      B: { type: 'position', position: 100, duration: 1000 },
      C: { type: 'paused', position: 150, duration: 1000 },
      D: { type: 'playing', position: 150, duration: 1000 },
      E: { type: 'position', position: 300, duration: 1000 },
      F: { type: 'ended', position: 500, duration: 1000, headless: false },
    });
    scheduler.flush();
    assert.equal(shortReports(calls.reports), ['0 playing 0', '40 paused 150', '70 playing 150', '120 playing 150', '170 playing 300', '200 stopped 500']);
    assert.ok(calls.reports.every((report) => report.ratingKey === '7' && report.key === '/library/metadata/7' && report.duration === 1000));
    assert.equal(calls.scrobbles, []);
    assert.equal(stops, [], 'a player that ended is not stopped');
  });
});

test('passing 90% scrobbles once, on the position event that passes it', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const player = cold<PlayerEvent>('a 9ms b 9ms c 9ms d 9ms e', {
      a: { type: 'position', position: 0, duration: 2000 },
      b: { type: 'position', position: 1700 },
      c: { type: 'position', position: 1810 },
      d: { type: 'position', position: 1900 },
      e: { type: 'ended', position: 2000 },
    });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    const position = (value: number): PlaybackEvent => ({ type: 'position', position: value, duration: 2000 });
    expectObservable(runSession(sessionOf(player, [], () => scheduler.now()), item, dependencies, timings)).toBe('A 9ms B 9ms (CS) 6ms D 9ms (E|)', {
      A: position(0),
      B: position(1700),
      C: position(1810),
      S: { type: 'scrobbled', position: 1810 },
      D: position(1900),
      E: { type: 'ended', position: 2000, duration: 2000, headless: false },
    });
    scheduler.flush();
    assert.equal(calls.scrobbles, [{ ratingKey: '7', at: 20 }]);
    assert.equal(shortReports(calls.reports), ['0 playing 0', '40 stopped 2000']);
  });
});

test('the end of the file is checked too: ending past 90% scrobbles after the stopped report', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const player = cold<PlayerEvent>('a 9ms b', { a: { type: 'playing', position: 0 }, b: { type: 'ended', position: 950 } });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    expectObservable(runSession(sessionOf(player, [], () => scheduler.now()), item, dependencies, timings)).toBe('P 9ms (SE|)', {
      P: { type: 'playing', position: 0, duration: 1000 },
      S: { type: 'scrobbled', position: 950 },
      E: { type: 'ended', position: 950, duration: 1000, headless: false },
    });
    scheduler.flush();
    assert.equal(shortReports(calls.reports), ['0 playing 0', '10 stopped 950']);
    assert.equal(calls.scrobbles.length, 1);
  });
});

test('a timeline answer with a terminationCode stops the player and surfaces the text', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const player = cold<PlayerEvent>('a 9ms b 99ms c', { a: { type: 'playing', position: 0 }, b: { type: 'position', position: 10 }, c: { type: 'ended' } });
    const { dependencies, calls } = fakeDependencies({
      scheduler,
      open: {},
      answer: (report) => (report.state === 'playing' && report.time > 0 ? cold('--(a|)', { a: { terminationCode: 2006, terminationText: 'Ended by the owner.' } }) : of({})),
    });
    const stops: number[] = [];
    expectObservable(runSession(sessionOf(player, stops, () => scheduler.now()), item, dependencies, timings)).toBe('P 9ms T 41ms (X|)', {
      P: { type: 'playing', position: 0, duration: 1000 },
      T: { type: 'position', position: 10, duration: 1000 },
      X: { type: 'terminated', code: 2006, message: 'Ended by the owner.' },
    });
    expectSubscriptions(player.subscriptions).toBe('^ 51ms !');
    scheduler.flush();
    assert.equal(stops, [52]);
    assert.equal(shortReports(calls.reports), ['0 playing 0', '50 playing 10', '52 stopped 10']);
  });
});

test('a player error ends the session as failed and reports it stopped', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const player = cold<PlayerEvent>('a 9ms #', { a: { type: 'playing', position: 0 } }, new Error('mpv crashed'));
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    expectObservable(runSession(sessionOf(player, [], () => scheduler.now()), item, dependencies, timings)).toBe('P 9ms (F|)', {
      P: { type: 'playing', position: 0, duration: 1000 },
      F: { type: 'failed', code: 'player', message: 'the player failed: mpv crashed' },
    });
    scheduler.flush();
    assert.equal(shortReports(calls.reports), ['0 playing 0', '10 stopped 0']);
  });
});

test('a headless session ends once launched and reports nothing; a failed report is a warning, not an end', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    expectObservable(runSession(sessionOf(undefined, [], () => scheduler.now()), item, dependencies, timings)).toBe('(E|)', {
      E: { type: 'ended', position: 0, duration: 1000, headless: true },
    });
    const player = cold<PlayerEvent>('a 9ms |', { a: { type: 'playing', position: 0 } });
    const refusing = fakeDependencies({ scheduler, open: {}, answer: () => cold('#', undefined, new Error('HTTP 400')) });
    expectObservable(runSession(sessionOf(player, [], () => scheduler.now()), item, refusing.dependencies, timings)).toBe('(PW) 6ms (VE|)', {
      P: { type: 'playing', position: 0, duration: 1000 },
      W: { type: 'warning', message: 'reporting playing failed: HTTP 400' },
      V: { type: 'warning', message: 'reporting stopped failed: HTTP 400' },
      E: { type: 'ended', position: 0, duration: 1000, headless: false },
    });
    scheduler.flush();
    assert.equal(calls.reports, []);
  });
});

test('a paused session is reported every interval too (paused, where it stands), so the server keeps it (it ends one that goes quiet)', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold }) => {
    const player = cold<PlayerEvent>('a 9ms b 119ms c 29ms d', {
      a: { type: 'playing', position: 0 },
      b: { type: 'paused', position: 100 },
      c: { type: 'playing', position: 100 },
      d: { type: 'ended', position: 130 },
    });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    runSession(sessionOf(player, [], () => scheduler.now()), item, dependencies, timings).subscribe();
    scheduler.flush();
    assert.equal(shortReports(calls.reports), ['0 playing 0', '10 paused 100', '60 paused 100', '110 paused 100', '130 playing 100', '160 stopped 130']);
  });
});

test('an item played from a play queue names its queue entry in every report, including the stop when it is cancelled', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const player = cold<PlayerEvent>('a 9ms b', { a: { type: 'playing', position: 0 }, b: { type: 'position', position: 100 } });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    const queued = playbackItem('7', { queue: { playQueueID: 3, playQueueItemID: 12 } });
    expectObservable(runSession(sessionOf(player, [], () => scheduler.now()), queued, dependencies, timings), '^ 20ms !').toBe('A 9ms B', {
      A: { type: 'playing', position: 0, duration: 1000 },
      B: { type: 'position', position: 100, duration: 1000 },
    });
    scheduler.flush();
    assert.equal(calls.reports.map((report) => `${report.state} ${report.playQueueItemID} ${report.containerKey}`), ['playing 12 /playQueues/3', 'stopped 12 /playQueues/3']);
  });
});

test.run();
