// What the keys do to the selected item: play it as a server play queue (resume, from the start, next, previous) through the playback pipeline, watched, keep offline, evict.
import { Subscription } from 'rxjs';
import type { CacheManager, CacheState } from '../../cache/index.js';
import { isTerminal, type PlaybackEvent } from '../../playback/playbackEvents.js';
import { cachePartRequest, mediaKindOf } from '../../playback/playbackItem.js';
import type { PlaybackHandle, PlaybackService } from '../../playback/playbackService.js';
import { QueueControl, type QueueState } from '../../playback/queue/queueControl.js';
import type { QueueEvent } from '../../playback/queue/queueEvents.js';
import { playQueue } from '../../playback/queue/queuePlayback.js';
import { knownItemHints } from '../../playback/queue/queueHints.js';
import type { QueueClient } from '../../playback/queue/queueSource.js';
import type { QueueEditClient, QueuePlacement } from '../../playback/queue/queueEdits.js';
import type { PlexClient } from '../../plex/client.js';
import type { PlexMetadata, PlexPlayQueueItem } from '../../plex/models.js';
import type { SkipIntro } from '../../playback/playbackMarkers.js';
import type { PrefetchPoint } from '../../playback/queue/queuePrefetch.js';
import type { TrackKind, TrackOption } from '../../plex/partTracks.js';
import { carried, itemTracks, nextTrack, playerSelection, trackTitle } from '../../playback/trackChoice.js';
import { TrackMemory } from '../../playback/queue/trackMemory.js';
import { cacheKeyOf, formatDuration, queuePosition, watchMarker } from '../viewModels/index.js';

export interface ActionServices {
  client: Pick<PlexClient, 'metadata' | 'scrobble' | 'unscrobble' | 'setStreams'> & QueueClient & QueueEditClient;
  cache(): Promise<CacheManager>;
  playback(): Promise<PlaybackService>;
  preparePlayer(playerId: string): Promise<void>;
  /** Why nothing can play (plugins off), or null. */
  playersOff(): Promise<string | null>;
  playerId: string;
  machineIdentifier(): string | null;
  /** The config's choices for plays: what an intro does, whether the queue goes on by itself, when the next entry is cached ahead. */
  playOptions?: { skipIntro?: SkipIntro; autoplay?: boolean; prefetch?: PrefetchPoint };
}

/**
 * What the status bar offers while something plays: "Skip intro (s)" inside an intro (with `skipIntro: "ask"`), or the
 * next entry's countdown from the credits ("Up next: … in 8 s": Enter starts it now, Escape stays to the end).
 */
export type PlayPrompt = { kind: 'skipIntro'; end: number } | { kind: 'upNext'; title: string; deadline: number | null; remaining: number };

/** How long the up-next countdown runs from the credits before the next entry starts, in the item's time. */
export const upNextCountdownMs = 10_000;

/** What the details pane shows of the current play. */
export interface CurrentPlay {
  /** The entry that plays (the first entry of a season until the queue is made: the season's own key). */
  ratingKey: string;
  /** The item Enter or p was pressed on (a season, a show, an episode...): its details pane shows this play too. */
  startedFrom: string;
  /** The queue it plays in; null before the server queue is made, or when the item plays alone. */
  queue: QueueState | null;
  cacheKey: string | null;
  states: CacheState[];
  text: string;
  running: boolean;
  /** What the status bar offers now, or null. */
  prompt: PlayPrompt | null;
  /** Where the entry's credits start (from its marker), once it entered them. */
  creditsAt?: number;
  /** The entry's last position and duration, milliseconds. */
  position: number;
  duration: number;
}

export interface ActionOutlet {
  message(text: string): void;
  changed(): void;
  /** A row's item changed (watched): put the new one wherever it is shown. */
  replaceItem(item: PlexMetadata): void;
}

export type PlayMode = 'play' | 'resume' | 'fromStart';

