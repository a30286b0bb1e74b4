// Marble tests of the playback pipeline: launch once at ready, never on failed/evicted/closed, re-open after eviction, cancellation, the ready timeout, the player prepared ahead of ready.
import { NEVER, throwError } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlextermError } from '../../src/base/errors.js';
import type { CacheEntrySnapshot } from '../../src/cache/index.js';
import type { PlaybackEvent } from '../../src/playback/playbackEvents.js';
import { playbackPipeline } from '../../src/playback/playbackPipeline.js';
import type { PlayerEvent } from '../../src/playback/player.js';
import { fakeDependencies, fakePreparedPlayer, marbleScheduler, playbackItem, playbackUrl, snapshot, snapshots, timings } from '../helpers/playbackMarbles.js';

const events: Record<string, PlaybackEvent> = {
  x: { type: 'resolved', item: playbackItem('1') },
  y: { type: 'resolved', item: playbackItem('2') },
  n: { type: 'cache', state: 'new' },
  t: { type: 'cache', state: 'stored' },
  p: { type: 'cache', state: 'probing' },
  s: { type: 'cache', state: 'sized' },
  r: { type: 'cache', state: 'ready' },
  f: { type: 'cache', state: 'failed' },
  e: { type: 'cache', state: 'evicted' },
  L: { type: 'launched', url: playbackUrl, startAt: 0 },
  E: { type: 'ended', position: 0, duration: 1000, headless: true },
  P: { type: 'playing', position: 0, duration: 1000 },
  T: { type: 'position', position: 100, duration: 1000 },
};

test('the player launches exactly once, when the entry is ready, and the cache is let go of then', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const open = cold('n 9ms p 9ms s 9ms r 9ms r 9ms e', snapshots);
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': open } });
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 9ms s 9ms (rLE)', events);
    expectSubscriptions(open.subscriptions).toBe('^ 29ms !');
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '1', at: 30 }]);
    assert.equal(calls.grants, [{ url: playbackUrl, at: 30, disposedAt: 30 }], 'the player got a URL of its own, which ended with the playback');
    assert.equal(calls.reports, [], 'a headless session reports nothing');
  });
});

test('a failed entry never launches a player; the entry’s message is shown', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const open = cold('n 9ms p 9ms f 9ms r', snapshots);
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': open } });
    const failed: PlaybackEvent = { type: 'failed', code: 'not-found', message: 'cannot play "Item 1": plexterm demo has no part 1' };
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 9ms (fF)', { ...events, F: failed });
    expectSubscriptions(open.subscriptions).toBe('^ 19ms !');
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('an evicted entry never launches a player', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('e 9ms r', snapshots) } });
    const failed: PlaybackEvent = { type: 'failed', code: 'evicted', message: 'the cached copy of "Item 1" was evicted before it could play; play it again' };
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xeF)', { ...events, F: failed });
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('evicted while sized, then played again: the first play ends at evicted, the re-open probes again, and the player starts once', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    // What entrySnapshots gives each play: the re-open of the evicted entry is probing from its first snapshot.
    const first = cold('p 9ms s 9ms e 9ms p', snapshots);
    const again = cold('p 9ms s 9ms r 9ms r', snapshots);
    const { dependencies, calls } = fakeDependencies({ scheduler, open: {} });
    const opens = [first, again];
    dependencies.open = () => opens.shift() ?? cold('#');
    const failed: PlaybackEvent = { type: 'failed', code: 'evicted', message: 'the cached copy of "Item 1" was evicted before it could play; play it again' };
    expectObservable(playbackPipeline(cold('a 29ms a', { a: '1' }), dependencies, timings)).toBe('(xp) 6ms s 9ms (eF) 6ms (xp) 6ms s 9ms (rLE)', { ...events, F: failed });
    expectSubscriptions(first.subscriptions).toBe('^ 19ms !');
    expectSubscriptions(again.subscriptions).toBe('30ms ^ 19ms !');
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '1', at: 50 }], 'one launch, at the re-open’s ready');
  });
});

