// The playback service of the main process: players, play requests through the pipeline, `session$`, where progress is reported.
import { BehaviorSubject, EMPTY, ReplaySubject, Subject, concat, defer, distinctUntilChanged, filter, from, ignoreElements, map, of, switchMap, take, takeUntil, tap, type Observable, type Subscription } from 'rxjs';
import { toDisposable, type Disposable } from '../base/disposable.js';
import { PlextermError, UsageError, describeError } from '../base/errors.js';
import { fromAbortable } from '../base/fromAbortable.js';
import type { CacheEntry, CacheManager } from '../cache/index.js';
import type { PlexClient } from '../plex/client.js';
import type { PlexMetadata } from '../plex/models.js';
import { defaultPlaybackTimings, isTerminal, type PlaybackDependencies, type PlaybackEvent, type PlaybackItem, type PlaybackTimings, type StreamGrant, type TerminalPlaybackEvent } from './playbackEvents.js';
import { playbackItemFrom, type PlayOptions } from './playbackItem.js';
import { playbackPipeline } from './playbackPipeline.js';
import type { MediaKind, Player, PlayerPrepareOptions, PlayerSession, PreparedPlayer } from './player.js';
import { entrySnapshots, launchPlayer, preparedFrom, preparePlayer } from './serviceAdapters.js';
import type { KeptPlayer, PlayerHandoff } from './playerHandoff.js';
import type { QueueControl } from './queue/queueControl.js';
import { nextSessionState, resolvingState, type PlaybackSessionState } from './sessionState.js';
import { directReporter, type ProgressReporter } from './progressReporter.js';
import { fetchSidecar } from './sidecarFile.js';
import type { PlayerTracks } from './trackChoice.js';

export interface PlayRequest extends PlayOptions {
  ratingKey: string;
  /** A registered player's id; default the first that plays the item's media kind. */
  playerId?: string;
  /** The item's metadata when the caller has it (a play queue's entry): it is not asked for again. */
  metadata?: PlexMetadata;
  /** The server's machineIdentifier when the caller has it (the play queue's maker learnt it): not asked for again. */
  machineIdentifier?: string;
  /**
   * A play queue's: the player process the item before kept is launched for this one (one process per
   * queue, with a player that can), and this one's is kept there for the next when it ends or is left.
   */
  handoff?: PlayerHandoff;
}

/** How a queue's next item would play: what `prefetch` needs to append it to the player that plays (gapless albums). */
export type PrefetchPlay = Pick<PlayOptions, 'fromStart' | 'args'>;

/** A queue's next item opened ahead of its play (`prefetch`). */
export interface Prefetch {
  /** Closes its entry (downloads stop; its bytes stay, evicted as any): for an item that will not play now. */
  close(): Promise<void>;
}

export interface PlaybackHandle {
  /** This request's events, the latest hundred replayed to late subscribers; completes at its end or when cancelled. */
  readonly events$: Observable<PlaybackEvent>;
  /** The terminal event, or undefined when a newer request or stop() cancelled this one. */
  readonly done: Promise<TerminalPlaybackEvent | undefined>;
  /** Cancels this request if it is still the current one (its player is stopped). */
  stop(): void;
}

export interface PlaybackServiceOptions {
  /** With `streamText`, a sidecar subtitle a play asks for is fetched for its player (without it, the player shows none). */
  client: Pick<PlexClient, 'metadata' | 'serverInfo' | 'timeline' | 'scrobble'> & Partial<Pick<PlexClient, 'streamText'>>;
  /** Its proxy grants each playback a stream URL of its own; `entry`, when given, lets a play hear that its entry stopped serving. */
  cache: Pick<CacheManager, 'open' | 'proxy'> & Partial<Pick<CacheManager, 'entry'>>;
  /** Where timeline reports and scrobbles go; straight to `client` without it. The session gives the offline journal's. */
  progress?: ProgressReporter;
  timings?: Partial<PlaybackTimings>;
  log?(message: string): void;
  /**
   * Resolves once the players are registered (the session registers the plugins' players when its plugin
   * host has read them), so a play can be asked before: its metadata and cache entry go on meanwhile,
   * and only the choice of its player waits. With `playerId`, also once that player, when no plugin
   * contributes it, was looked for among those plugins register at run time. A rejection fails the play
   * with its error.
   */
  playersRegistered?(playerId?: string): Promise<void>;
  /**
   * A player started ahead of the play (its start beside the queue's creation: issue 15), for the first request that
   * asks to prepare `playerId` with these options: its promise, taken once; null when there is none for them.
   */
  takeAhead?(playerId: string, options: PlayerPrepareOptions): Promise<PreparedPlayer | null> | null;
}

