// Marble tests of one open's events: order, the durable write before `sized`, failures, offline play, cancellation.
import { throwError, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PlextermError } from '../../../src/base/errors.js';
import { entryLifecycle, type LifecycleEvent, type LifecycleSteps, type SizedFile } from '../../../src/cache/lifecycle/entryLifecycle.js';

const probed = { totalSize: 1000, rangeSupport: true, etag: '"e1"', lastModified: null };
const sized: SizedFile = { ...probed, offline: false };
const notFound = new PlextermError('plexterm demo has no part 9', { code: 'not-found' });
const unreachable = new PlextermError('cannot connect to 127.0.0.1:1: connection refused', { code: 'network', retryable: true });

const values: Record<string, LifecycleEvent> = {
  p: { type: 'probeStarted' },
  s: { type: 'sized', ...sized },
  o: { type: 'sized', ...sized, offline: true },
  r: { type: 'startBufferFilled', streamUrl: 'http://127.0.0.1:1/stream/t/f.mkv' },
  f: { type: 'failed', error: { code: 'not-found', message: 'plexterm demo has no part 9', retryable: false } },
  n: { type: 'failed', error: { code: 'network', message: 'cannot connect to 127.0.0.1:1: connection refused', retryable: true } },
};

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.equal(actual, expected));
}

function steps(overrides: Partial<LifecycleSteps>, defaults: { probe: Observable<typeof probed>; persist: Observable<unknown>; startBuffer: Observable<string> }): LifecycleSteps {
  return {
    probe: () => defaults.probe,
    offlineFallback: () => null,
    discoverSize: () => throwError(() => new Error('not expected')),
    persist: () => defaults.persist,
    startBuffer: () => defaults.startBuffer,
    ...overrides,
  };
}

test('probing, then sized only once the size is on disk, then ready', () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const probe = cold('--a|', { a: probed });
    const persist = cold('---|');
    const startBuffer = cold('----u|', { u: 'http://127.0.0.1:1/stream/t/f.mkv' });
    expectObservable(entryLifecycle(steps({}, { probe, persist, startBuffer }))).toBe('p----s---(r|)', values);
    expectSubscriptions(probe.subscriptions).toBe('^-!');
    expectSubscriptions(persist.subscriptions).toBe('--^--!');
    expectSubscriptions(startBuffer.subscriptions).toBe('-----^---!');
  });
});

test('a slow durable write holds sized back: sized never comes before the write completes', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const probe = cold('a|', { a: probed });
    const persist = cold('----------|');
    const startBuffer = cold('u|', { u: 'http://127.0.0.1:1/stream/t/f.mkv' });
    expectObservable(entryLifecycle(steps({}, { probe, persist, startBuffer }))).toBe('p---------(sr|)', values);
  });
});

test('a probe that fails (404) goes to failed and never writes or buffers', () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const probe = cold<typeof probed>('--#', undefined, notFound);
    const persist = cold('-|');
    const startBuffer = cold('u|', { u: 'x' });
    expectObservable(entryLifecycle(steps({}, { probe, persist, startBuffer }))).toBe('p-(f|)', values);
    expectSubscriptions(persist.subscriptions).toBe([]);
    expectSubscriptions(startBuffer.subscriptions).toBe([]);
  });
});

test('an unreachable server with complete recorded data goes probing → sized from the record (offline play)', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const probe = cold<typeof probed>('-#', undefined, unreachable);
    const persist = cold('|');
    const startBuffer = cold('--u|', { u: 'http://127.0.0.1:1/stream/t/f.mkv' });
    const lifecycle = entryLifecycle(steps({ offlineFallback: (error) => (error === unreachable ? { ...sized, offline: true } : null) }, { probe, persist, startBuffer }));
    expectObservable(lifecycle).toBe('po-(r|)', values);
  });
});

test('an unreachable server without complete data fails with a retryable error', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const probe = cold<typeof probed>('-#', undefined, unreachable);
    expectObservable(entryLifecycle(steps({}, { probe, persist: cold('|'), startBuffer: cold('u|', { u: 'x' }) }))).toBe('p(n|)', values);
  });
});

test('a failure while filling the start buffer goes sized → failed, never ready', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const probe = cold('a|', { a: probed });
    const startBuffer = cold<string>('-----#', undefined, notFound);
    expectObservable(entryLifecycle(steps({}, { probe, persist: cold('|'), startBuffer }))).toBe('(ps)-(f|)', values);
  });
});

test('an unknown total is discovered by downloading before sized', () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const probe = cold('a|', { a: { ...probed, totalSize: null } });
    const discovery = cold('---n|', { n: 1000 });
    const lifecycle = entryLifecycle(
      steps({ discoverSize: () => discovery }, { probe: probe as unknown as Observable<typeof probed>, persist: cold('|'), startBuffer: cold('u|', { u: 'http://127.0.0.1:1/stream/t/f.mkv' }) }),
    );
    expectObservable(lifecycle).toBe('p--(sr|)', values);
    expectSubscriptions(discovery.subscriptions).toBe('^--!');
  });
});

test('a durable write that fails goes probing → failed: no sized without the size on disk', () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const diskFull = new PlextermError('the disk is full', { code: 'disk-full' });
    const startBuffer = cold('u|', { u: 'x' });
    const lifecycle = entryLifecycle(steps({}, { probe: cold('a|', { a: probed }), persist: cold('--#', undefined, diskFull), startBuffer }));
    expectObservable(lifecycle).toBe('p-(d|)', { ...values, d: { type: 'failed', error: { code: 'disk-full', message: 'the disk is full', retryable: false } } });
    expectSubscriptions(startBuffer.subscriptions).toBe([]);
  });
});

test('unsubscribing while probing cancels the probe and nothing else starts', () => {
  scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
    const probe = cold('-----a|', { a: probed });
    const persist = cold('|');
    expectObservable(entryLifecycle(steps({}, { probe, persist, startBuffer: cold('u|', { u: 'x' }) })), '--!').toBe('p-', values);
    expectSubscriptions(probe.subscriptions).toBe('^-!');
    expectSubscriptions(persist.subscriptions).toBe([]);
  });
});

test.run();
