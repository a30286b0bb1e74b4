// What plexterm reads of each entry of a Plex list, as JSON Schemas: the types the rest of plexterm relies on.
// Only the fields of models.ts are described; every other field passes through untouched.

type Schema = Record<string, unknown>;

const text: Schema = { type: 'string' };
const number: Schema = { type: 'number' };
/** Fields every entry has for the code that shows it: missing or unreadable ones become empty text. */
const shownText: Schema = { type: 'string', default: '' };
/** A key that names the entry: a number is taken as its text, an empty one cannot name anything. */
const identifier: Schema = { type: 'string', minLength: 1 };

function record(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required };
}

function fields(names: readonly string[], schema: Schema): Record<string, Schema> {
  return Object.fromEntries(names.map((name) => [name, schema]));
}

const list = (items: Schema): Schema => ({ type: 'array', items });

const tag = record({ tag: text, id: number, filter: text, role: text, thumb: text }, ['tag']);

const stream = record({ id: number, streamType: number, index: number, ...fields(['codec', 'language', 'languageCode', 'displayTitle', 'key'], text) });

/** A part without its id or download key cannot be cached or played: it is left out. */
const part = record(
  { id: number, key: identifier, size: number, duration: number, file: text, container: text, Stream: list(stream) },
  ['id', 'key'],
);

const media = record({
  ...fields(['id', 'duration', 'bitrate', 'width', 'height', 'aspectRatio', 'audioChannels'], number),
  ...fields(['audioCodec', 'videoCodec', 'videoResolution', 'videoFrameRate', 'container'], text),
  Part: list(part),
});

/** A marker without its type or span says nothing a player can act on: it is left out. */
const marker = record({ id: number, type: identifier, startTimeOffset: number, endTimeOffset: number, final: { type: 'boolean' } }, ['type', 'startTimeOffset', 'endTimeOffset']);

/** A library item (`Metadata`); without a ratingKey nothing can be done with it. */
export const metadataSchema: Schema = record(
  {
    ratingKey: identifier,
    key: shownText,
    type: shownText,
    title: shownText,
    ...fields(
      ['guid', 'titleSort', 'originalTitle', 'summary', 'tagline', 'originallyAvailableAt', 'contentRating', 'studio', 'thumb', 'art'],
      text,
    ),
    ...fields(['parentKey', 'parentTitle', 'parentThumb', 'grandparentKey', 'grandparentTitle', 'grandparentThumb', 'librarySectionKey', 'librarySectionTitle'], text),
    parentRatingKey: text,
    grandparentRatingKey: text,
    ...fields(
      ['year', 'index', 'parentIndex', 'duration', 'viewCount', 'viewOffset', 'lastViewedAt', 'leafCount', 'viewedLeafCount', 'childCount'],
      number,
    ),
    ...fields(['addedAt', 'updatedAt', 'rating', 'audienceRating', 'userRating', 'librarySectionID'], number),
    Media: list(media),
    ...fields(['Genre', 'Director', 'Writer', 'Role', 'Country'], list(tag)),
    Marker: list(marker),
  },
  ['ratingKey'],
);

/** A library section (`Directory` of /library/sections); its key is the section id. */
export const sectionSchema: Schema = record(
  {
    key: identifier,
    title: shownText,
    type: shownText,
    ...fields(['uuid', 'agent', 'scanner', 'language', 'thumb', 'art'], text),
    ...fields(['updatedAt', 'createdAt', 'scannedAt'], number),
  },
  ['key'],
);

/** A hub (`Hub` of /hubs): without a title it cannot be shown. Its items are checked as items, apart. */
export const hubSchema: Schema = record(
  { title: identifier, type: shownText, ...fields(['hubIdentifier', 'hubKey', 'key', 'context', 'style'], text), size: number, more: { type: 'boolean' } },
  ['title'],
);

/** A section's filter (`Directory` of /filters): the query parameter it sets names it. */
export const filterSchema: Schema = record({ filter: identifier, title: shownText, ...fields(['filterType', 'key', 'type'], text) }, ['filter']);

/** A section's sort (`Directory` of /sorts): its key is the `sort=` value. */
export const sortSchema: Schema = record({ key: identifier, title: shownText, ...fields(['descKey', 'defaultDirection'], text) }, ['key']);

/** A filter's value (`Directory` of /genre, /year...): its key is what the filter takes. */
export const filterValueSchema: Schema = record({ key: identifier, title: shownText, ...fields(['fastKey', 'type'], text) }, ['key']);
