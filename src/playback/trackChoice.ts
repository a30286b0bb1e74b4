// Which audio and subtitle track an item plays with: what the person asked for (a language, a stream id, off), matched against its part's streams.
import { UsageError } from '../base/errors.js';
import { findLanguage, type Language } from '../base/language.js';
import type { StreamChoice } from '../plex/client.js';
import { partTracks, type PartTracks, type TrackKind, type TrackOption } from '../plex/partTracks.js';
import type { PlexMetadata } from '../plex/models.js';

/** What a person asked for one kind of track: a language, one stream by its server id, or (subtitles only) none. */
export type TrackWish = { language: Language } | { id: number } | 'off';

export interface TrackWishes {
  audio?: TrackWish;
  subtitle?: TrackWish;
}

/** The tracks a player starts with (see PlayerLaunchOptions): numbers are 1-based per kind, in the file's order. */
export interface PlayerTracks {
  audioTrack?: number;
  subtitleTrack?: number | 'off';
  /** A sidecar subtitle to show: the server path plexterm fetches it from (never given to a player as such). */
  subtitleKey?: string;
  /** What they are, in words, where there was a choice (several audio tracks, any subtitle): "audio English (AAC Stereo), subtitles off". */
  described?: string;
}

/** For one item: what to tell the server, what the player starts with, and the wishes its streams could not meet. */
export interface ItemTracks {
  /** What to tell the server for the item's part (`setStreams`); undefined when nothing was asked for (its choice stands). */
  choice: { partId: number; streams: StreamChoice } | undefined;
  player: PlayerTracks;
  /** One line per wish that matched no stream of the item. */
  unmatched: string[];
  /** What was picked, by language, to carry to the next episodes (undefined: nothing to carry for that kind). */
  picked: TrackWishes;
  /** The part's choices, and the ones it plays with (undefined: the player's own choice). */
  options: PartTracks;
  audio: TrackOption | undefined;
  subtitle: TrackOption | 'off' | undefined;
}

const kindNames: Record<TrackKind, string> = { audio: 'audio track', subtitle: 'subtitle' };

/** `--audio` / `--subs` as typed: a stream id (digits), `off` (subtitles), else a language; a bad one is a one-line UsageError. */
export function parseTrackWish(text: string, kind: TrackKind, flag: string): TrackWish {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { id: Number(trimmed) };
  if (kind === 'subtitle' && /^(off|none|no)$/i.test(trimmed)) return 'off';
  const language = findLanguage(trimmed);
  if (language) return { language };
  const off = kind === 'subtitle' ? ', "off"' : '';
  throw new UsageError(`${flag} "${trimmed}" is not a language (a 3-letter code like eng, a 2-letter tag like en, or a name like English)${off} or a stream id`);
}

function describeWish(wish: TrackWish): string {
  if (wish === 'off') return 'off';
  return 'id' in wish ? `stream ${wish.id}` : `${wish.language.name} (${wish.language.code})`;
}

function languageOf(track: TrackOption): Language | undefined {
  return findLanguage(track.language);
}

/** The track of `options` that `wish` names: the selected one among several of its language, else the file's first of it. */
function match(options: TrackOption[], wish: TrackWish): TrackOption | 'off' | undefined {
  if (wish === 'off') return 'off';
  if ('id' in wish) return options.find((option) => option.id === wish.id);
  const same = options.filter((option) => languageOf(option)?.code === wish.language.code);
  return same.find((option) => option.selected) ?? same[0];
}

/** What `picked` carries to the next episodes: its language (or off); nothing for a stream of unknown language. */
export function carried(picked: TrackOption | 'off'): TrackWish | undefined {
  if (picked === 'off') return 'off';
  const language = languageOf(picked);
  return language ? { language } : undefined;
}

/** The number a player knows `track` by: a sidecar comes after the file's own subtitles. */
function playerNumber(track: TrackOption, options: TrackOption[]): number {
  return track.number ?? options.filter((option) => !option.external).length + 1;
}