/** What plays as a queue of what it holds, besides what plays on its own (movies, episodes, tracks...). */
const queuedContainers = new Set(['show', 'season', 'artist', 'album']);

/** A container that Enter in the details pane (or p anywhere) plays as a queue of what it holds. */
export function playsAsQueue(item: PlexMetadata): boolean {
  return queuedContainers.has(item.type);
}

export class ItemActions {
  play: CurrentPlay | null = null;
  private subscription: Subscription | undefined;
  private handle: PlaybackHandle | undefined;
  private control: QueueControl | undefined;
  /** What was picked per show while this play runs: a track switched for an episode carries to the next ones. */
  private memory = new TrackMemory();
  /** The tracks switched for the entry that plays (a movie has no show to remember them by). */
  private switched: { ratingKey: string; audio?: TrackOption | 'off'; subtitle?: TrackOption | 'off' } | undefined;

  constructor(
    private readonly services: ActionServices,
    private readonly outlet: ActionOutlet,
  ) {}

  /**
   * Plays `item` as a server play queue, as Plex clients do: a season, show, album or artist plays what it holds (a
   * show from its on-deck episode), an episode goes on into the rest of its show. When no queue can be made (the
   * server is away and the item is kept offline), an item that plays on its own plays alone.
   */
  async start(item: PlexMetadata, mode: PlayMode): Promise<void> {
    const queued = playsAsQueue(item);
    if (mediaKindOf(item.type) === null && !queued) {
      this.outlet.message(`"${item.title}" is a ${item.type}: open it and play an episode or track`);
      return;
    }
    const off = await this.services.playersOff();
    if (off !== null) {
      this.outlet.message(`nothing can play: ${off}`);
      return;
    }
    if (mode === 'resume' && !queued && !(item.viewOffset && item.viewOffset > 0)) this.outlet.message('nothing to resume: playing from the start');
    this.stop();
    const play: CurrentPlay = {
      ratingKey: item.ratingKey, startedFrom: item.ratingKey, queue: null,
      cacheKey: cacheKeyOf(item, this.services.machineIdentifier()), states: [], text: 'starting…', running: true,
      prompt: null, position: 0, duration: 0,
    };
    this.play = play;
    this.outlet.changed();
    try {
      // The player's plugin is activated beside the queue and the cache entry: the playback service waits for the player only at the launch.
      this.services.preparePlayer(this.services.playerId).catch(() => undefined);
      const playback = await this.services.playback();
      // Stopped (or replaced) meanwhile: nothing to start.
      if (this.play !== play || !play.running) return;
      const control = new QueueControl();
      this.control = control;
      this.memory = new TrackMemory();
      this.switched = undefined;
      const options = this.services.playOptions ?? {};
      const request = {
        ratingKey: item.ratingKey, playerId: this.services.playerId, fromStart: mode === 'fromStart', memory: this.memory,
        // The item's type as listed and the server's identity: its queue is asked for beside its metadata.
        hints: knownItemHints(item, this.services.machineIdentifier()),
        skipIntro: options.skipIntro ?? 'ask', autoplay: options.autoplay !== false,
        ...(options.prefetch ? { prefetch: options.prefetch } : {}),
      };
      // A container of its own: the queue's run completes (and so closes what was added to it) before an item played alone ends.
      const subscription = new Subscription();
      this.subscription = subscription;
      subscription.add(
        playQueue(this.services.client, playback, request, control).subscribe({
          next: (event) => this.onQueueEvent(play, item, mode, playback, event),
          error: (error: unknown) => this.fail(play, error),
        }),
      );
      subscription.add(
        control.state$.subscribe((state) => {
          play.queue = state;
          this.outlet.changed();
        }),
      );
      subscription.add(() => control.dispose());
    } catch (error) {
      this.fail(play, error);
    }
  }

  /** The next (1) or previous (-1) entry of the queue that plays. */
  skip(by: 1 | -1): void {
    const control = this.play?.running ? this.control : undefined;
    const state = control?.current ?? null;
    if (!control || state === null) {
      this.outlet.message('no queue is playing');
      return;
    }
    if (!(by === 1 ? control.next() : control.previous())) this.outlet.message(`${queuePosition(state)} is the last in the queue`);
  }

