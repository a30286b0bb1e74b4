// The handoff of a queue's player process from one item to the next: kept, lent, given back, ended with the run.
import { EMPTY, Subject, firstValueFrom, type Observable } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlayerEvent, PlayerLaunchOptions, PlayerSession, PreparedPlayer } from '../../src/playback/player.js';
import { PlayerHandoff } from '../../src/playback/playerHandoff.js';

/** Borrows as a play does: subscribed until `release` (the play's end), the lent player as soon as it comes. */
function borrow<T>(lent: Observable<T>): { player: Promise<T>; release(): void } {
  let resolve: (value: T) => void = () => {};
  const player = new Promise<T>((done) => (resolve = done));
  const subscription = lent.subscribe(resolve);
  return { player, release: () => subscription.unsubscribe() };
}

const options: PlayerLaunchOptions = { startAt: 0, title: 'Episode', ratingKey: '121', mediaType: 'video', args: [], queue: true };

/** A stand-in for a kept process: what it was launched with, and whether it was ended. */
function process(name: string): PreparedPlayer & { launchedWith: string[]; ended: boolean; name: string } {
  const record = {
    name,
    launchedWith: [] as string[],
    ended: false,
    launch: async (url: string): Promise<PlayerSession> => {
      record.launchedWith.push(url);
      return {};
    },
    dispose: async () => {
      record.ended = true;
    },
  };
  return record;
}

test('an item lends the kept process and launches it; nothing is held after, and the end of the run ends nothing more', async () => {
  const handoff = new PlayerHandoff();
  const mpv = process('mpv');
  handoff.keep('mpv', Promise.resolve(mpv));
  const lent = handoff.lend();
  assert.ok(lent);
  const play = borrow(lent);
  const player = await play.player;
  assert.is(player.playerId, 'mpv');
  await player.launch('http://127.0.0.1/next', options);
  play.release();
  assert.equal(mpv.launchedWith, ['http://127.0.0.1/next']);
  assert.is(handoff.lend(), null, 'lent once');
  await handoff.dispose();
  assert.not.ok(mpv.ended, 'a launched process is its session\'s to end');
});

test('an item that does not launch the lent process (it failed, or the queue stopped before its ready) gives it back at once, for the next', async () => {
  const handoff = new PlayerHandoff();
  const mpv = process('mpv');
  handoff.keep('mpv', Promise.resolve(mpv));
  // Released before the kept process even arrived: it is given back all the same.
  handoff.lend()?.subscribe().unsubscribe();
  const again = handoff.lend();
  assert.ok(again, 'given back');
  const failed = borrow(again);
  const unlaunched = await failed.player;
  failed.release();
  const refused = await unlaunched.launch('http://127.0.0.1/late', options).then(() => null, (error: unknown) => error);
  assert.match(String(refused), /given back/, 'a play that ended cannot launch it any more');
  const third = handoff.lend();
  assert.ok(third, 'given back again');
  await (await borrow(third).player).launch('http://127.0.0.1/after', options);
  assert.equal(mpv.launchedWith, ['http://127.0.0.1/after']);
  assert.not.ok(mpv.ended);
});

test('the end of the run ends the held process, and one kept after it at once; a second kept ends the first', async () => {
  const handoff = new PlayerHandoff();
  const first = process('first');
  const second = process('second');
  handoff.keep('mpv', Promise.resolve(first));
  handoff.keep('mpv', Promise.resolve(second));
  await handoff.dispose();
  assert.equal([first.ended, second.ended], [true, true]);
  const late = process('late');
  handoff.keep('mpv', Promise.resolve(late));
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(late.ended, 'kept after the end: ended');
  assert.is(handoff.lend(), null);
});

test('a process gone meanwhile (null) is lent as nothing: the item starts its player as usual', async () => {
  const handoff = new PlayerHandoff();
  handoff.keep('mpv', Promise.resolve(null));
  const lent = handoff.lend();
  assert.ok(lent);
  assert.is(await firstValueFrom(lent, { defaultValue: 'none' }), 'none');
});

test('a kept process the person quit before an item launched it is told by quit$ (also to a later subscriber); it is lent as quit, and a launched one is watched no more', async () => {
  const handoff = new PlayerHandoff();
  const idle = new Subject<PlayerEvent>();
  const mpv = { ...process('mpv'), events$: idle.asObservable() };
  handoff.keep('mpv', Promise.resolve(mpv));
  const play = borrow(handoff.lend() ?? EMPTY);
  const player = await play.player;
  assert.is(player.quit, false);
  idle.next({ type: 'ended', quit: true });
  await firstValueFrom(handoff.quit$);
  assert.is(player.quit, true);
  play.release();
  await handoff.dispose();
  assert.not.ok(idle.observed, 'the ended process is watched no more');

  const launchedFirst = new PlayerHandoff();
  const watched = new Subject<PlayerEvent>();
  launchedFirst.keep('mpv', Promise.resolve({ ...process('mpv'), events$: watched.asObservable() }));
  const next = borrow(launchedFirst.lend() ?? EMPTY);
  await (await next.player).launch('http://127.0.0.1/next', options);
  assert.not.ok(watched.observed, 'a launched process is its session\'s: its quit is the item\'s end');
  let told = false;
  launchedFirst.quit$.subscribe(() => (told = true));
  assert.is(told, false);
  next.release();
  await launchedFirst.dispose();
});

test.run();