test('an entry closed while the play waits (probing or sized, then stored or new) ends the play at once and never launches', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('p 9ms s 9ms t 9ms r', snapshots), '2': cold('p 9ms n', snapshots) } });
    const closed = (title: string): PlaybackEvent => ({ type: 'failed', code: 'cache-closed', message: `the cache entry of "${title}" was closed before it was ready to play; play it again` });
    expectObservable(playbackPipeline(cold('a 49ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('(xp) 6ms s 9ms (tF) 26ms (yp) 6ms (nG)', { ...events, F: closed('Item 1'), G: closed('Item 2') });
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('a stored entry seen before its open starts is waited on, not taken for closed: the player starts once at ready', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('t 9ms p 9ms s 9ms r 9ms r', snapshots) } });
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xt) 6ms p 9ms s 9ms (rLE)', events);
    scheduler.flush();
    assert.equal(calls.launches.length, 1);
  });
});

test('a new request cancels a pending one: it never launches', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const first = cold('n 9ms p 29ms r', snapshots);
    const second = cold('n 9ms r', snapshots);
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': first, '2': second } });
    expectObservable(playbackPipeline(cold('a 19ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('(xn) 6ms p 9ms (yn) 6ms (rLE)', {
      ...events,
      L: { type: 'launched', url: playbackUrl, startAt: 0 },
    });
    expectSubscriptions(first.subscriptions).toBe('^ 19ms !');
    expectSubscriptions(second.subscriptions).toBe('20ms ^ 9ms !');
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '2', at: 30 }]);
  });
});

test('a new request stops the running player of the one before and reports it stopped', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const playerEvents = cold<PlayerEvent>('a 9ms b', { a: { type: 'playing', position: 0 }, b: { type: 'position', position: 100 } });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('r', snapshots), '2': cold('n', snapshots) }, events: { '1': playerEvents } });
    expectObservable(playbackPipeline(cold('a 29ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('(xrLP) 4ms T 19ms (yn) 96ms F', {
      ...events,
      F: { type: 'failed', code: 'timeout', message: '"Item 2" was not ready to play within 0.1 s (the cache entry is new)' },
    });
    expectSubscriptions(playerEvents.subscriptions).toBe('^ 29ms !');
    scheduler.flush();
    assert.equal(calls.launches.length, 1);
    assert.equal(calls.stops, [{ ratingKey: '1', at: 30 }]);
    assert.equal(calls.grants, [{ url: playbackUrl, at: 0, disposedAt: 30 }], 'the stopped playback\'s URL ended with it');
    assert.equal(
      calls.reports.map(({ state, time, at }) => ({ state, time, at })),
      [
        { state: 'playing', time: 0, at: 0 },
        { state: 'stopped', time: 100, at: 30 },
      ],
    );
  });
});

test('a null request stops the running player and plays nothing', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const playerEvents = cold<PlayerEvent>('a', { a: { type: 'playing', position: 0 } });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('r', snapshots) }, events: { '1': playerEvents } });
    expectObservable(playbackPipeline(cold<string | null>('a 9ms b', { a: '1', b: null }), dependencies, timings)).toBe('(xrLP)', events);
    expectSubscriptions(playerEvents.subscriptions).toBe('^ 9ms !');
    scheduler.flush();
    assert.equal(calls.stops, [{ ratingKey: '1', at: 10 }]);
  });
});

