// The Plex Media Server API as plexterm uses it: typed calls over one PlexHttpClient per server.
import type { ValidateFunction } from 'ajv';
import type { Disposable } from '../base/disposable.js';
import { ExitCode, PlextermError } from '../base/errors.js';
import { PlexHttpClient, type CallOptions, type HttpClientOptions, type HttpRequestOptions } from './httpClient.js';
import type { MediaContainer, PlexFilter, PlexFilterValue, PlexHub, PlexIdentity, PlexMetadata, PlexPlayQueue, PlexPlayQueueItem, PlexSection, PlexServerInfo, PlexSort, TimelineResponse } from './models.js';
import { listParams, pageThrough, toPage, type ListOptions, type Page } from './pager.js';
import { repairEntries } from './entryRepair.js';
import { validateFilter, validateFilterValue, validateHub, validateMetadata, validateSection, validateSort } from './entryValidators.js';
import type { RequestContext } from './plexErrors.js';
import { emptyAnswerError, malformedError } from './plexErrors.js';
import { containerList, isRecord, requireMediaContainer, requireString } from './responseBody.js';

export interface PlexClientOptions extends HttpClientOptions {
  /**
   * Told, in one line, when an answer held entries or fields that could not be read and were left
   * out; the rest of the answer is used. Called once per such answer: the caller decides how often to say it.
   */
  onMalformed?: (warning: string) => void;
}

export interface TimelineReport {
  ratingKey: string;
  key: string;
  state: 'playing' | 'paused' | 'stopped';
  /** Position in milliseconds. */
  time: number;
  /** Length in milliseconds. */
  duration: number;
  offline?: boolean;
  /** Unix time of the report, in seconds. */
  updated?: number;
  /** The play queue entry that plays, as Plex clients report it (with `containerKey`). */
  playQueueItemID?: number;
  /** `/playQueues/{playQueueID}` when the item plays from a play queue. */
  containerKey?: string;
}

/** A part's audio and subtitle stream ids to play it with; subtitle 0 is none. */
export interface StreamChoice {
  audioStreamID?: number;
  subtitleStreamID?: number;
}

export interface NewPlayQueue {
  /** The server's machineIdentifier: the queue's source is a `server://` uri naming it. */
  machineIdentifier: string;
  /** The library path to queue, e.g. `/library/metadata/116` (a show's episodes, an album's tracks...). */
  path: string;
  type: 'video' | 'audio';
  /** The item to start at, `/library/metadata/{ratingKey}`; the first of the queue without it. */
  key?: string;
  shuffle?: boolean;
  /** An episode goes on into the rest of its show. */
  continuous?: boolean;
}

const libraryIdentifier = 'com.plexapp.plugins.library';

