// A part's Stream elements as choices a person can make: its audio tracks and its subtitles (the file's own, and sidecar files).
import type { PlexPart, PlexStream } from './models.js';

const streamTypes = { audio: 2, subtitle: 3 } as const;

export type TrackKind = keyof typeof streamTypes;

/** One audio or subtitle stream of a part. */
export interface TrackOption {
  /** The server's stream id (what `setStreams` takes). */
  id: number;
  kind: TrackKind;
  /** As the server tags it: a 3-letter code (`languageCode`), else its 2-letter tag or its name; undefined when unknown. */
  language: string | undefined;
  /** What the server calls it, e.g. "English (AAC Stereo)". */
  title: string;
  /** The server's current choice for this account (or its default). */
  selected: boolean;
  /** A subtitle file beside the media (not inside it): `key` is where the server serves it. */
  external: boolean;
  key?: string;
  /**
   * 1-based among the tracks of its kind inside the file, in the file's order (mpv's `aid`/`sid` numbering);
   * undefined for a sidecar file.
   */
  number?: number;
}

export interface PartTracks {
  partId: number;
  audio: TrackOption[];
  subtitles: TrackOption[];
}

function languageOf(stream: PlexStream): string | undefined {
  for (const field of [stream.languageCode, stream.languageTag, stream.language]) {
    if (typeof field === 'string' && field.trim() !== '') return field.trim();
  }
  return undefined;
}

/** The streams of `kind`: the file's own first (numbered in file order), then the sidecar files. */
function tracksOf(part: PlexPart, kind: TrackKind): TrackOption[] {
  const streams = (part.Stream ?? []).filter((stream) => stream.streamType === streamTypes[kind] && typeof stream.id === 'number');
  // A stream with a key and no index is a file of its own; the file's streams are numbered in their index order.
  const isSidecar = (stream: PlexStream) => typeof stream.key === 'string' && stream.key !== '' && typeof stream.index !== 'number';
  const inFile = streams.filter((stream) => !isSidecar(stream)).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const option = (stream: PlexStream, number: number | undefined): TrackOption => ({
    id: stream.id,
    kind,
    language: languageOf(stream),
    title: typeof stream.displayTitle === 'string' && stream.displayTitle !== '' ? stream.displayTitle : `${kind} ${stream.id}`,
    selected: stream.selected === true,
    external: number === undefined,
    ...(number === undefined ? { key: stream.key as string } : { number }),
  });
  return [...inFile.map((stream, position) => option(stream, position + 1)), ...streams.filter(isSidecar).map((stream) => option(stream, undefined))];
}

/** The audio and subtitle choices of `part`, from its Stream elements (none when the server sent none). */
export function partTracks(part: PlexPart): PartTracks {
  return { partId: part.id, audio: tracksOf(part, 'audio'), subtitles: tracksOf(part, 'subtitle') };
}