interface Pending {
  request: PlayRequest;
  events: ReplaySubject<PlaybackEvent>;
  finish(event: TerminalPlaybackEvent | undefined): void;
  /** True once finished (ended or cancelled): what it still makes is undone at once. */
  finished: boolean;
  /** Undone when it finishes: its sidecar subtitle files. */
  cleanups: (() => Promise<void>)[];
  /** Its player's session, once launched, and the item it plays. */
  session?: PlayerSession;
  item?: PlaybackItem;
}

/** A queue's next item appended to the player that plays (gapless): the stream grant it plays with, for its own play to take. */
interface Appended {
  /** The entry's stream URL the grant is of. */
  entryUrl: string;
  grant: StreamGrant;
}

const replayedEvents = 100;

export class PlaybackService implements Disposable {
  /** The current playback, null when nothing was asked or it was stopped; a finished one stays until the next. */
  readonly session$: Observable<PlaybackSessionState | null>;
  private readonly reporter: ProgressReporter;
  private readonly state = new BehaviorSubject<PlaybackSessionState | null>(null);
  private readonly queues = new BehaviorSubject<QueueControl | null>(null);
  /** The play queue whose entries play now (its run tells it, `followQueue`), null when none does: plugins see and steer it. */
  readonly queue$: Observable<QueueControl | null> = this.queues.asObservable();
  private readonly requests = new Subject<Pending | null>();
  private readonly players = new Map<string, Player>();
  private readonly subscription: Subscription;
  private current: Pending | undefined;
  /** The queue handoff of each resolved item that has one (the item is what the session runner is given). */
  private readonly handoffs = new WeakMap<PlaybackItem, PlayerHandoff>();
  private machineIdentifier: Promise<string> | undefined;
  private appended: Appended | undefined;

  constructor(private readonly options: PlaybackServiceOptions) {
    this.reporter = options.progress ?? directReporter(options.client);
    this.session$ = this.state.pipe(distinctUntilChanged());
    const timings = { ...defaultPlaybackTimings, ...options.timings };
    this.subscription = playbackPipeline(this.requests, this.dependencies(), timings).subscribe((event) => this.publish(event));
  }

  /** Makes a player available; disposing removes it. */
  registerPlayer(player: Player): Disposable {
    if (this.players.has(player.id)) throw new UsageError(`a player with id "${player.id}" is already registered`);
    this.players.set(player.id, player);
    return toDisposable(() => {
      if (this.players.get(player.id) === player) this.players.delete(player.id);
    });
  }

  registeredPlayers(): Player[] {
    return [...this.players.values()];
  }

  /** Plays an item, cancelling whatever was asked before. */
  play(request: PlayRequest): PlaybackHandle {
    const events = new ReplaySubject<PlaybackEvent>(replayedEvents);
    let settle: (event: TerminalPlaybackEvent | undefined) => void = () => {};
    const done = new Promise<TerminalPlaybackEvent | undefined>((resolve) => (settle = resolve));
    const pending: Pending = {
      request,
      events,
      finished: false,
      cleanups: [],
      finish: (event) => {
        pending.finished = true;
        for (const cleanup of pending.cleanups.splice(0)) cleanup().catch((error: unknown) => this.options.log?.(`removing a subtitle file failed: ${describeError(error)}`));
        events.complete();
        settle(event);
      },
    };
    this.current?.finish(undefined);
    this.current = pending;
    this.state.next(resolvingState(request.ratingKey));
    this.requests.next(pending);
    return { events$: events.asObservable(), done, stop: () => this.current === pending && this.stop() };
  }

  /**
   * Moves what plays now to `position` milliseconds (skip intro). False when nothing plays or its player cannot
   * seek; rejects when the player refuses.
   */
  async seek(position: number): Promise<boolean> {
    const session = this.current?.session;
    if (!session?.seek) return false;
    await session.seek(position);
    return true;
  }

  /** Stops what plays (or is about to). */
  stop(): void {
    this.current?.finish(undefined);
    this.current = undefined;
    this.state.next(null);
    this.requests.next(null);
  }

