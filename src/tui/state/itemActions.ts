// What the keys do to the selected item: play (resume, from the start) through the playback pipeline, watched, keep offline, evict.
import type { Subscription } from 'rxjs';
import type { CacheManager, CacheState } from '../../cache/index.js';
import type { PlaybackEvent } from '../../playback/playbackEvents.js';
import { cachePartRequest, mediaKindOf } from '../../playback/playbackItem.js';
import type { PlaybackHandle, PlaybackService } from '../../playback/playbackService.js';
import type { PlexClient } from '../../plex/client.js';
import type { PlexMetadata } from '../../plex/models.js';
import { cacheKeyOf, formatDuration, watchMarker } from '../viewModels/index.js';

export interface ActionServices {
  client: Pick<PlexClient, 'metadata' | 'scrobble' | 'unscrobble'>;
  cache(): Promise<CacheManager>;
  playback(): Promise<PlaybackService>;
  preparePlayer(playerId: string): Promise<void>;
  /** Why nothing can play (plugins off), or null. */
  playersOff(): Promise<string | null>;
  playerId: string;
  machineIdentifier(): string | null;
}

/** What the details pane shows of the current play. */
export interface CurrentPlay {
  ratingKey: string;
  cacheKey: string | null;
  states: CacheState[];
  text: string;
  running: boolean;
}

export interface ActionOutlet {
  message(text: string): void;
  changed(): void;
  /** A row's item changed (watched): put the new one wherever it is shown. */
  replaceItem(item: PlexMetadata): void;
}

export type PlayMode = 'play' | 'resume' | 'fromStart';

export class ItemActions {
  play: CurrentPlay | null = null;
  private subscription: Subscription | undefined;
  private handle: PlaybackHandle | undefined;

  constructor(
    private readonly services: ActionServices,
    private readonly outlet: ActionOutlet,
  ) {}

  async start(item: PlexMetadata, mode: PlayMode): Promise<void> {
    if (mediaKindOf(item.type) === null) {
      this.outlet.message(`"${item.title}" is a ${item.type}: open it and play an episode or track`);
      return;
    }
    const off = await this.services.playersOff();
    if (off !== null) {
      this.outlet.message(`nothing can play: ${off}`);
      return;
    }
    if (mode === 'resume' && !(item.viewOffset && item.viewOffset > 0)) this.outlet.message('nothing to resume: playing from the start');
    this.subscription?.unsubscribe();
    const play: CurrentPlay = { ratingKey: item.ratingKey, cacheKey: cacheKeyOf(item, this.services.machineIdentifier()), states: [], text: 'starting…', running: true };
    this.play = play;
    this.outlet.changed();
    try {
      await this.services.preparePlayer(this.services.playerId).catch(() => undefined);
      const playback = await this.services.playback();
      // Stopped (or replaced) while the player was being prepared: nothing to start.
      if (this.play !== play || !play.running) return;
      const handle = playback.play({ ratingKey: item.ratingKey, playerId: this.services.playerId, fromStart: mode === 'fromStart' });
      this.handle = handle;
      this.subscription = handle.events$.subscribe({
        next: (event) => this.onEvent(play, event),
        error: (error: unknown) => this.fail(play, error),
      });
    } catch (error) {
      this.fail(play, error);
    }
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.handle = undefined;
    if (this.play) this.play.running = false;
  }

  /** Stops the player of what plays now (the server hears that it stopped), or of what is about to start. */
  stopPlayback(): void {
    const play = this.play;
    if (!play?.running) {
      this.outlet.message('nothing is playing');
      return;
    }
    this.handle?.stop();
    this.stop();
    play.text = 'stopped';
    this.outlet.message('playback stopped');
    this.outlet.changed();
  }

  async toggleWatched(item: PlexMetadata): Promise<void> {
    const watched = watchMarker(item) === 'watched';
    try {
      if (watched) await this.services.client.unscrobble(item.ratingKey);
      else await this.services.client.scrobble(item.ratingKey);
    } catch (error) {
      this.outlet.message(`could not mark "${item.title}": ${describe(error)}`);
      return;
    }
    const next: PlexMetadata = watched
      ? { ...item, viewCount: 0, viewOffset: 0, ...(item.leafCount === undefined ? {} : { viewedLeafCount: 0 }) }
      : { ...item, viewCount: (item.viewCount ?? 0) + 1, viewOffset: 0, ...(item.leafCount === undefined ? {} : { viewedLeafCount: item.leafCount }) };
    this.outlet.replaceItem(next);
    this.outlet.message(`"${item.title}" marked ${watched ? 'unwatched' : 'watched'}`);
  }