  /** Plays a queue entry now (Up next's selection): the queue goes on from there. */
  playInQueue(entry: PlexPlayQueueItem): void {
    const control = this.playingQueue();
    if (!control) return this.outlet.message('no queue is playing');
    try {
      if (control.jumpTo(entry.playQueueItemID)) this.outlet.message(`playing "${entry.title}" now`);
      else this.outlet.message(`"${entry.title}" plays now`);
    } catch (error) {
      this.outlet.message(`not played: ${describe(error)}`);
    }
  }

  /**
   * Adds `item` to the queue that plays: right after the entry that plays ("Play next") or at the end ("Add to
   * queue"); a season or album adds what it holds. With no queue playing, it plays the item (and says so).
   */
  async addToQueue(item: PlexMetadata, placement: QueuePlacement): Promise<void> {
    const control = this.playingQueue();
    if (!control) {
      this.outlet.message(`no queue is playing: playing "${item.title}"`);
      await this.start(item, 'play');
      return;
    }
    try {
      await control.add(item.ratingKey, placement);
      this.outlet.message(placement === 'next' ? `"${item.title}" plays next` : `"${item.title}" added to the queue`);
    } catch (error) {
      this.outlet.message(`not added to the queue: ${describe(error)}`);
    }
  }

  /** Removes an entry (Up next's selection) from the queue that plays: the server's queue loses it, and it does not play. */
  async removeFromQueue(entry: PlexPlayQueueItem): Promise<void> {
    const control = this.playingQueue();
    if (!control) return this.outlet.message('no queue is playing');
    try {
      await control.remove(entry.playQueueItemID);
      this.outlet.message(`"${entry.title}" removed from the queue`);
    } catch (error) {
      this.outlet.message(`not removed: ${describe(error)}`);
    }
  }

  /** Moves an entry (Up next's selection) one place up (-1) or down (1) in the queue that plays; the server's queue follows. */
  async moveInQueue(entry: PlexPlayQueueItem, by: 1 | -1): Promise<void> {
    const control = this.playingQueue();
    const items = control?.current?.items ?? [];
    if (!control) return this.outlet.message('no queue is playing');
    const index = items.findIndex((item) => item.playQueueItemID === entry.playQueueItemID);
    if (index < 0 || index + by < 0 || index + by >= items.length) return this.outlet.message(`"${entry.title}" is already ${by < 0 ? 'first' : 'last'} in the queue`);
    // The server moves an entry right after another (or first): up goes after the entry two above, down after the one below.
    const after = by < 0 ? (items[index - 2]?.playQueueItemID ?? null) : (items[index + 1]?.playQueueItemID ?? null);
    try {
      await control.move(entry.playQueueItemID, after);
      this.outlet.message(`"${entry.title}" moved ${by < 0 ? 'up' : 'down'} to ${index + by + 1}`);
    } catch (error) {
      this.outlet.message(`not moved: ${describe(error)}`);
    }
  }

  /** The queue that plays now, if any. */
  private playingQueue(): QueueControl | undefined {
    const control = this.play?.running ? this.control : undefined;
    return control?.current ? control : undefined;
  }

  /** Skips the intro the status bar offers to skip: the player moves to its end. */
  async skipIntro(): Promise<void> {
    const play = this.play;
    const prompt = play?.running ? play.prompt : null;
    if (!play || prompt?.kind !== 'skipIntro') {
      this.outlet.message('no intro to skip');
      return;
    }
    play.prompt = null;
    try {
      const playback = await this.services.playback();
      this.outlet.message((await playback.seek(prompt.end)) ? `skipped the intro (to ${formatDuration(prompt.end)})` : 'this player cannot skip: it does not seek');
    } catch (error) {
      this.outlet.message(`could not skip the intro: ${describe(error)}`);
    }
    this.outlet.changed();
  }