interface ContainerAnswer {
  container: MediaContainer;
  headers: Record<string, string>;
  context: RequestContext;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export class PlexClient implements Disposable {
  readonly baseUrl: string;
  private readonly http: PlexHttpClient;
  private readonly onMalformed: ((warning: string) => void) | undefined;

  constructor(options: PlexClientOptions) {
    this.http = new PlexHttpClient(options);
    this.baseUrl = this.http.baseUrl;
    this.onMalformed = options.onMalformed;
  }

  /** GET /identity: needs no token; used to check that an address is this server. */
  async identity(options: CallOptions = {}): Promise<PlexIdentity> {
    const { container, context } = await this.container('/identity', options);
    requireString(container, 'machineIdentifier', 'an identity', context);
    return container as unknown as PlexIdentity;
  }

  /** GET / : friendlyName, machineIdentifier, version and capabilities. */
  async serverInfo(): Promise<PlexServerInfo> {
    const { container, context } = await this.container('/');
    requireString(container, 'machineIdentifier', 'server information', context);
    return container as unknown as PlexServerInfo;
  }

  async sections(): Promise<PlexSection[]> {
    const { container, context } = await this.container('/library/sections');
    return this.usable(containerList(container, 'Directory', context), validateSection(), 'section', 'key', context);
  }

  /** One page of a section's items; a section the server does not have (a 404, or a 200 without a MediaContainer) is `not-found`. */
  sectionItems(sectionId: string, options: ListOptions = {}): Promise<Page<PlexMetadata>> {
    return this.listing(`/library/sections/${encodeURIComponent(sectionId)}/all`, options, true);
  }

  /** One page of any listing path, e.g. `/library/metadata/5/children` or `/library/onDeck`. */
  items(key: string, options: ListOptions = {}): Promise<Page<PlexMetadata>> {
    return this.listing(key, options, false);
  }

  private async listing(key: string, options: ListOptions, emptyIsMissing: boolean): Promise<Page<PlexMetadata>> {
    const { container, headers, context } = await this.container(key, { params: listParams(options) }, emptyIsMissing);
    const items = this.metadataOf(containerList(container, 'Metadata', context), context);
    return toPage(items, container, headers, options.start ?? 0);
  }

  /** Every item of a section, fetched a page at a time as iteration reaches it; `size` caps the total. */
  pageSection(sectionId: string, options: ListOptions & { pageSize?: number } = {}): AsyncIterable<PlexMetadata> {
    const { pageSize, start, size, ...filters } = options;
    return pageThrough((pageStart, pageLength) => this.sectionItems(sectionId, { ...filters, start: pageStart, size: pageLength }), {
      ...(start === undefined ? {} : { start }),
      ...(pageSize === undefined ? {} : { pageSize }),
      ...(size === undefined ? {} : { limit: size }),
    });
  }

  /** One item (with its `Marker` elements when `options.markers`); a missing one is a `not-found` error naming the ratingKey. */
  async metadata(ratingKey: string, options: { markers?: boolean } = {}): Promise<PlexMetadata> {
    let items: PlexMetadata[];
    try {
      items = await this.metadataList(`/library/metadata/${encodeURIComponent(ratingKey)}`, options.markers === true ? { includeMarkers: 1 } : undefined);
    } catch (error) {
      if (error instanceof PlextermError && error.code === 'not-found') throw this.noSuchItem(ratingKey);
      throw error;
    }
    const item = items[0];
    if (!item) throw this.noSuchItem(ratingKey);
    return item;
  }

  /** Several items in one request (`/library/metadata/1,2,3`); missing ones are left out. */
  async metadataMany(ratingKeys: string[]): Promise<PlexMetadata[]> {
    if (ratingKeys.length === 0) return [];
    return this.metadataList(`/library/metadata/${ratingKeys.map(encodeURIComponent).join(',')}`);
  }

  children(ratingKey: string): Promise<PlexMetadata[]> {
    return this.metadataList(`/library/metadata/${encodeURIComponent(ratingKey)}/children`);
  }

  allLeaves(ratingKey: string): Promise<PlexMetadata[]> {
    return this.metadataList(`/library/metadata/${encodeURIComponent(ratingKey)}/allLeaves`);
  }

  /** The Metadata of every hub of `/hubs/search`, in hub order. */
  search(query: string, limit?: number): Promise<PlexMetadata[]> {
    return this.hubMetadata('/hubs/search', { query, limit });
  }

  onDeck(): Promise<PlexMetadata[]> {
    return this.metadataList('/library/onDeck');
  }

  continueWatching(): Promise<PlexMetadata[]> {
    return this.hubMetadata('/hubs/continueWatching', {});
  }

  recentlyAdded(): Promise<PlexMetadata[]> {
    return this.metadataList('/library/recentlyAdded');
  }

  /**
   * The home screen's hubs (`/hubs`), or a section's (`/hubs/sections/N`), in the server's order, each with the
   * items it shows (`count` at most); a hub's `key` lists all of its items.
   */
  async hubs(options: { sectionId?: string; count?: number } = {}): Promise<PlexHub[]> {
    const path = options.sectionId === undefined ? '/hubs' : `/hubs/sections/${encodeURIComponent(options.sectionId)}`;
    const { container, context } = await this.container(path, { params: { count: options.count } });
    const hubs = this.usable(containerList(container, 'Hub', context), validateHub(), 'hub', 'title', context);
    const listed = hubs.map((hub) => (Array.isArray(hub.Metadata) ? (hub.Metadata as unknown[]) : []));
    // Every hub's items checked as one list, so a bad answer is one warning, not one per hub.
    const usable = new Set<unknown>(this.metadataOf(listed.flat(), context));
    return hubs.map((hub, index) => ({ ...hub, Metadata: (listed[index] ?? []).filter((item) => usable.has(item)) as PlexMetadata[] }));
  }

  /** The filters a section offers (`/library/sections/N/filters`): genre, year, unwatched... */
  async sectionFilters(sectionId: string): Promise<PlexFilter[]> {
    return this.directories(`/library/sections/${encodeURIComponent(sectionId)}/filters`, validateFilter(), 'filter', 'filter');
  }

  /** The orders a section can be listed in (`/library/sections/N/sorts`). */
  async sectionSorts(sectionId: string): Promise<PlexSort[]> {
    return this.directories(`/library/sections/${encodeURIComponent(sectionId)}/sorts`, validateSort(), 'sort', 'key');
  }

  /** The values of one filter, at the filter's `key` (e.g. `/library/sections/1/genre?type=1`). */
  async filterValues(key: string): Promise<PlexFilterValue[]> {
    return this.directories(key, validateFilterValue(), 'value', 'key');
  }

  /** One page of a section's collections (`/library/sections/N/collections`). */
  collections(sectionId: string, options: ListOptions = {}): Promise<Page<PlexMetadata>> {
    return this.items(`/library/sections/${encodeURIComponent(sectionId)}/collections`, options);
  }

  /** One page of what a collection holds (`/library/collections/K/children`). */
  collectionItems(ratingKey: string, options: ListOptions = {}): Promise<Page<PlexMetadata>> {
    return this.items(`/library/collections/${encodeURIComponent(ratingKey)}/children`, options);
  }

  /** Marks an item watched. */
  async scrobble(ratingKey: string): Promise<void> {
    await this.http.send('/:/scrobble', { params: { key: ratingKey, identifier: libraryIdentifier } });
  }

  /** Marks an item unwatched. */
  async unscrobble(ratingKey: string): Promise<void> {
    await this.http.send('/:/unscrobble', { params: { key: ratingKey, identifier: libraryIdentifier } });
  }

  /** Reports playback progress; the answer may carry a terminationCode when the server ends the session. */
  async timeline(report: TimelineReport): Promise<TimelineResponse> {
    const { body } = await this.http.send('/:/timeline', {
      params: {
        ratingKey: report.ratingKey,
        key: report.key,
        state: report.state,
        time: Math.round(report.time),
        duration: Math.round(report.duration),
        identifier: libraryIdentifier,
        offline: report.offline === undefined ? undefined : report.offline ? 1 : 0,
        updated: report.updated,
        playQueueItemID: report.playQueueItemID,
        containerKey: report.containerKey,
      },
    });
    return isRecord(body) && isRecord(body.MediaContainer) ? (body.MediaContainer as TimelineResponse) : {};
  }

  /**
   * PUT /library/parts/{id}: the audio and subtitle stream to play this part with, for this account
   * (later metadata marks them `selected`); subtitle 0 turns subtitles off. What is left out stays.
   */
  async setStreams(partId: number, choice: StreamChoice): Promise<void> {
    await this.http.send(`/library/parts/${partId}`, {
      method: 'PUT',
      idempotent: true,
      params: { audioStreamID: choice.audioStreamID, subtitleStreamID: choice.subtitleStreamID },
    });
  }

  /** The text of a stream the server serves as a file: a sidecar subtitle's `key` (`/library/streams/{id}`). */
  async streamText(key: string): Promise<string> {
    return (await this.http.sendText(key)).text;
  }

  /** POST /playQueues: a new server play queue of what `path` names, in play order. */
  createPlayQueue(request: NewPlayQueue): Promise<PlexPlayQueue> {
    const flag = (on: boolean | undefined) => (on ? 1 : undefined);
    return this.playQueueAt('/playQueues', {
      method: 'POST',
      params: {
        type: request.type,
        uri: `server://${request.machineIdentifier}/${libraryIdentifier}${request.path}`,
        key: request.key,
        shuffle: flag(request.shuffle),
        continuous: flag(request.continuous),
        // The entries are what a play plays: their intro and credits markers come with them, as Plex's own clients ask.
        includeMarkers: 1,
      },
    });
  }

  /** GET /playQueues/{id}: the queue as it is now (its items may have changed since it was made). */
  playQueue(playQueueID: number): Promise<PlexPlayQueue> {
    return this.playQueueAt(`/playQueues/${playQueueID}`, { params: { includeMarkers: 1 } });
  }

  /**
   * PUT /playQueues/{id}?uri=: adds what `path` names (an episode, a season's episodes...) to the queue, right after the
   * server's selected entry with `next`, else where the server queues additions; answers the whole queue.
   */
  addToPlayQueue(playQueueID: number, source: { machineIdentifier: string; path: string; next: boolean }): Promise<PlexPlayQueue> {
    return this.playQueueAt(`/playQueues/${playQueueID}`, {
      method: 'PUT',
      params: { uri: `server://${source.machineIdentifier}/${libraryIdentifier}${source.path}`, next: source.next ? 1 : 0, includeMarkers: 1 },
    });
  }

  /** DELETE /playQueues/{id}/items/{playQueueItemID}: the entry leaves the queue; answers the whole queue. */
  removeFromPlayQueue(playQueueID: number, playQueueItemID: number): Promise<PlexPlayQueue> {
    return this.playQueueAt(`/playQueues/${playQueueID}/items/${playQueueItemID}`, { method: 'DELETE', params: { includeMarkers: 1 } });
  }

  /** PUT /playQueues/{id}/items/{playQueueItemID}/move?after=: the entry goes right after `after`, or first without it; answers the whole queue. */
  movePlayQueueItem(playQueueID: number, playQueueItemID: number, after: number | null): Promise<PlexPlayQueue> {
    return this.playQueueAt(`/playQueues/${playQueueID}/items/${playQueueItemID}/move`, {
      method: 'PUT',
      params: { ...(after === null ? {} : { after }), includeMarkers: 1 },
    });
  }

  /** The escape hatch: any path, the parsed JSON body as `T` (unchecked), errors as usual. */
  async request<T>(path: string, options: HttpRequestOptions = {}): Promise<T> {
    const { body } = await this.http.send(path, options);
    return body as T;
  }

  dispose(): void {
    this.http.dispose();
  }

  /** The answer's MediaContainer; with `emptyIsMissing`, a JSON object without one means the path names nothing (emptyAnswerError). */
  private async container(path: string, options: HttpRequestOptions = {}, emptyIsMissing = false): Promise<ContainerAnswer> {
    const { body, headers, context } = await this.http.send(path, options);
    if (emptyIsMissing && isRecord(body) && body.MediaContainer === undefined) throw emptyAnswerError(context);
    return { container: requireMediaContainer(body, context), headers, context };
  }

  private async playQueueAt(path: string, options: HttpRequestOptions = {}): Promise<PlexPlayQueue> {
    const { container, context } = await this.container(path, options);
    const playQueueID = Number(container.playQueueID);
    if (!Number.isInteger(playQueueID)) throw malformedError('a play queue without playQueueID', context);
    const number = (value: unknown): number | undefined => (value === undefined || value === null || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value));
    // An entry without its own playQueueItemID cannot be reported as playing from the queue: left out like any unreadable entry.
    const items = this.metadataOf(containerList(container, 'Metadata', context), context).flatMap((item): PlexPlayQueueItem[] => {
      const playQueueItemID = number(item.playQueueItemID);
      return playQueueItemID === undefined ? [] : [{ ...item, playQueueItemID }];
    });
    const shuffled = container.playQueueShuffled;
    return {
      playQueueID,
      playQueueSelectedItemID: number(container.playQueueSelectedItemID),
      playQueueSelectedItemOffset: number(container.playQueueSelectedItemOffset),
      playQueueShuffled: shuffled === true || shuffled === 1 || shuffled === '1',
      playQueueSourceURI: typeof container.playQueueSourceURI === 'string' ? container.playQueueSourceURI : undefined,
      playQueueTotalCount: number(container.playQueueTotalCount),
      playQueueVersion: number(container.playQueueVersion),
      items,
    };
  }