  async togglePin(item: PlexMetadata): Promise<void> {
    try {
      const full = await this.fullMetadata(item);
      const media = full.Media?.[0];
      const part = media?.Part?.[0];
      const machine = this.services.machineIdentifier();
      if (!media || !part || machine === null) {
        this.outlet.message(`"${item.title}" has no media of its own to keep offline (the palette's offline commands keep whole shows)`);
        return;
      }
      const cache = await this.services.cache();
      const request = cachePartRequest(full, media, part, machine);
      const pinned = cache.entry(request.key)?.snapshot?.pinned ?? cache.snapshots().find((snapshot) => snapshot.key === request.key)?.pinned ?? false;
      if (!pinned) cache.open(request);
      cache.setPinned(request.key, !pinned);
      this.outlet.message(pinned ? `"${item.title}" may be evicted again` : `keeping "${item.title}" offline: downloading all of it`);
    } catch (error) {
      this.outlet.message(`could not keep "${item.title}" offline: ${describe(error)}`);
    }
  }

  async evict(item: PlexMetadata): Promise<void> {
    const key = cacheKeyOf(item, this.services.machineIdentifier());
    if (key === null) this.outlet.message(`"${item.title}" is not in the cache`);
    else await this.evictEntry(key, item.title);
  }

  /** Evicts a cache entry by key (the cache panel's selection). */
  async evictEntry(key: string, title?: string): Promise<void> {
    let name = title ?? key;
    try {
      const cache = await this.services.cache();
      name = title ?? cache.snapshots().find((snapshot) => snapshot.key === key)?.title ?? key;
      const removed = await cache.evict(key);
      this.outlet.message(removed ? `"${name}" evicted from the cache` : `"${name}" is not in the cache`);
    } catch (error) {
      this.outlet.message(`could not evict "${name}": ${describe(error)}`);
    }
  }

  /**
   * Pins or unpins a cache entry by key (the cache panel's selection). A new pin downloads the rest
   * when the entry can be fetched from here: a plain URL, or a part of this server.
   */
  async togglePinEntry(key: string): Promise<void> {
    try {
      const cache = await this.services.cache();
      const snapshot = cache.snapshots().find((candidate) => candidate.key === key);
      if (!snapshot) {
        this.outlet.message('that entry is no longer in the cache');
        return;
      }
      cache.setPinned(key, !snapshot.pinned);
      if (snapshot.pinned) {
        this.outlet.message(`"${snapshot.title}" may be evicted again`);
        return;
      }
      const machine = this.services.machineIdentifier();
      const fetchable = key.startsWith('url/') || (machine !== null && key.startsWith(`${machine}/`));
      if (fetchable) cache.resumePinned((stored) => stored.key === key);
      const rest = snapshot.complete ? '' : fetchable ? ': downloading all of it' : '; it is another server\'s, so the rest downloads when plexterm uses that server';
      this.outlet.message(`keeping "${snapshot.title}" offline${rest}`);
    } catch (error) {
      this.outlet.message(`could not change the pin: ${describe(error)}`);
    }
  }

  dispose(): void {
    this.stop();
  }

  /**
   * The item's full metadata, asked of the server even when the row already names its part: the
   * session's client keeps what it answers, and playing the item offline later needs exactly this
   * answer (a row pinned before its details were ever shown had nothing kept). When the server cannot
   * answer and nothing was kept, a row with a part of its own still serves.
   */
  private async fullMetadata(item: PlexMetadata): Promise<PlexMetadata> {
    try {
      return await this.services.client.metadata(item.ratingKey);
    } catch (error) {
      if (item.Media?.[0]?.Part?.[0]) return item;
      throw error;
    }
  }

  private onEvent(play: CurrentPlay, event: PlaybackEvent): void {
    switch (event.type) {
      case 'resolved':
        play.cacheKey = event.item.part.key;
        play.text = `opening "${event.item.title}" in the cache…`;
        break;
      case 'cache':
        if (play.states[play.states.length - 1] !== event.state) play.states.push(event.state);
        play.text = event.state === 'ready' ? 'ready: starting the player…' : `cache ${event.state}…`;
        break;
      case 'launched':
        play.text = `player started${event.startAt > 0 ? ` at ${formatDuration(event.startAt)}` : ''}`;
        break;
      case 'playing':
      case 'paused':
      case 'position':
        play.text = `${event.type === 'paused' ? 'paused' : 'playing'} ${formatDuration(event.position)} / ${formatDuration(event.duration)}`;
        break;
      case 'warning':
        this.outlet.message(event.message);
        break;
      case 'scrobbled':
        break;
      case 'ended':
        play.running = false;
        play.text = `ended at ${formatDuration(event.position)}`;
        break;
      case 'terminated':
        play.running = false;
        play.text = `failed: the server ended the playback: ${event.message}`;
        this.outlet.message(play.text);
        break;
      case 'failed':
        play.running = false;
        play.text = `failed: ${event.message}`;
        this.outlet.message(`could not play: ${event.message}`);
        break;
    }
    this.outlet.changed();
  }

  private fail(play: CurrentPlay, error: unknown): void {
    play.running = false;
    play.text = `failed: ${describe(error)}`;
    this.outlet.message(`could not play: ${describe(error)}`);
    this.outlet.changed();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
