// The custom-player plugin's templates: checking a configured player, and filling its command's placeholders at launch.

const idPattern = /^[a-z0-9][a-z0-9._-]*$/;
const mediaKinds = new Set(['video', 'audio', 'photo']);
const placeholder = /\{(url|title|startSeconds|startMs|ratingKey|mediaType)\}/g;

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
 */
export function fillTemplate(command, url, options) {
  const values = {
    url,
    title: options.title ?? '',
    startSeconds: String(Math.max(0, Math.round(options.startAt ?? 0)) / 1000),
    startMs: String(Math.max(0, Math.round(options.startAt ?? 0))),
    ratingKey: options.ratingKey ?? '',
    mediaType: options.mediaType ?? '',
  };
  const launchArgs = options.args ?? [];
  const filled = [];
  for (const part of command) {
    if (part === '{args}') filled.push(...launchArgs);
    else filled.push(part.replace(placeholder, (_match, name) => values[name]));
  }
  if (!command.includes('{args}')) filled.push(...launchArgs);
  const [program, ...args] = filled;
  return { program, args };
}