  /**
   * Switches the tracks of what plays now (a person chose another audio or subtitle); a sidecar (`subtitleKey`)
   * is fetched into a file first. Rejects with one line when nothing plays or its player cannot switch.
   */
  async switchTracks(tracks: PlayerTracks): Promise<void> {
    const pending = this.current;
    const session = pending?.session;
    if (!pending || !session) throw new UsageError('nothing is playing');
    if (!session.setTracks) throw new UsageError('this player cannot switch tracks while it plays');
    const { subtitleKey, ...selection } = tracks;
    const subtitleFile = subtitleKey === undefined ? undefined : await this.sidecar(pending, subtitleKey);
    if (subtitleKey !== undefined && subtitleFile === undefined) throw new PlextermError('the subtitle file could not be fetched from the server', { code: 'subtitle' });
    await session.setTracks({ ...selection, ...(subtitleFile === undefined ? {} : { subtitleFile }) });
  }

  /** The play queue that plays now, or null. */
  get currentQueue(): QueueControl | null {
    return this.queues.value;
  }

  /** A queue's run plays on this service from now: `queue$` shows it until the returned function is called (the run ended). */
  followQueue(control: QueueControl): () => void {
    this.queues.next(control);
    return () => {
      if (this.queues.value === control) this.queues.next(null);
    };
  }

  /**
   * Opens the cache entry of `metadata` (a queue's next item) ahead of its play, so that its start buffer
   * is on disk, and its first frame comes from there, when it starts. Its play opens the same entry.
   *
   * With `play`, a track after a track plays gapless: once its entry is `ready` (never before), its stream is
   * appended to the player that plays the current track (`PlayerSession.appendNext`), which goes on to it
   * without a gap; its own play then takes that stream grant and the process (`keepForNext`) that plays it.
   */
  prefetch(metadata: PlexMetadata, machineIdentifier?: string, play?: PrefetchPlay): Prefetch {
    let closed = false;
    const before = this.current;
    let appending: Subscription | undefined;
    let appended: Appended | undefined;
    const opened = (machineIdentifier === undefined ? this.serverIdentifier() : Promise.resolve(machineIdentifier)).then((machineIdentifier) => {
      if (closed) return null;
      const entry = this.options.cache.open(playbackItemFrom(metadata, machineIdentifier, '').part);
      if (play && before) appending = this.appendAtReady(entry, metadata, machineIdentifier, play, before, (made) => (appended = made));
      return entry;
    });
    opened.catch((error: unknown) => this.options.log?.(`prefetching "${metadata.title}" failed: ${describeError(error)}`));
    return {
      close: async () => {
        closed = true;
        appending?.unsubscribe();
        if (appended) this.dropAppended(appended);
        const entry = await opened.catch(() => null);
        await entry?.close();
      },
    };
  }

  /** Appends the next track, at its entry's `ready`, to the session of `before` while that plays a track. */
  private appendAtReady(entry: CacheEntry, metadata: PlexMetadata, machineIdentifier: string, play: PrefetchPlay, before: Pending, made: (appended: Appended) => void): Subscription {
    const finished = concat(before.events.pipe(ignoreElements()), of(null));
    return entry.state$.pipe(
      filter((snapshot) => snapshot.state === 'ready' && snapshot.streamUrl !== null),
      take(1),
      takeUntil(finished),
    ).subscribe((snapshot) => {
      const session = before.session;
      const current = before.item;
      const next = playbackItemFrom(metadata, machineIdentifier, current?.playerId ?? '', play);
      const entryUrl = snapshot.streamUrl;
      // A video queue keeps its one load per episode, after the one before ended.
      if (!session?.appendNext || !entryUrl || current?.mediaType !== 'audio' || next.mediaType !== 'audio' || this.current !== before) return;
      const appended: Appended = { entryUrl, grant: this.options.cache.proxy.grant(entryUrl) };
      this.dropAppended();
      this.appended = appended;
      made(appended);
      const { startAt, title, ratingKey, mediaType, args } = next;
      session.appendNext(appended.grant.url, { startAt, title, ratingKey, mediaType, args, queue: true }).then(
        (done) => {
          if (!done) this.dropAppended(appended);
        },
        (error: unknown) => {
          this.options.log?.(`appending "${metadata.title}" to the player failed (${describeError(error)}): it loads after the one before ends`);
          this.dropAppended(appended);
        },
      );
    });
  }

  /** The stream grant of an appended entry, taken by that entry's own play (its player plays that URL already). */
  private takeAppended(entryUrl: string): StreamGrant | undefined {
    const appended = this.appended;
    if (appended?.entryUrl !== entryUrl) return undefined;
    this.appended = undefined;
    return appended.grant;
  }

