// The Content-Type the stream proxy sends for a Plex container name ("mkv", "mp4", "mp3"...).

const byContainer: Readonly<Record<string, string>> = {
  mkv: 'video/x-matroska',
  mka: 'audio/x-matroska',
  webm: 'video/webm',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  wmv: 'video/x-ms-wmv',
  asf: 'video/x-ms-asf',
  flv: 'video/x-flv',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  mpegts: 'video/mp2t',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  '3gp': 'video/3gpp',
  ogv: 'video/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  m4b: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  aiff: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  ass: 'text/x-ssa',
};

const unknownContentType = 'application/octet-stream';

/** Case and a leading dot do not matter; an unknown or missing container is plain bytes. */
export function contentTypeFor(container: string | null): string {
  if (container === null) return unknownContentType;
  const key = container.trim().toLowerCase().replace(/^\./, '');
  return Object.hasOwn(byContainer, key) ? (byContainer[key] ?? unknownContentType) : unknownContentType;
}