  /** Starts the entry the up-next countdown names now. */
  upNextNow(): void {
    const play = this.play;
    if (!play?.running || play.prompt?.kind !== 'upNext') return;
    play.prompt = null;
    this.skip(1);
  }

  /** Stays on the entry that plays: the countdown stops, and the next entry starts when this one ends. */
  upNextStay(): void {
    const play = this.play;
    if (!play?.running || play.prompt?.kind !== 'upNext') return;
    play.prompt = null;
    this.outlet.message('staying: the next entry starts when this one ends');
    this.outlet.changed();
  }

  /** The status bar's offer while something plays ("Skip intro (s)", "Up next: … in 8 s"), or null. */
  promptText(): string | null {
    const play = this.play;
    const prompt = play?.running ? play.prompt : null;
    if (!prompt) return null;
    if (prompt.kind === 'skipIntro') return 'Skip intro (s)';
    return `Up next: ${prompt.title} in ${Math.max(0, Math.ceil(prompt.remaining / 1000))} s (Enter: now, Esc: stay)`;
  }

  /**
   * Switches the entry that plays to its next audio track, or subtitle (off, then each), in the player; tells the
   * server, and carries it to the next episodes of the show. The status bar says what plays now.
   */
  async cycleTrack(kind: TrackKind): Promise<void> {
    const state = this.play?.running ? (this.control?.current ?? null) : null;
    const item = state?.items[state.index];
    if (!item) {
      this.outlet.message('nothing is playing');
      return;
    }
    const tracks = itemTracks(item, this.memory.wishesFor(item));
    const own = this.switched?.ratingKey === item.ratingKey ? this.switched : undefined;
    const next = nextTrack(tracks.options, kind, own?.[kind] ?? tracks[kind]);
    const what = kind === 'audio' ? 'audio' : 'subtitles';
    if (next === undefined) {
      this.outlet.message(`"${item.title}" has no other ${kind === 'audio' ? 'audio track' : 'subtitle'}`);
      return;
    }
    try {
      await (await this.services.playback()).switchTracks(playerSelection(tracks.options, kind, next));
    } catch (error) {
      this.outlet.message(`${what} not switched: ${describe(error)}`);
      return;
    }
    this.switched = { ...own, ratingKey: item.ratingKey, [kind]: next };
    const carry = carried(next);
    if (carry !== undefined) this.memory.remember(item, { [kind]: carry });
    this.outlet.message(`${what}: ${trackTitle(next)}`);
    const streams = kind === 'audio' ? (next === 'off' ? {} : { audioStreamID: next.id }) : { subtitleStreamID: next === 'off' ? 0 : next.id };
    await this.services.client.setStreams(tracks.options.partId, streams).catch((error: unknown) => this.outlet.message(`${what}: ${trackTitle(next)} (the server did not take it: ${describe(error)})`));
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.handle = undefined;
    this.control = undefined;
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
    play.text = play.queue === null ? 'stopped' : `${queuePosition(play.queue)} · stopped`;
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

  private onQueueEvent(play: CurrentPlay, item: PlexMetadata, mode: PlayMode, playback: PlaybackService, event: QueueEvent): void {
    switch (event.type) {
      case 'item': {
        if (play.ratingKey !== event.entry.item.ratingKey || event.event.type === 'resolved') {
          // A new entry: its own cache entry and states.
          play.ratingKey = event.entry.item.ratingKey;
          play.cacheKey = cacheKeyOf(event.entry.item, this.services.machineIdentifier());
          play.states = [];
          play.prompt = null;
          delete play.creditsAt;
        }
        this.onEvent(play, event.event);
        return;
      }
      case 'skipped':
      case 'waiting':
        this.outlet.message(event.message);
        return;
      case 'upNext': {
        // From the credits the next entry starts after the countdown; without credits (30 s before the end) at the end.
        // (A countdown that would outlast the entry is left to its end, which starts the next entry as well.)
        const countdownEnd = play.creditsAt === undefined ? null : play.creditsAt + upNextCountdownMs;
        const deadline = countdownEnd !== null && (play.duration <= 0 || countdownEnd < play.duration) ? countdownEnd : null;
        play.prompt = { kind: 'upNext', title: event.next.title, deadline, remaining: deadline === null ? event.inSeconds * 1000 : deadline - play.position };
        this.outlet.changed();
        return;
      }
      case 'failed':
        // No server queue (the server is away): what plays on its own plays alone, from the cache when it is kept.
        if (mediaKindOf(item.type) !== null) this.playAlone(play, item, mode, playback, event.message);
        else this.fail(play, event.message.replace(/^cannot play it: /, ''));
        return;
      case 'queueEnded':
        if (event.reason === 'failed' && event.playQueueID === null) return;
        play.running = false;
        if (event.reason === 'finished' && (play.queue?.items.length ?? 0) > 1) this.outlet.message(`queue ended: ${event.played} played${event.skipped > 0 ? `, ${event.skipped} skipped` : ''}`);
        else if (event.reason === 'headless' || event.reason === 'playerQuit') this.outlet.message(event.message ?? 'the queue stopped after the first item');
        this.outlet.changed();
        return;
    }
  }

  private playAlone(play: CurrentPlay, item: PlexMetadata, mode: PlayMode, playback: PlaybackService, why: string): void {
    if (this.play !== play || !play.running) return;
    this.outlet.message(`${why.replace(/^cannot play it: /, 'no play queue: ')}; playing just this item`);
    const handle = playback.play({ ratingKey: item.ratingKey, playerId: this.services.playerId, fromStart: mode === 'fromStart' });
    this.handle = handle;
    this.subscription?.add(
      handle.events$.subscribe({
        next: (event) => {
          this.onEvent(play, event);
          if (isTerminal(event)) {
            play.running = false;
            this.outlet.changed();
          }
        },
        error: (error: unknown) => this.fail(play, error),
      }),
    );
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
        this.followPrompt(play, event.position, event.duration);
        break;
      case 'markerEntered':
        if (event.marker.type === 'credits') play.creditsAt = event.marker.start;
        else if (event.marker.type === 'intro' && (this.services.playOptions?.skipIntro ?? 'ask') === 'ask') play.prompt = { kind: 'skipIntro', end: event.marker.end };
        break;
      case 'markerSkipped':
        play.prompt = null;
        this.outlet.message(`skipped the intro (skipIntro is "auto")`);
        break;
      case 'warning':
        this.outlet.message(event.message);
        break;
      case 'scrobbled':
        break;
      case 'ended':
        play.text = `ended at ${formatDuration(event.position)}`;
        break;
      case 'terminated':
        play.text = `failed: the server ended the playback: ${event.message}`;
        this.outlet.message(play.text);
        break;
      case 'failed':
        play.text = `failed: ${event.message}`;
        this.outlet.message(`could not play: ${event.message}`);
        break;
    }
    // Where the entry sits in its queue, "2/5 S1E2 Title · playing 0:12 / 22:00", for the details pane.
    if (play.queue !== null && play.queue.items.length > 1 && !play.text.startsWith('failed')) play.text = `${queuePosition(play.queue)} · ${play.text}`;
    this.outlet.changed();
  }

  /** The prompt as the position moves: an intro that is over is not offered; the countdown counts, and starts the next entry at 0. */
  private followPrompt(play: CurrentPlay, position: number, duration: number): void {
    play.position = position;
    play.duration = duration;
    const prompt = play.prompt;
    if (prompt?.kind === 'skipIntro' && position >= prompt.end) play.prompt = null;
    if (prompt?.kind !== 'upNext') return;
    const deadline = prompt.deadline ?? duration;
    prompt.remaining = deadline - position;
    if (prompt.deadline !== null && position >= prompt.deadline) {
      play.prompt = null;
      this.skip(1);
    }
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
