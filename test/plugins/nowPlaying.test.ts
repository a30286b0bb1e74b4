// The bundled now-playing plugin through the real extension service, its playback.session$ a Subject of the test.
import { BehaviorSubject, of } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlaybackState, StatusBarItemState } from '../../src/api/index.js';
import type { MainServices } from '../../src/extensions/mainServices.js';
import { eventually } from '../helpers/extensionFixtures.js';
import { startBundled } from '../helpers/pluginHarness.js';

function fakePlayback() {
  const session = new BehaviorSubject<PlaybackState | null>(null);
  const items = new Map<string, StatusBarItemState>();
  const services: Partial<MainServices> = {
    playback: { session$: session, play: async () => undefined, queue$: of(null), next: async () => false, previous: async () => false,
      enqueue: async () => 'playing', playNext: async () => 'playing', removeFromQueue: async () => undefined, moveInQueue: async () => undefined },
    ui: {
      showMessage: async () => undefined,
      showQuickPick: async () => undefined,
      setStatusBarItem: (item) => void items.set(item.id, item),
      removeStatusBarItem: (_pluginId, itemId) => void items.delete(itemId),
    },
  };
  /** The now-playing item's text when visible, '' when hidden; undefined before it exists. */
  const shown = () => {
    const item = [...items.values()].find((entry) => entry.pluginId === 'now-playing');
    return item && (item.visible ? item.text : '');
  };
  return { session, items, services, shown };
}

const playing: PlaybackState = { ratingKey: '101', title: 'Night of the Living Dead', playerId: 'mpv', state: 'playing', position: 754_000, duration: 6_000_000 };

test('now-playing shows "▶ Title 12:34 / 1:40:00" while playing, follows pause and position, hides when nothing plays', async () => {
  const fake = fakePlayback();
  const harness = await startBundled({ services: fake.services });
  try {
    assert.is(harness.service.plugins().find((plugin) => plugin.id === 'now-playing')?.state, 'inactive');
    await harness.service.fireStartupFinished();
    const steps: [PlaybackState | null, string][] = [
      [{ ...playing, state: 'starting', position: undefined, duration: undefined }, '… Night of the Living Dead'],
      [playing, '▶ Night of the Living Dead 12:34 / 1:40:00'],
      [{ ...playing, state: 'paused', position: 755_900 }, '⏸ Night of the Living Dead 12:35 / 1:40:00'],
      [{ ...playing, title: 'Clip', position: 5_000, duration: 12_000 }, '▶ Clip 0:05 / 0:12'],
      [{ ...playing, state: 'ended' }, ''],
      [{ ...playing, position: 3_725_000, duration: undefined }, '▶ Night of the Living Dead 1:02:05'],
      [null, ''],
    ];
    for (const [state, text] of steps) {
      fake.session.next(state);
      await eventually(() => fake.shown() === text, `the status bar shows "${text}" (it shows "${fake.shown()}")`);
    }
    const item = [...fake.items.values()][0]!;
    assert.is(item.tooltip, 'Night of the Living Dead — playing in mpv');
    await harness.service.deactivate('now-playing');
    await eventually(() => fake.items.size === 0 && !fake.session.observed, 'the item is removed and session$ unsubscribed');
  } finally {
    await harness.close();
  }
});

test.run();
