// The custom-player plugin's templates: checking a configured player, and filling its command's placeholders at launch.

const idPattern = /^[a-z0-9][a-z0-9._-]*$/;
const mediaKinds = new Set(['video', 'audio', 'photo']);
const placeholder = /\{(url|title|startSeconds|startMs|ratingKey|mediaType|audioTrack|subtitleTrack|subtitleFile|subtitlesOff)\}/g;

/** A configured player, cleaned, or `{ problem }` saying what is wrong with entry `index`. */
export function readPlayerDefinition(entry, index) {
  const where = `players[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { problem: `${where} is not an object` };
  if (typeof entry.id !== 'string' || !idPattern.test(entry.id)) return { problem: `${where}.id must be a lowercase id (a-z, 0-9, ".", "_", "-")` };
  const command = entry.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string') || command[0].trim() === '') {
    return { problem: `${where}.command must be a list of strings, the program first` };
  }
  const mediaTypes = Array.isArray(entry.mediaTypes) ? entry.mediaTypes.filter((kind) => mediaKinds.has(kind)) : ['video', 'audio'];
  const title = typeof entry.title === 'string' && entry.title.trim() !== '' ? entry.title : entry.id;
  return { id: entry.id, title, command: [...command], mediaTypes: mediaTypes.length > 0 ? mediaTypes : ['video', 'audio'] };
}

/**
 * The command line for one launch: placeholders filled in every element (they may sit inside one,
 * as in "--start={startSeconds}"); an element that is exactly "{args}" becomes the launch's own
 * arguments, which otherwise come last. Elements are never split or passed through a shell.
 *
 * The chosen tracks (`play --audio/--subs`, the TUI's choice): `{audioTrack}` and `{subtitleTrack}` (numbered
 * from 1 among the file's tracks, as mpv's aid and sid), `{subtitleFile}` (a sidecar as a local file) and
 * `{subtitlesOff}` (empty, there only when subtitles are off: "-sn{subtitlesOff}"). An element holding one
 * of them is left out when the launch has no value for it. `unpassed` names what was chosen but has no
 * placeholder in `command`: the player plays its own choice of it.
 */
export function fillTemplate(command, url, options) {
  const values = {
    url,
    title: options.title ?? '',
    startSeconds: String(Math.max(0, Math.round(options.startAt ?? 0)) / 1000),
    startMs: String(Math.max(0, Math.round(options.startAt ?? 0))),
    ratingKey: options.ratingKey ?? '',
    mediaType: options.mediaType ?? '',
    ...trackValues(options),
  };
  const launchArgs = options.args ?? [];
  const filled = [];
  for (const part of command) {
    if (part === '{args}') filled.push(...launchArgs);
    else if (![...part.matchAll(placeholder)].some(([, name]) => values[name] === undefined)) filled.push(part.replace(placeholder, (_match, name) => values[name]));
  }
  if (!command.includes('{args}')) filled.push(...launchArgs);
  const [program, ...args] = filled;
  const named = new Set(command.flatMap((part) => [...part.matchAll(placeholder)].map(([, name]) => name)));
  return { program, args, unpassed: unpassedTracks(values, named) };
}

/** What the launch chose that `named` (the template's placeholders) cannot carry; a sidecar needs `{subtitleFile}`, not its number. */
function unpassedTracks(values, named) {
  const unpassed = [];
  if (values.audioTrack !== undefined && !named.has('audioTrack')) unpassed.push('audio track');
  if (values.subtitleFile !== undefined) {
    if (!named.has('subtitleFile')) unpassed.push('subtitle file');
  } else if (values.subtitleTrack !== undefined && !named.has('subtitleTrack')) unpassed.push('subtitle track');
  if (values.subtitlesOff !== undefined && !named.has('subtitlesOff')) unpassed.push('subtitles off');
  return unpassed;
}

/** The values of the track placeholders this launch has (undefined: not chosen, the element holding it is left out). */
function trackValues({ audioTrack, subtitleTrack, subtitleFile }) {
  return {
    audioTrack: Number.isInteger(audioTrack) && audioTrack > 0 ? String(audioTrack) : undefined,
    subtitleTrack: Number.isInteger(subtitleTrack) && subtitleTrack > 0 ? String(subtitleTrack) : undefined,
    subtitleFile: typeof subtitleFile === 'string' && subtitleFile !== '' ? subtitleFile : undefined,
    subtitlesOff: subtitleTrack === 'off' ? '' : undefined,
  };
}
