// The main side of the plugin API in a CLI run: library and cache over the session's server and cache, playback over its PlaybackService.
import { BehaviorSubject, defer, distinctUntilChanged, filter, firstValueFrom, from, map, of, switchMap, type Observable } from 'rxjs';
import { UsageError } from '../base/errors.js';
import type { CacheEntrySnapshot, CacheManager } from '../cache/index.js';
import type { PlaybackApi, PlaybackQueue, PlaybackQueueItem, PlaybackState, PlayOptions, QueueAddition } from '../api/index.js';
import type { CacheService, LibraryService } from '../extensions/mainServices.js';
import type { PlexClient } from '../plex/client.js';
import { isTerminal } from '../playback/playbackEvents.js';
import { playbackItemFrom } from '../playback/playbackItem.js';
import type { PlaybackService } from '../playback/playbackService.js';
import type { QueueControl, QueueState } from '../playback/queue/queueControl.js';
import type { QueuePlacement } from '../playback/queue/queueEdits.js';
import type { PlaybackSessionState } from '../playback/sessionState.js';

export function libraryService(client: () => Promise<PlexClient>): LibraryService {
  return {
    sections: async () => (await client()).sections(),
    items: async (sectionKey, options = {}) => (await (await client()).sectionItems(sectionKey, options)).items,
    children: async (ratingKey) => (await client()).children(ratingKey),
    allLeaves: async (ratingKey) => (await client()).allLeaves(ratingKey),
    search: async (query) => (await client()).search(query),
    info: async (ratingKey) => (await client()).metadata(ratingKey),
  };
}

/**
 * The cache as plugins see it. `open` caches an item's first part under the same key playback uses;
 * the observables open the cache (taking its folder's lock) only when a plugin subscribes. Snapshots
 * carry no stream URL: a player plugin gets one for each playback, which expires with it.
 */
export function cacheService(cache: () => Promise<CacheManager>, client: () => Promise<PlexClient>): CacheService {
  const manager$ = defer(() => from(cache()));
  return {
    entries$: manager$.pipe(switchMap((manager) => manager.entries$), map((snapshots) => snapshots.map(withoutStreamUrl))),
    entry$: (key) => manager$.pipe(switchMap((manager) => entrySnapshots(manager, key)), map(withoutStreamUrl)),
    async open(ratingKey) {
      const plex = await client();
      const [item, server] = await Promise.all([plex.metadata(ratingKey), plex.serverInfo()]);
      const { part } = playbackItemFrom(item, server.machineIdentifier, '');
      (await cache()).open(part);
      return part.key;
    },
    pin: async (key) => setPinned(await cache(), key, true),
    unpin: async (key) => setPinned(await cache(), key, false),
  };
}

function withoutStreamUrl(snapshot: CacheEntrySnapshot): CacheEntrySnapshot {
  return snapshot.streamUrl === null ? snapshot : { ...snapshot, streamUrl: null };
}

function entrySnapshots(manager: CacheManager, key: string): Observable<CacheEntrySnapshot> {
  const open = manager.entry(key);
  if (open) return open.state$;
  if (!manager.store.has(key)) throw unknownEntry(key);
  // Not open in this process: its record, and its live snapshots once something opens it.
  return manager.entries$.pipe(
    map((snapshots) => snapshots.find((snapshot) => snapshot.key === key)),
    filter((snapshot): snapshot is CacheEntrySnapshot => snapshot !== undefined),
    distinctUntilChanged((before, after) => JSON.stringify(before) === JSON.stringify(after)),
  );
}

function setPinned(manager: CacheManager, key: string, pinned: boolean): void {
  if (!manager.setPinned(key, pinned)) throw unknownEntry(key);
}

function unknownEntry(key: string): UsageError {
  return new UsageError(`no cache entry "${key}": open the item first (cache.open(ratingKey) answers its key)`);
}

/**
 * Playback as plugins see it. `play` resolves once the player is launched (rejects with why nothing
 * plays); `session$` is null until this run plays something, so subscribing never starts playback.
 */
export function playbackService(playback: () => Promise<PlaybackService>, created$: BehaviorSubject<PlaybackService | null>): PlaybackApi {
  const api: PlaybackApi = {
    async play(ratingKey, options: PlayOptions = {}) {
      const service = await playback();
      const handle = service.play({ ratingKey, playerId: options.playerId, fromStart: options.fromStart, args: options.args ? [...options.args] : undefined });
      const settled = await firstValueFrom(handle.events$.pipe(filter((event) => event.type === 'launched' || isTerminal(event))), { defaultValue: undefined });
      if (settled?.type === 'failed') throw new Error(settled.message);
    },
    session$: created$.pipe(
      switchMap((service) => (service ? service.session$ : of(null))),
      map((state) => (state ? playbackStateOf(state) : null)),
    ),
    queue$: created$.pipe(
      switchMap((service) => (service ? service.queue$ : of(null))),
      switchMap((control) => (control ? control.state$ : of(null))),
      map((state) => (state ? playbackQueueOf(state) : null)),
    ),
    next: async () => (await playback()).currentQueue?.next() ?? false,
    previous: async () => (await playback()).currentQueue?.previous() ?? false,
    enqueue: (ratingKey) => addToQueue(ratingKey, 'end'),
    playNext: (ratingKey) => addToQueue(ratingKey, 'next'),
    removeFromQueue: async (playQueueItemID) => (await playingQueue()).remove(playQueueItemID),
    moveInQueue: async (playQueueItemID, after) => (await playingQueue()).move(playQueueItemID, after),
  };
  /** Adds to the queue that plays; with none, plays the item (as a Plex client's "Play next" does with nothing playing). */
  async function addToQueue(ratingKey: string, placement: QueuePlacement): Promise<QueueAddition> {
    const control = (await playback()).currentQueue;
    if (control === null) {
      await api.play(ratingKey);
      return 'playing';
    }
    await control.add(ratingKey, placement);
    return 'queued';
  }
  async function playingQueue(): Promise<QueueControl> {
    const control = (await playback()).currentQueue;
    if (control === null) throw new UsageError('no queue is playing');
    return control;
  }
  return api;
}

/** The queue as plain data: each entry's ids, title and numbers, nothing of its media (nor any URL or token). */
function playbackQueueOf(state: QueueState): PlaybackQueue {
  const items = state.items.map((item): PlaybackQueueItem => ({
    ratingKey: item.ratingKey,
    title: item.title,
    type: item.type,
    playQueueItemID: item.playQueueItemID,
    ...(item.grandparentTitle === undefined ? {} : { grandparentTitle: item.grandparentTitle }),
    ...(item.parentIndex === undefined ? {} : { parentIndex: item.parentIndex }),
    ...(item.index === undefined ? {} : { index: item.index }),
  }));
  return { playQueueID: state.playQueueID, items, current: state.index, version: state.version };
}

function playbackStateOf(state: PlaybackSessionState): PlaybackState {
  const phase = state.phase;
  const shown: PlaybackState['state'] = phase === 'playing' || phase === 'paused' || phase === 'ended' ? phase : phase === 'failed' || phase === 'terminated' ? 'error' : 'starting';
  return {
    ratingKey: state.ratingKey,
    title: state.title,
    playerId: state.playerId ?? '',
    state: shown,
    position: state.position,
    duration: state.duration,
    ...(state.message === null ? {} : { message: state.message }),
  };
}