test('an entry not ready in time fails with the timeout and never launches', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const open = cold('n 9ms p 199ms r', snapshots);
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': open } });
    const failed: PlaybackEvent = { type: 'failed', code: 'timeout', message: '"Item 1" was not ready to play within 0.1 s (the cache entry is probing)' };
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 89ms F', { ...events, F: failed });
    expectSubscriptions(open.subscriptions).toBe('^ 99ms !');
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('snapshots that end before ready fail without launching', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('n 9ms (p|)', snapshots) } });
    const failed: PlaybackEvent = { type: 'failed', code: 'cache-closed', message: 'the cache closed before "Item 1" was ready to play' };
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms (pF)', { ...events, F: failed });
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('an item that cannot be resolved, or a player that cannot start, fails with the reason', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies } = fakeDependencies({
      scheduler,
      open: { '2': cold('r', snapshots) },
      launch: () => throwError(() => new Error('mpv is not installed')),
    });
    const resolve = dependencies.resolve;
    dependencies.resolve = (ratingKey) => (ratingKey === '1' ? throwError(() => new PlextermError('plexterm demo has no item with ratingKey 1', { code: 'not-found' })) : resolve(ratingKey));
    expectObservable(playbackPipeline(cold('a 9ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('F 9ms (yrG)', {
      ...events,
      F: { type: 'failed', code: 'not-found', message: 'cannot play it: plexterm demo has no item with ratingKey 1' },
      G: { type: 'failed', code: 'launch', message: 'the player could not start: mpv is not installed' },
    });
  });
});

test('a request waiting on a cache that never answers is cancelled cleanly by the next', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': NEVER, '2': cold('r', snapshots) } });
    expectObservable(playbackPipeline(cold('a 9ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('x 9ms (yrLE)', {
      ...events,
      E: { type: 'ended', position: 0, duration: 1000, headless: true },
    });
    scheduler.flush();
    assert.equal(calls.launches.map((launch) => launch.ratingKey), ['2']);
  });
});

test('an entry that stops serving while its player plays (a stale cached copy) is said once, and playback goes on', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const playerEvents = cold<PlayerEvent>('a 19ms b', { a: { type: 'playing', position: 0 }, b: { type: 'position', position: 100 } });
    const stale = snapshot('failed', { error: { code: 'stale', message: '"Item 1" changed on the server since it was cached', retryable: true } });
    const served = cold<CacheEntrySnapshot>('r 9ms f 9ms f', { r: snapshot('ready'), f: stale });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('r', snapshots) }, events: { '1': playerEvents } });
    dependencies.served = () => served;
    expectObservable(playbackPipeline(cold<string | null>('a 29ms b', { a: '1', b: null }), dependencies, timings)).toBe('(xrLP) 4ms (fW) 6ms T', {
      ...events,
      W: { type: 'warning', message: '"Item 1" changed on the server since it was cached' },
    });
    expectSubscriptions(served.subscriptions).toBe('^ 9ms !');
    scheduler.flush();
    assert.equal(calls.launches.length, 1);
  });
});

test('what becomes of the entry is followed only while its playback runs', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const served = cold('r 9ms f', snapshots);
    const { dependencies } = fakeDependencies({ scheduler, open: { '1': cold('r', snapshots) } });
    dependencies.served = () => served;
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xrLE)', events);
    expectSubscriptions(served.subscriptions).toBe([]);
  });
});

test('a prepared (idle) player starts beside the metadata and the probe, and is given the URL only at ready', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const prepared = fakePreparedPlayer();
    const prepare = cold('-a', { a: prepared });
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('n 9ms p 9ms s 9ms r', snapshots) }, prepare: { '1': prepare } });
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 9ms s 9ms (rLE)', events);
    // Prepared from the request on, released (which disposes what was not launched) with the playback.
    expectSubscriptions(prepare.subscriptions).toBe('^ 29ms !');
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '1', at: 30, prepared }], 'one launch, at ready, through the prepared player');
  });
});

test('a player still being prepared at ready is waited for: the URL goes to it once it is there', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const prepared = fakePreparedPlayer();
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': cold('n 9ms p 9ms s 9ms r', snapshots) }, prepare: { '1': cold('40ms a', { a: prepared }) } });
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 9ms s 9ms r 9ms (LE)', events);
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '1', at: 40, prepared }]);
  });
});

