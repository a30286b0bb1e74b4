// Players: what a plugin provides to play a stream (mpv, vlc, a command of the person's), and what it reports back.
import type { Observable } from 'rxjs';
import type { Disposable } from './plainData.js';

export type MediaKind = 'video' | 'audio' | 'photo';

/** What a player reports while it plays. */
export interface PlayerEvent {
  type: 'playing' | 'paused' | 'position' | 'ended' | 'error';
  /** Milliseconds from the start of the file. */
  position?: number;
  /** Milliseconds. */
  duration?: number;
  /** For `error`: one line a person can act on. */
  message?: string;
  /** Optional (API 1.4), for `ended`: the person quit the player, not the end of the file; a play queue ends with it. */
  quit?: boolean;
}

export interface PlayerLaunchOptions {
  /** Milliseconds to start at (resume position, or 0). */
  startAt: number;
  title: string;
  ratingKey: string;
  mediaType: MediaKind;
  /** Extra arguments for the player, e.g. from `--player-arg`. */
  args: string[];
  /**
   * API 1.4: the item is one of a play queue's. A player that can play a whole queue in one process
   * (`PluginPlayerSession.keepForNext`) keeps its process open after the item ends, until plexterm
   * hands it the next item or disposes it; other players ignore it.
   */
  queue?: boolean;
  /**
   * Optional (API 1.4): the audio track to start with, 1-based among the file's audio tracks in the
   * file's order (mpv's `aid`; VLC's `--audio-track` is this minus 1). Absent: the player's own choice.
   */
  audioTrack?: number;
  /**
   * Optional (API 1.4): the subtitle track to start with, numbered like `audioTrack` among the file's own
   * subtitle tracks (mpv's `sid`), or "off" for none. With `subtitleFile`, its number is the one after the
   * file's own tracks (the sidecar loaded as the next track). Absent: the player's own choice.
   */
  subtitleTrack?: number | 'off';
  /**
   * Optional (API 1.4): a subtitle file beside the media (a sidecar), to load and show: a local temporary
   * file plexterm fetched from the server, which lasts while the item plays (mpv: `--sub-file`).
   */
  subtitleFile?: string;
}

/** A running playback, as a player provider reports it. Without `events$` playback ends once launched. */
export interface PluginPlayerSession {
  events$?: Observable<PlayerEvent>;
  stop?(): Promise<void>;
  /**
   * Optional (API 1.2): moves playback to `position` milliseconds from the start of the file, e.g. to
   * skip an intro. A player without it only gets the marker events; nothing is skipped.
   */
  seek?(position: number): Promise<void>;
  /** Optional (API 1.2): shows `text` on the player's own screen (its OSD) for `durationMs`, e.g. "Skip intro". */
  showText?(text: string, durationMs: number): Promise<void>;
  /**
   * Optional (API 1.4): one process for a whole play queue. Called (for a session launched or prepared
   * with `queue`) when the item ended or is left for another (a skip, the queue's next item): the player
   * stops the file without ending its process and resolves with the process as a prepared player, which
   * plexterm launches with the next item's URL (only once that item's cache entry is ready, as always)
   * or disposes at the end of the queue. Resolve null when the process is gone. A player without it
   * plays a queue with one process per item.
   */
  keepForNext?(): Promise<PreparedPluginPlayer | null>;
  /**
   * Optional (API 1.4): switches the playing file's tracks, numbered as the launch options' (`audioTrack`,
   * `subtitleTrack`, or `subtitleFile`: a local subtitle file to add and show). Fields left out stay.
   */
  setTracks?(tracks: TrackSelection): Promise<void>;
  /**
   * Optional (API 1.4, gapless albums): called while this queue item plays, with the next item's URL (its cache
   * entry ready). The player appends it to play right after this one without a gap (mpv: `loadfile URL append`);
   * when it moves there, this session reports `ended` as usual, and the prepared player `keepForNext` resolves with
   * plays that file already: its `launch` with the same URL is the next item's session. Resolve false when it
   * could not be appended (this item is over): plexterm then loads the next item after this one ends.
   */
  appendNext?(url: string, options: PlayerLaunchOptions): Promise<boolean>;
}

/** The tracks a player plays: as `PlayerLaunchOptions` names them at the launch (API 1.4). */
export type TrackSelection = Pick<PlayerLaunchOptions, 'audioTrack' | 'subtitleTrack' | 'subtitleFile'>;

/** What starting a player ahead of its URL is told: known when the play is asked, before the item's metadata. */
export interface PlayerPrepareOptions {
  /** Extra arguments for the player, e.g. from `--player-arg`. */
  args: string[];
  /** API 1.4: the play is a play queue's first item (see `PlayerLaunchOptions.queue`). */
  queue?: boolean;
}

/** A player started without its stream (e.g. mpv idle on its IPC socket): given the URL once, or disposed. */
export interface PreparedPluginPlayer {
  /** Plays `url`: what `launch` would have done, but the process runs already. Rejects when it is gone. */
  launch(url: string, options: PlayerLaunchOptions): Promise<PluginPlayerSession>;
  /** Ends the process unless it was launched (its session's `stop` ends it then). */
  dispose(): Promise<void>;
  /**
   * Optional (API 1.5): what the process reports while it waits for its URL: `ended` with `quit: true`
   * when the person quit it (a play queue's player, idle between two items: the queue ends, as a quit
   * while an item plays does). A process that crashed is not reported: its launch rejects, and plexterm
   * starts the player afresh.
   */
  events$?: Observable<PlayerEvent>;
}

export interface PlayerProvider {
  launch(url: string, options: PlayerLaunchOptions): Promise<PluginPlayerSession>;
  /**
   * Optional: starts the player without a URL while plexterm fetches the item's metadata and fills the
   * start of its cache entry, so that the launch at `ready` costs no process start. The URL is never
   * given before `ready`; a play cancelled or failed before it disposes the prepared player. Resolve
   * null when it cannot be prepared (e.g. a setting that needs the terminal): the play then calls `launch`.
   */
  prepare?(options: PlayerPrepareOptions): Promise<PreparedPluginPlayer | null>;
}

/** How plexterm lists a player registered at run time (one not in the plugin's `contributes.players`). */
export interface PlayerDescriptor {
  title: string;
  /** At least one of "video", "audio", "photo". */
  mediaTypes: readonly MediaKind[];
}

export interface PlayersApi {
  /**
   * Provides a player under `id`, until the returned disposable is disposed or the plugin deactivated.
   *
   * - A player of the plugin's own `contributes.players`: `register(id, provider)`; the manifest
   *   describes it (a descriptor given anyway is ignored), and `onPlayer:<id>` activates the plugin.
   * - Any other id is a run-time player: `register(id, provider, { title, mediaTypes })`. The id is
   *   lowercase (a-z, 0-9, ".", "_", "-"); plexterm lists the player while it is registered. To be
   *   found before it is active, the plugin declares the activation event `onPlayer:*`: when plexterm
   *   is asked for a player no manifest contributes and none is registered, it activates every
   *   `onPlayer:*` plugin (and `*` ones), then looks again.
   *
   * Throws `[plugin: id] ...` when the id is another plugin's (contributed or registered) or the
   * descriptor of a run-time player is missing or malformed.
   */
  register(id: string, provider: PlayerProvider, descriptor?: PlayerDescriptor): Disposable;
}
