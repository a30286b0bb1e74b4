// Marble tests of an entry's snapshots as the scan of its events: evict, re-open, fail and close from new, stored, probing, sized and ready.
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { snapshotOf } from '../../../src/cache/lifecycle/entryRecord.js';
import { scanEntrySnapshots, type EntryInput, type ProgressChanges } from '../../../src/cache/lifecycle/entrySnapshots.js';
import type { CacheEntrySnapshot, CacheState } from '../../../src/cache/lifecycle/entryState.js';
import type { StoreEntry } from '../../../src/cache/store/storeEntry.js';

const streamUrl = 'http://127.0.0.1:1/stream/t/f.mkv';
const error = { code: 'not-found', message: 'plexterm demo has no part 9', retryable: false };

/** O opened, P probeStarted, S sized, B startBufferFilled, F failed, E evicted, C closed (recorded), c closed (nothing recorded), u bytes arrived. */
const inputs: Record<string, EntryInput> = {
  O: { event: { type: 'opened' } },
  P: { event: { type: 'probeStarted' } },
  S: { event: { type: 'sized', totalSize: 1000, rangeSupport: true } },
  B: { event: { type: 'startBufferFilled', streamUrl } },
  F: { event: { type: 'failed', error } },
  E: { event: { type: 'evicted' } },
  C: { event: { type: 'closed', recorded: true } },
  c: { event: { type: 'closed', recorded: false } },
  u: { progress: { downloadedBytes: 500 } },
};

/** n new, t stored, p probing, s sized, r ready, f failed, e evicted. */
const letters: Record<CacheState, string> = { new: 'n', stored: 't', probing: 'p', sized: 's', ready: 'r', failed: 'f', evicted: 'e' };
const states = Object.fromEntries(Object.entries(letters).map(([state, letter]) => [letter, state])) as Record<string, CacheState>;

const recorded: StoreEntry = {
  key: 'machine/9/1',
  upstreamPath: '/library/parts/9/1/file.mkv',
  title: 'Movie',
  totalSize: 1000,
  ranges: [[0, 500]],
  pinned: false,
  lastAccess: 1,
  etag: null,
  lastModified: null,
  rangeSupport: true,
  dataFile: 'f.data',
  validatedAt: null,
};
const fresh = snapshotOf('machine/9/1', undefined, 'Movie');
const stored = snapshotOf('machine/9/1', recorded, 'Movie');

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.equal(actual, expected));
}

/** The states the scan emits for `marble` of inputs, one frame each. */
function expectStates(initial: CacheEntrySnapshot, marble: string, expected: string): void {
  scheduler().run(({ cold, expectObservable }) => {
    const states$ = cold(`${marble}|`, inputs).pipe(
      scanEntrySnapshots(initial),
      map((snapshot) => snapshot.state),
    );
    expectObservable(states$).toBe(`${expected}|`, states);
  });
}

/** From each starting state, by the inputs that reach it: each action, then an open all the way to ready. */
const cases: Array<{ from: CacheState; initial: CacheEntrySnapshot; reach: string; then: Record<'evict' | 'reopen' | 'fail' | 'close', [string, string]> }> = [
  {
    from: 'new',
    initial: fresh,
    reach: '',
    then: { evict: ['EOPSB', 'eppsr'], reopen: ['OPSB', 'ppsr'], fail: ['FOPSB', 'nppsr'], close: ['cOPSB', 'nppsr'] },
  },
  {
    from: 'stored',
    initial: stored,
    reach: '',
    then: { evict: ['EOPSB', 'eppsr'], reopen: ['OPSB', 'ppsr'], fail: ['FOPSB', 'tppsr'], close: ['COPSB', 'tppsr'] },
  },
  {
    from: 'probing',
    initial: fresh,
    reach: 'O',
    then: { evict: ['EOPSB', 'eppsr'], reopen: ['OPSB', 'ppsr'], fail: ['FOPSB', 'fppsr'], close: ['cOPSB', 'nppsr'] },
  },
  {
    from: 'sized',
    initial: fresh,
    reach: 'OPS',
    then: { evict: ['EOPSB', 'eppsr'], reopen: ['OB', 'sr'], fail: ['FOPSB', 'fppsr'], close: ['COPSB', 'tppsr'] },
  },
  {
    from: 'ready',
    initial: fresh,
    reach: 'OPSB',
    then: { evict: ['EOPSB', 'eppsr'], reopen: ['O', 'r'], fail: ['FOPSB', 'fppsr'], close: ['COPSB', 'tppsr'] },
  },
];

const reachedStates: Record<string, string> = { '': '', O: 'p', OPS: 'pps', OPSB: 'ppsr' };

for (const { from, initial, reach, then } of cases) {
  for (const [action, [marble, expected]] of Object.entries(then)) {
    test(`${action} from ${from}: ${reach}${marble} → ${reachedStates[reach] ?? '?'}${expected}`, () => {
      expectStates(initial, `${reach}${marble}`, `${reachedStates[reach] ?? '?'}${expected}`);
    });
  }
}

test('evicting a ready entry takes its URL and bytes away; a late startBufferFilled brings no URL back', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const snapshots$ = cold('OPSBEB|', inputs).pipe(
      scanEntrySnapshots(fresh),
      map((snapshot) => `${snapshot.state} ${snapshot.streamUrl ?? '-'} ${snapshot.downloadedBytes}`),
    );
    const shown = { p: 'probing - 0', s: 'sized - 0', r: `ready ${streamUrl} 0`, e: 'evicted - 0' };
    expectObservable(snapshots$).toBe('ppsree|', shown);
  });
});

test('a failure carries its error; opening again clears it', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const snapshots$ = cold('OFO|', inputs).pipe(
      scanEntrySnapshots(fresh),
      map((snapshot) => `${snapshot.state} ${snapshot.error?.code ?? '-'}`),
    );
    expectObservable(snapshots$).toBe('pfq|', { p: 'probing -', f: 'failed not-found', q: 'probing -' });
  });
});

test('progress changes every field but the state, even when asked to', () => {
  scheduler().run(({ cold, expectObservable }) => {
    const sneaky: EntryInput = { progress: { downloadedBytes: 700, state: 'ready' } as ProgressChanges };
    const snapshots$ = cold('Ou|', { ...inputs, u: sneaky }).pipe(
      scanEntrySnapshots(fresh),
      map((snapshot) => `${snapshot.state} ${snapshot.downloadedBytes}`),
    );
    expectObservable(snapshots$).toBe('pu|', { p: 'probing 0', u: 'probing 700' });
  });
});

test('an entry read from the store starts stored with its recorded bytes; one without a record starts new', () => {
  assert.equal([stored.state, stored.downloadedBytes, stored.totalSize, stored.complete], ['stored', 500, 1000, false]);
  assert.equal([fresh.state, fresh.downloadedBytes, fresh.totalSize], ['new', 0, null]);
});

test.run();