/**
 * The tracks `item` (its first part, or the one at `mediaIndex`/`partIndex`) plays with. Each kind: the wish's
 * match when there is one, else the server's selected stream (an item with subtitles and none selected
 * starts without them); a kind without streams leaves the player to its own choice.
 */
export function itemTracks(item: PlexMetadata, wishes: TrackWishes, where: { mediaIndex?: number; partIndex?: number } = {}): ItemTracks {
  const part = item.Media?.[where.mediaIndex ?? 0]?.Part?.[where.partIndex ?? 0];
  const tracks: PartTracks = part ? partTracks(part) : { partId: 0, audio: [], subtitles: [] };
  const choice: StreamChoice = {};
  const unmatched: string[] = [];
  const picked: TrackWishes = {};
  const player: PlayerTracks = {};
  const title = item.grandparentTitle ? `${item.grandparentTitle} — ${item.title}` : item.title;
  const pick = (kind: TrackKind, options: TrackOption[]): TrackOption | 'off' | undefined => {
    const wish = wishes[kind];
    if (wish === undefined) return undefined;
    const found = match(options, wish);
    if (found === undefined) {
      const has = options.map((option) => option.title).join(', ') || 'none';
      unmatched.push(`"${title}" has no ${kindNames[kind]} ${describeWish(wish)} (it has: ${has})`);
      return undefined;
    }
    const carry = carried(found);
    if (carry !== undefined) picked[kind] = carry;
    return found;
  };
  const audio = pick('audio', tracks.audio);
  if (audio !== undefined && audio !== 'off') choice.audioStreamID = audio.id;
  const audioTrack = audio !== undefined && audio !== 'off' ? audio : tracks.audio.find((option) => option.selected);
  const subtitle = pick('subtitle', tracks.subtitles);
  if (subtitle !== undefined) choice.subtitleStreamID = subtitle === 'off' ? 0 : subtitle.id;
  const shown = subtitle ?? tracks.subtitles.find((option) => option.selected) ?? (tracks.subtitles.length > 0 ? 'off' : undefined);
  Object.assign(player, playerSelection(tracks, 'audio', audioTrack), playerSelection(tracks, 'subtitle', shown));
  // Said only where there was a choice to make: more than one audio track, any subtitle.
  const described = [audioTrack && tracks.audio.length > 1 ? `audio ${audioTrack.title}` : '', shown ? `subtitles ${trackTitle(shown)}` : ''].filter(Boolean).join(', ');
  if (described !== '') player.described = described;
  const chosen = choice.audioStreamID !== undefined || choice.subtitleStreamID !== undefined;
  return { choice: chosen && part ? { partId: tracks.partId, streams: choice } : undefined, player, unmatched, picked, options: tracks, audio: audioTrack, subtitle: shown };
}

/** How a player is told to play `track` of `kind` (nothing for undefined: its own choice). */
export function playerSelection(tracks: PartTracks, kind: TrackKind, track: TrackOption | 'off' | undefined): PlayerTracks {
  if (track === undefined) return {};
  if (kind === 'audio') return track === 'off' ? {} : { audioTrack: playerNumber(track, tracks.audio) };
  if (track === 'off') return { subtitleTrack: 'off' };
  return { subtitleTrack: playerNumber(track, tracks.subtitles), ...(track.external && track.key ? { subtitleKey: track.key } : {}) };
}

/** The choice after `current` among `kind`'s (subtitles: off, then each track), wrapping; undefined when there is no other. */
export function nextTrack(tracks: PartTracks, kind: TrackKind, current: TrackOption | 'off' | undefined): TrackOption | 'off' | undefined {
  const choices: (TrackOption | 'off')[] = kind === 'audio' ? tracks.audio : tracks.subtitles.length > 0 ? ['off', ...tracks.subtitles] : [];
  const at = choices.findIndex((choice) => (choice === 'off' || current === 'off' || current === undefined ? choice === current : choice.id === current.id));
  const next = choices[(at + 1) % Math.max(1, choices.length)];
  return next === undefined || choices.length < 2 ? undefined : next;
}

/** "English (AAC Stereo)", or "off". */
export function trackTitle(track: TrackOption | 'off'): string {
  return track === 'off' ? 'off' : track.title;
}