  /** Ends the grant of the appended entry no play took (`which` only, when given). */
  private dropAppended(which?: Appended): void {
    const appended = this.appended;
    if (!appended || (which !== undefined && which !== appended)) return;
    this.appended = undefined;
    appended.grant.dispose();
  }

  dispose(): void {
    this.stop();
    this.dropAppended();
    this.queues.complete();
    this.subscription.unsubscribe();
    this.requests.complete();
    this.state.complete();
  }

  private publish(event: PlaybackEvent): void {
    const pending = this.current;
    if (!pending) return;
    const state = this.state.value;
    if (state) this.state.next(nextSessionState(state, event));
    pending.events.next(event);
    if (isTerminal(event)) {
      this.current = undefined;
      pending.finish(event);
    }
  }

  private dependencies(): PlaybackDependencies<Pending> {
    const { cache } = this.options;
    return {
      resolve: (pending) => defer(() => this.resolve(pending)),
      prepare: (pending) => this.prepare(pending.request),
      open: (item) => entrySnapshots(cache, item.part),
      grant: (url) => this.takeAppended(url) ?? cache.proxy.grant(url),
      served: (item) => cache.entry?.(item.part.key)?.state$ ?? EMPTY,
      // A player named by the request is looked up once the plugins are read (the item did not wait for them).
      check: (item) => defer(() => from(this.playersRegistered(item.playerId))).pipe(
        map(() => this.choosePlayer(item.playerId, item.mediaType, item.title)),
        ignoreElements(),
      ),
      launch: (url, item, prepared) =>
        defer(() => from(this.playersRegistered(item.playerId))).pipe(
          switchMap(() => {
            const player = this.players.get(item.playerId);
            if (!player) throw new UsageError(`the player "${item.playerId}" is no longer registered`);
            const { startAt, title, ratingKey, mediaType, args, tracks } = item;
            // A queue's player kept from an item another player played (a music queue's item after a video's) is not this one.
            // (Not launched, it goes back to the queue, which ends it when this item's own process is kept.)
            const usable = prepared && isKept(prepared) && prepared.playerId !== item.playerId ? undefined : prepared;
            const launching = usable ? this.throughPrepared(player, usable) : player;
            const queue = this.handoffs.has(item) ? { queue: true } : {};
            const chosen = {
              ...(tracks?.audioTrack === undefined ? {} : { audioTrack: tracks.audioTrack }),
              ...(tracks?.subtitleTrack === undefined ? {} : { subtitleTrack: tracks.subtitleTrack }),
              ...(tracks?.subtitleFile === undefined ? {} : { subtitleFile: tracks.subtitleFile }),
            };
            // The launch is the current request's (a newer one cancels it): its session is the one switchTracks and seek speak to.
            const pending = this.current;
            return launchPlayer(launching, url, { startAt, title, ratingKey, mediaType, args, ...queue, ...chosen }, (error) => this.options.log?.(`stopping ${player.id} failed: ${describeError(error)}`)).pipe(
              tap((session) => {
                if (!pending) return;
                pending.session = session;
                pending.item = item;
              }),
            );
          }),
        ),
      keep: (session, item) => {
        const handoff = this.handoffs.get(item);
        const keepForNext = session.keepForNext;
        if (!handoff || !keepForNext) return false;
        handoff.keep(item.playerId, keepForNext.call(session));
        return true;
      },
      report: (report) => fromAbortable(() => this.reporter.report(report)),
      scrobble: (ratingKey) => from(this.reporter.scrobble(ratingKey)).pipe(map(() => ratingKey)),
    };
  }

  /**
   * The request's player started ahead of its URL, when the request names it and it can be; nothing otherwise.
   * A queue's item after the first gets the process its item before kept, when there is one.
   */
  private prepare(request: PlayRequest): Observable<PreparedPlayer> {
    const kept = request.handoff?.lend();
    if (kept) return kept;
    const playerId = request.playerId;
    if (playerId === undefined) return EMPTY;
    const onDisposeError = (error: unknown) => this.options.log?.(`ending the prepared ${playerId} failed: ${describeError(error)}`);
    const ahead = this.options.takeAhead?.(playerId, { args: request.args ?? [], ...(request.handoff ? { queue: true } : {}) });
    if (ahead) return preparedFrom(() => ahead, onDisposeError);
    return defer(() => from(this.playersRegistered(playerId))).pipe(
      switchMap(() => {
        const player = this.players.get(playerId);
        if (!player?.prepare) return EMPTY;
        const queue = request.handoff ? { queue: true } : {};
        return preparePlayer(player, { args: request.args ?? [], ...queue }, onDisposeError);
      }),
    );
  }

