// The player interface: what playback hands a stream URL to. Plugin players are adapted to it by the extension host.
import type { Observable } from 'rxjs';

export type MediaKind = 'video' | 'audio' | 'photo';

export interface PlayerEvent {
  type: 'playing' | 'paused' | 'position' | 'ended' | 'error';
  /** Milliseconds from the start of the file. */
  position?: number;
  /** Milliseconds. */
  duration?: number;
  /** For `error`: one line a person can act on. */
  message?: string;
  /** For `ended`: the person quit the player (not the end of the file); a queue ends with it. */
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
  /** The item is a play queue's: the player may stay open after it, for `PlayerSession.keepForNext`. */
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

/** A running playback. Without `events$` the player cannot report progress: playback ends once it is launched. */
export interface PlayerSession {
  events$?: Observable<PlayerEvent>;
  stop?(): Promise<void>;
  /** Optional: moves playback to `position` milliseconds from the start (skip intro); without it a marker is only reported. */
  seek?(position: number): Promise<void>;
  /** Optional: shows `text` on the player's own screen (its OSD) for `durationMs`. */
  showText?(text: string, durationMs: number): Promise<void>;
  /**
   * Optional: ends this item but keeps the player's process, idle, for the next item of its queue (one
   * process per queue): resolves with that process as a prepared player, launched with the next URL once
   * its entry is ready, or disposed; null when the process is gone. Only for a session launched with `queue`.
   */
  keepForNext?(): Promise<PreparedPlayer | null>;
  /** Optional: switches the playing file's tracks (numbered as PlayerLaunchOptions'); fields left out stay. */
  setTracks?(tracks: TrackSelection): Promise<void>;
  /**
   * Optional (gapless albums): appends the queue's next item (`url`, its cache entry ready) to play right after this
   * one, without a gap. Once the player moved to it, this session ends (`ended`) and `keepForNext` hands on a prepared
   * player whose launch with the same `url` is that item's session. False when it was not appended (this item is over).
   */
  appendNext?(url: string, options: PlayerLaunchOptions): Promise<boolean>;
}

/** The tracks a player plays, as PlayerLaunchOptions names them. */
export type TrackSelection = Pick<PlayerLaunchOptions, 'audioTrack' | 'subtitleTrack' | 'subtitleFile'>;

/** What starting a player ahead of its URL needs: known when the play is asked, before the item's metadata. */
export interface PlayerPrepareOptions {
  /** Extra arguments for the player, e.g. from `--player-arg`. */
  args: string[];
  /** The play is a play queue's first: see PlayerLaunchOptions.queue. */
  queue?: boolean;
}

/**
 * A player process started before its stream is ready (mpv idle, its IPC socket open), so that the
 * launch at `ready` costs no process start. It is given the URL once, or disposed.
 */
export interface PreparedPlayer {
  /** Plays `url`; rejects when the prepared process is gone (the caller then launches the player afresh). */
  launch(url: string, options: PlayerLaunchOptions): Promise<PlayerSession>;
  /** Ends the prepared process unless it was launched (the session's stop ends it then). */
  dispose(): Promise<void>;
  /** Optional: what the process reports before its launch: `ended` with `quit` when the person quit it (a queue's player, idle between items). */
  events$?: Observable<PlayerEvent>;
}

export interface Player {
  id: string;
  title: string;
  mediaTypes: readonly MediaKind[];
  launch(url: string, options: PlayerLaunchOptions): Promise<PlayerSession>;
  /** Optional: starts the player without a URL; null when this player (or its settings) cannot be started ahead. */
  prepare?(options: PlayerPrepareOptions): Promise<PreparedPlayer | null>;
}