  private async metadataList(path: string, params?: Record<string, string | number>): Promise<PlexMetadata[]> {
    const { container, context } = await this.container(path, params ? { params } : {});
    return this.metadataOf(containerList(container, 'Metadata', context), context);
  }

  private async directories<T>(path: string, validate: ValidateFunction<T>, noun: string, naming: string): Promise<T[]> {
    const { container, context } = await this.container(path);
    return this.usable(containerList(container, 'Directory', context), validate, noun, naming, context);
  }

  private async hubMetadata(path: string, params: Record<string, string | number | undefined>): Promise<PlexMetadata[]> {
    const { container, context } = await this.container(path, { params });
    const hubs = containerList<PlexHub>(container, 'Hub', context);
    const fromHubs = hubs.flatMap((hub) => (isRecord(hub) ? containerList<unknown>(hub, 'Metadata', context) : []));
    return this.metadataOf([...fromHubs, ...containerList(container, 'Metadata', context)], context);
  }

  /** The items plexterm can use, numbers sent as strings read as numbers (some Plex versions send ratingKeys as numbers). */
  private metadataOf(items: unknown[], context: RequestContext): PlexMetadata[] {
    return this.usable(items, validateMetadata(), 'item', 'ratingKey', context);
  }

  /** Repairs a list's entries where it can and leaves out the rest, saying so once for the answer. */
  private usable<T>(list: unknown[], validate: ValidateFunction<T>, noun: string, naming: string, context: RequestContext): T[] {
    const { entries, skipped, droppedFields } = repairEntries(list, validate);
    if (skipped + droppedFields > 0 && this.onMalformed) {
      const parts = [
        ...(skipped > 0 ? [`${plural(skipped, noun)} without a usable ${naming}`] : []),
        ...(droppedFields > 0 ? [plural(droppedFields, 'unreadable value')] : []),
      ];
      const server = context.serverName ?? context.host;
      this.onMalformed(`${server} sent ${parts.join(' and ')} (${context.method} ${context.path}); left out, showing the rest`);
    }
    return entries;
  }

  private noSuchItem(ratingKey: string): PlextermError {
    return new PlextermError(`${this.http.serverName ?? this.http.host} has no item with ratingKey ${ratingKey}`, {
      code: 'not-found',
      exitCode: ExitCode.server,
    });
  }
}