  /**
   * `player`, launched through `prepared`; a prepared player that is gone (it quit before ready, or crashed) is replaced
   * by a fresh launch, except a queue's player the person quit: the queue ends instead (PlayerHandoff.quit$).
   */
  private throughPrepared(player: Player, prepared: PreparedPlayer): Player {
    return {
      ...player,
      launch: (url, options) =>
        prepared.launch(url, options).catch((error: unknown) => {
          if (isKept(prepared) && prepared.quit) throw error;
          this.options.log?.(`the prepared ${player.id} could not play (${describeError(error)}); starting it afresh`);
          return player.launch(url, options);
        }),
    };
  }

  private async playersRegistered(playerId?: string): Promise<void> {
    await this.options.playersRegistered?.(playerId);
  }

  private async resolve(pending: Pending): Promise<PlaybackItem> {
    const request = pending.request;
    // What earlier plays kept while the server was away goes first.
    await this.reporter.catchUp().catch((error: unknown) => this.options.log?.(`playback journal: ${describeError(error)}`));
    // A named player is checked once the plugins are read (dependencies' check), while the entry opens; without
    // a name the choice needs the players, so then the item waits for them.
    const named = request.playerId;
    const [item, machineIdentifier, subtitleFile] = await Promise.all([
      request.metadata ?? this.options.client.metadata(request.ratingKey, { markers: true }),
      request.machineIdentifier ?? this.serverIdentifier(),
      request.tracks?.subtitleKey === undefined ? undefined : this.sidecar(pending, request.tracks.subtitleKey),
      named === undefined ? this.playersRegistered() : undefined,
    ]);
    const playable = playbackItemFrom(item, machineIdentifier, '', request);
    const tracks = playable.tracks && request.tracks?.subtitleKey !== undefined ? withSidecar(playable.tracks, subtitleFile) : playable.tracks;
    const resolved = { ...playable, ...(tracks ? { tracks } : {}), playerId: named ?? this.choosePlayer(undefined, playable.mediaType, playable.title).id };
    if (request.handoff) this.handoffs.set(resolved, request.handoff);
    return resolved;
  }

  /** A sidecar subtitle of the request in a temporary file, removed when the request finishes; undefined when there is none or it cannot be fetched. */
  private async sidecar(pending: Pending, key: string): Promise<string | undefined> {
    const fetchText = this.options.client.streamText?.bind(this.options.client);
    if (!fetchText) return undefined;
    try {
      const file = await fetchSidecar(key, fetchText);
      pending.cleanups.push(file.dispose);
      // Finished meanwhile (cancelled): nothing will play it.
      if (pending.finished) await file.dispose();
      return file.path;
    } catch (error) {
      this.options.log?.(`the subtitle file could not be fetched (${describeError(error)}): playing without it`);
      return undefined;
    }
  }

  private choosePlayer(playerId: string | undefined, kind: MediaKind, title: string): Player {
    const known = [...this.players.keys()].join(', ') || 'none';
    if (playerId !== undefined) {
      const player = this.players.get(playerId);
      if (!player) throw new UsageError(`no player "${playerId}" (registered: ${known})`);
      return player;
    }
    const player = [...this.players.values()].find((candidate) => candidate.mediaTypes.includes(kind));
    if (!player) throw new UsageError(`no player plays ${kind} ("${title}"); registered: ${known}`);
    return player;
  }

  private serverIdentifier(): Promise<string> {
    this.machineIdentifier ??= this.options.client.serverInfo().then(
      (info) => info.machineIdentifier,
      (error: unknown) => {
        this.machineIdentifier = undefined;
        throw error;
      },
    );
    return this.machineIdentifier;
  }
}

function isKept(prepared: PreparedPlayer): prepared is KeptPlayer {
  return typeof (prepared as Partial<KeptPlayer>).playerId === 'string';
}

/** `tracks` with its sidecar's local file; without one (it could not be fetched) the player shows no subtitle rather than a wrong one. */
function withSidecar(tracks: PlayerTracks, subtitleFile: string | undefined): PlayerTracks & { subtitleFile?: string } {
  const rest: PlayerTracks = { ...tracks };
  delete rest.subtitleKey;
  return subtitleFile === undefined ? { ...rest, subtitleTrack: 'off' } : { ...rest, subtitleFile };
}
