// Renders a library item as the real server's Metadata JSON: string keys, parent/grandparent fields, Media → Part.
import { compact, type JsonObject } from './json.js';
import { leavesOf, type DemoItem, type MediaInfo } from './model.js';
import type { PlayState } from './playState.js';
import { titleSort } from './itemSort.js';
import { tagId } from './tags.js';

const containerKinds = new Set(['show', 'season', 'artist', 'album']);

function itemKey(item: DemoItem): string {
  return containerKinds.has(item.type) ? `/library/metadata/${item.ratingKey}/children` : `/library/metadata/${item.ratingKey}`;
}

function thumb(item: DemoItem): string {
  return `/library/metadata/${item.ratingKey}/thumb/${item.updatedAt}`;
}

function videoResolution(height: number | undefined): string | undefined {
  if (height === undefined) return undefined;
  if (height >= 2000) return '4k';
  if (height >= 1000) return '1080';
  if (height >= 700) return '720';
  if (height >= 480) return '480';
  return 'sd';
}

/** What a single item's answer adds to its listing form: the part's Stream elements and, on request, Marker elements. */
export interface MetadataDetail {
  streams(media: MediaInfo): JsonObject[];
  markers(item: DemoItem): JsonObject[] | undefined;
}

function renderMedia(media: MediaInfo, streams?: JsonObject[]): JsonObject {
  const { part } = media;
  const video = media.videoCodec !== undefined;
  return compact({
    id: media.id,
    duration: media.duration,
    bitrate: media.bitrate,
    width: media.width,
    height: media.height,
    aspectRatio: media.width && media.height ? Math.round((media.width / media.height) * 100) / 100 : undefined,
    audioChannels: media.audioChannels,
    audioCodec: media.audioCodec,
    videoCodec: media.videoCodec,
    videoResolution: videoResolution(media.height),
    container: media.container,
    videoFrameRate: media.videoFrameRate,
    audioProfile: media.audioCodec === 'aac' ? 'lc' : undefined,
    videoProfile: video ? 'main' : undefined,
    optimizedForStreaming: media.container === 'mp4' ? true : undefined,
    has64bitOffsets: media.container === 'mp4' ? false : undefined,
    Part: [
      compact({
        id: part.id,
        key: part.key,
        duration: media.duration,
        file: part.file,
        size: part.size,
        audioProfile: media.audioCodec === 'aac' ? 'lc' : undefined,
        container: part.container,
        videoProfile: video ? 'main' : undefined,
        has64bitOffsets: media.container === 'mp4' ? false : undefined,
        optimizedForStreaming: media.container === 'mp4' ? true : undefined,
        Stream: streams,
      }),
    ],
  });
}

function ancestry(item: DemoItem): JsonObject {
  const parent = item.parent;
  if (!parent) return {};
  const grandparent = parent.parent;
  return {
    parentRatingKey: parent.ratingKey,
    parentKey: `/library/metadata/${parent.ratingKey}`,
    parentGuid: parent.guid,
    parentTitle: parent.title,
    parentIndex: parent.index,
    parentThumb: thumb(parent),
    parentYear: parent.type === 'album' ? parent.year : undefined,
    grandparentRatingKey: grandparent?.ratingKey,
    grandparentKey: grandparent ? `/library/metadata/${grandparent.ratingKey}` : undefined,
    grandparentGuid: grandparent?.guid,
    grandparentTitle: grandparent?.title,
    grandparentThumb: grandparent ? thumb(grandparent) : undefined,
  };
}

/** Leaf counts of a show, season, artist or album, from its playable descendants. */
function counts(item: DemoItem, playState: PlayState): JsonObject {
  if (item.media) return {};
  const leaves = leavesOf(item);
  const viewed = leaves.filter((leaf) => playState.get(leaf.ratingKey).viewCount > 0);
  const lastViewed = Math.max(0, ...leaves.map((leaf) => playState.get(leaf.ratingKey).lastViewedAt ?? 0));
  return {
    leafCount: item.type === 'artist' ? undefined : leaves.length,
    viewedLeafCount: item.type === 'artist' ? undefined : viewed.length,
    childCount: item.children.length,
    lastViewedAt: lastViewed > 0 ? lastViewed : undefined,
  };
}

/** A collection as the real server lists it (a Directory in XML); its key lists its members. */
function renderCollection(collection: DemoItem): JsonObject {
  const years = collection.children.map((member) => member.year).filter((year): year is number => year !== undefined);
  return compact({
    ratingKey: collection.ratingKey,
    key: `/library/collections/${collection.ratingKey}/children`,
    guid: collection.guid,
    type: 'collection',
    title: collection.title,
    titleSort: collection.title,
    librarySectionTitle: collection.section.title,
    librarySectionID: collection.section.id,
    librarySectionKey: `/library/sections/${collection.section.id}`,
    subtype: collection.children[0]?.type,
    summary: collection.summary ?? '',
    index: Number(collection.ratingKey),
    smart: false,
    collectionMode: -1,
    collectionSort: 0,
    thumb: thumb(collection),
    art: `/library/metadata/${collection.ratingKey}/art/${collection.updatedAt}`,
    addedAt: collection.addedAt,
    updatedAt: collection.updatedAt,
    childCount: collection.children.length,
    minYear: years.length > 0 ? Math.min(...years) : undefined,
    maxYear: years.length > 0 ? Math.max(...years) : undefined,
  });
}

/** The item as `/library/metadata/{ratingKey}` and every listing show it. */
export function renderMetadata(item: DemoItem, playState: PlayState, detail?: MetadataDetail): JsonObject {
  if (item.type === 'collection') return renderCollection(item);
  const state = playState.get(item.ratingKey);
  const duration = item.media?.duration ?? (item.type === 'show' || item.type === 'season' ? leavesOf(item)[0]?.media?.duration : undefined);
  const playable = item.media !== undefined;
  return compact({
    ratingKey: item.ratingKey,
    key: itemKey(item),
    guid: item.guid,
    studio: item.studio,
    type: item.type,
    title: item.title,
    titleSort: titleSort(item.title),
    librarySectionTitle: item.section.title,
    librarySectionID: item.section.id,
    librarySectionKey: `/library/sections/${item.section.id}`,
    ...ancestry(item),
    contentRating: item.contentRating,
    summary: item.summary ?? '',
    index: item.index,
    rating: item.rating,
    year: item.year,
    thumb: thumb(item),
    art: `/library/metadata/${item.ratingKey}/art/${item.updatedAt}`,
    duration,
    originallyAvailableAt: item.originallyAvailableAt,
    addedAt: item.addedAt,
    updatedAt: item.updatedAt,
    viewOffset: playable ? state.viewOffset : undefined,
    viewCount: playable && state.viewCount > 0 ? state.viewCount : undefined,
    lastViewedAt: playable ? state.lastViewedAt : undefined,
    ...counts(item, playState),
    Media: item.media ? [renderMedia(item.media, detail?.streams(item.media))] : undefined,
    Genre: item.genres.length > 0 ? item.genres.map((tag) => ({ id: tagId('genre', tag), filter: `genre=${tagId('genre', tag)}`, tag })) : undefined,
    Collection: item.collections?.map((collection) => ({ id: Number(collection.ratingKey), filter: `collection=${collection.ratingKey}`, tag: collection.title })),
    Guid: item.guids.length > 0 ? item.guids.map((id) => ({ id })) : undefined,
    Marker: detail?.markers(item),
  });
}