test('a play cancelled before ready releases its prepared player and never gives it the URL; the next request prepares its own', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const first = fakePreparedPlayer();
    const second = fakePreparedPlayer();
    const firstPrepare = cold('-a', { a: first });
    const secondPrepare = cold('-a', { a: second });
    const { dependencies, calls } = fakeDependencies({
      scheduler,
      open: { '1': cold('n 9ms p 29ms r', snapshots), '2': cold('n 9ms r', snapshots) },
      prepare: { '1': firstPrepare, '2': secondPrepare },
    });
    expectObservable(playbackPipeline(cold('a 19ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('(xn) 6ms p 9ms (yn) 6ms (rLE)', events);
    expectSubscriptions(firstPrepare.subscriptions).toBe('^ 19ms !');
    expectSubscriptions(secondPrepare.subscriptions).toBe('20ms ^ 9ms !');
    scheduler.flush();
    assert.equal(calls.launches, [{ url: playbackUrl, ratingKey: '2', at: 30, prepared: second }], 'only the second play launched, through its own prepared player');
  });
});

test('stopped before ready (null), or the entry failing, releases the prepared player without a launch', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const stopped = cold('-a', { a: fakePreparedPlayer() });
    const failing = cold('-a', { a: fakePreparedPlayer() });
    const { dependencies, calls } = fakeDependencies({
      scheduler,
      open: { '1': cold('n 9ms p 9ms s 9ms r', snapshots), '2': cold('n 9ms p 9ms f', snapshots) },
      prepare: { '1': stopped, '2': failing },
    });
    const failed: PlaybackEvent = { type: 'failed', code: 'not-found', message: 'cannot play "Item 2": plexterm demo has no part 1' };
    expectObservable(playbackPipeline(cold<string | null>('a 14ms n 14ms b', { a: '1', n: null, b: '2' }), dependencies, timings)).toBe('(xn) 6ms p 19ms (yn) 6ms p 9ms (fF)', { ...events, F: failed });
    expectSubscriptions(stopped.subscriptions).toBe('^ 14ms !');
    expectSubscriptions(failing.subscriptions).toBe('30ms ^ 19ms !');
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('a player that cannot be prepared (nothing, or an error) is launched afresh at ready', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const { dependencies, calls } = fakeDependencies({
      scheduler,
      open: { '1': cold('n 9ms r', snapshots), '2': cold('n 9ms r', snapshots) },
      prepare: { '1': cold('-|'), '2': cold('-#', {}, new Error('mpv is not installed')) },
    });
    expectObservable(playbackPipeline(cold('a 19ms b', { a: '1', b: '2' }), dependencies, timings)).toBe('(xn) 6ms (rLE) 5ms (yn) 6ms (rLE)', events);
    scheduler.flush();
    assert.equal(calls.launches, [
      { url: playbackUrl, ratingKey: '1', at: 10 },
      { url: playbackUrl, ratingKey: '2', at: 30 },
    ]);
  });
});

test('a check that fails before ready (the named player is missing) fails the play at once: the entry is let go of, nothing launches', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
    const open = cold('n 9ms p 9ms s 9ms r', snapshots);
    const check = cold<never>('15ms #', undefined, new PlextermError('no player "nosuch" (registered: mpv)', { code: 'usage' }));
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': open }, check: { '1': check } });
    const failed: PlaybackEvent = { type: 'failed', code: 'usage', message: 'cannot play it: no player "nosuch" (registered: mpv)' };
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 4ms F', { ...events, F: failed });
    expectSubscriptions(open.subscriptions).toBe('^ 14ms !');
    scheduler.flush();
    assert.equal(calls.launches, []);
  });
});

test('a check still going on at ready holds nothing up, and one that completes after the launch changes nothing', () => {
  const scheduler = marbleScheduler();
  scheduler.run(({ cold, expectObservable }) => {
    const open = cold('n 9ms p 9ms s 9ms r', snapshots);
    const check = cold<never>('50ms |');
    const { dependencies, calls } = fakeDependencies({ scheduler, open: { '1': open }, check: { '1': check } });
    expectObservable(playbackPipeline(cold('a', { a: '1' }), dependencies, timings)).toBe('(xn) 6ms p 9ms s 9ms (rLE)', events);
    scheduler.flush();
    assert.equal(calls.launches.map((launch) => launch.at), [30]);
  });
});

test.run();
