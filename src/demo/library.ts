// The demo library: Movies, TV Shows, Music (real clips), Cache Lab (synthetic parts), World Cinema (wide and hostile titles) and, on request, Big Library.
import { createHash } from 'node:crypto';
import { bigIdBase, bigSection, type BigSectionContents } from './bigSection.js';
import { cacheLabSizes, cacheLabTitle } from './cacheLab.js';
import { artists, collections, movies, shows, type MovieEntry, type WatchHistory } from './catalog.js';
import { readClips, type Clip, type ClipName } from './clips.js';
import { StaticContents, type DemoItem, type DemoSection, type ItemType, type PartSource, type SectionInfo, type SectionType } from './model.js';
import { clipMedia, clipPart, syntheticPart } from './parts.js';
import { worldCinema } from './worldCinema.js';

const day = 86400;

export interface LibraryOptions {
  bigSectionSize?: number;
  /** Seconds since the epoch that "days ago" counts from. */
  referenceTime: number;
}

export interface InitialHistory {
  viewCount?: number;
  viewOffset?: number;
  lastViewedAt?: number;
}

function uuidFor(title: string): string {
  const hex = createHash('sha1').update(`plexterm-demo:${title}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class DemoLibrary {
  readonly sections: DemoSection[] = [];
  /** Watch history the catalog starts with, by ratingKey. */
  readonly initialHistory = new Map<string, InitialHistory>();
  private readonly items = new Map<string, DemoItem>();
  /** Kept apart from `items`: a collection is not a title of its own in cross-library views. */
  private readonly collectionItems = new Map<string, DemoItem>();
  private readonly parts = new Map<number, PartSource>();
  private big: BigSectionContents | undefined;
  private nextId = 100;
  private readonly clips: Map<string, Clip>;

  constructor(private readonly options: LibraryOptions) {
    this.clips = readClips();
    this.buildMovies();
    this.buildShows();
    this.buildMusic();
    this.buildCacheLab();
    this.buildMovies('World Cinema', worldCinema);
    this.buildCollections();
    const size = options.bigSectionSize ?? 0;
    if (size > 0) {
      const section = bigSection(this.sectionInfo('Big Library', 'movie', 'com.plexapp.agents.none', 'Plex Movie'), size, this.clip('demo-10s.mkv'), options.referenceTime);
      this.big = section.contents;
      this.sections.push(section);
    }
  }

  item(ratingKey: string): DemoItem | undefined {
    if (!/^\d+$/.test(ratingKey)) return undefined;
    return this.items.get(ratingKey) ?? this.collectionItems.get(ratingKey) ?? this.big?.byId(Number(ratingKey));
  }

  part(partId: number): PartSource | undefined {
    return this.parts.get(partId) ?? (partId >= bigIdBase ? this.big?.byId(partId)?.media?.part : undefined);
  }

  section(id: string): DemoSection | undefined {
    return this.sections.find((section) => String(section.id) === id);
  }

  /** Every hand-made item (not the generated Big Library), parents first. */
  staticItems(): Iterable<DemoItem> {
    return this.items.values();
  }

  private clip(name: ClipName): Clip {
    const clip = this.clips.get(name);
    if (!clip) throw new Error(`assets/clips/clips.json lacks ${name}`);
    return clip;
  }

  private daysAgo(days: number): number {
    return this.options.referenceTime - Math.round(days * day);
  }

  private sectionInfo(title: string, type: SectionType, agent: string, scanner: string): SectionInfo {
    return { id: this.sections.length + 1, title, type, agent, scanner, uuid: uuidFor(title), language: 'en-US', location: `/data/${title}`, createdAt: this.daysAgo(365) };
  }

  private addSection(title: string, type: SectionType, agent: string, scanner: string): { info: SectionInfo; contents: StaticContents } {
    const info = this.sectionInfo(title, type, agent, scanner);
    const contents = new StaticContents(type);
    this.sections.push({ ...info, contents, generated: false });
    return { info, contents };
  }

  private add(contents: StaticContents, item: Omit<DemoItem, 'ratingKey' | 'children'>, history?: WatchHistory): DemoItem {
    const ratingKey = String(this.nextId++);
    const full: DemoItem = { ...item, ratingKey, children: [] };
    contents.add(full);
    item.parent?.children.push(full);
    this.items.set(ratingKey, full);
    if (history && (history.viewCount !== undefined || history.viewOffset !== undefined)) {
      this.initialHistory.set(ratingKey, {
        viewCount: history.viewCount,
        viewOffset: history.viewOffset,
        lastViewedAt: history.lastViewedDaysAgo === undefined ? undefined : this.daysAgo(history.lastViewedDaysAgo),
      });
    }
    return full;
  }

  /** Gives `item` a media and part made from `clip`; media id and part id share one number. */
  private withClip(clipName: ClipName, file: string, addedAt: number): Pick<DemoItem, 'media'> {
    const clip = this.clip(clipName);
    const id = this.nextId++;
    const part = clipPart(id, clip, file, addedAt);
    this.parts.set(id, part);
    return { media: clipMedia(id, clip, part) };
  }

  private buildMovies(title = 'Movies', entries: readonly MovieEntry[] = movies): void {
    const { info, contents } = this.addSection(title, 'movie', 'tv.plex.agents.movie', 'Plex Movie');
    for (const movie of entries) {
      const addedAt = this.daysAgo(movie.addedDaysAgo);
      const name = `${movie.title} (${movie.year})`;
      const clip = this.clip(movie.clip);
      this.add(contents, {
        type: 'movie', title: movie.title, section: info, guid: `plex://movie/demo${movie.tmdb}`, guids: [`imdb://${movie.imdb}`, `tmdb://${movie.tmdb}`],
        addedAt, updatedAt: addedAt, summary: movie.summary, year: movie.year, studio: movie.studio, contentRating: movie.contentRating, rating: movie.rating,
        originallyAvailableAt: `${movie.year}-01-01`, genres: movie.genres,
        ...this.withClip(movie.clip, `${info.location}/${name}/${name}.${clip.container}`, addedAt),
      }, movie);
    }
  }

  private buildShows(): void {
    const { info, contents } = this.addSection('TV Shows', 'show', 'tv.plex.agents.series', 'Plex TV Series');
    for (const show of shows) {
      const addedAt = this.daysAgo(show.addedDaysAgo);
      const common = { section: info, addedAt, updatedAt: addedAt, studio: show.studio, contentRating: show.contentRating, genres: show.genres };
      const showItem = this.add(contents, { ...common, type: 'show', title: show.title, guid: `plex://show/demo${show.tvdb}`, guids: [`tvdb://${show.tvdb}`], summary: show.summary, year: show.year, index: 1 });
      show.seasons.forEach((episodes, seasonIndex) => {
        const season = this.add(contents, { ...common, type: 'season', title: `Season ${seasonIndex + 1}`, guid: `plex://season/demo${show.tvdb}s${seasonIndex + 1}`, guids: [`tvdb://${show.tvdb}${seasonIndex + 1}`], summary: '', year: show.year + seasonIndex, index: seasonIndex + 1, parent: showItem, genres: [] });
        episodes.forEach((episode, episodeIndex) => {
          const code = `S${String(seasonIndex + 1).padStart(2, '0')}E${String(episodeIndex + 1).padStart(2, '0')}`;
          const clip = this.clip(episode.clip);
          const episodeAdded = addedAt + (seasonIndex * 10 + episodeIndex) * 3600;
          this.add(contents, {
            ...common, type: 'episode', title: episode.title, guid: `plex://episode/demo${show.tvdb}${code}`, guids: [`tvdb://${show.tvdb}${seasonIndex + 1}${episodeIndex + 1}`],
            addedAt: episodeAdded, updatedAt: episodeAdded, summary: episode.summary, year: show.year + seasonIndex, index: episodeIndex + 1, parent: season, genres: [],
            originallyAvailableAt: `${show.year + seasonIndex}-0${Math.min(9, episodeIndex + 1)}-01`,
            ...this.withClip(episode.clip, `${info.location}/${show.title}/Season ${seasonIndex + 1}/${show.title} - ${code} - ${episode.title}.${clip.container}`, episodeAdded),
          }, episode);
        });
      });
    }
  }

  private buildMusic(): void {
    const { info, contents } = this.addSection('Music', 'artist', 'tv.plex.agents.music', 'Plex Music');
    for (const artist of artists) {
      const addedAt = this.daysAgo(artist.addedDaysAgo);
      const common = { section: info, addedAt, updatedAt: addedAt };
      const artistItem = this.add(contents, { ...common, type: 'artist', title: artist.title, guid: `plex://artist/demo-${artist.mbid.slice(0, 8)}`, guids: [`mbid://${artist.mbid}`], summary: artist.summary, genres: artist.genres });
      artist.albums.forEach((album, albumIndex) => {
        const albumItem = this.add(contents, { ...common, type: 'album', title: album.title, guid: `plex://album/demo-${album.mbid.slice(0, 8)}`, guids: [`mbid://${album.mbid}`], year: album.year, originallyAvailableAt: `${album.year}-06-01`, index: albumIndex + 1, parent: artistItem, genres: artist.genres });
        album.tracks.forEach((track, trackIndex) => {
          const clip = this.clip('demo-15s.mp3');
          this.add(contents, {
            ...common, type: 'track', title: track.title, guid: `plex://track/demo-${album.mbid.slice(0, 8)}-${trackIndex + 1}`, guids: [`mbid://${album.mbid.slice(0, 24)}${String(trackIndex + 1).padStart(12, '0')}`],
            index: trackIndex + 1, parent: albumItem, genres: [],
            ...this.withClip('demo-15s.mp3', `${info.location}/${artist.title}/${album.title}/${String(trackIndex + 1).padStart(2, '0')} ${track.title}.${clip.container}`, addedAt),
          }, track);
        });
      });
    }
  }

  /** Built last, so every other ratingKey stays what it was before the demo had collections. */
  private buildCollections(): void {
    const section = this.sections.find((candidate) => candidate.title === 'Movies');
    if (!section || !(section.contents instanceof StaticContents)) throw new Error('the demo collections need the Movies section');
    const { contents } = section;
    const movieList = [...contents.items()];
    const byTitle = new Map(movieList.map((movie) => [movie.title, movie]));
    // The same SectionInfo object the movies carry.
    const info = movieList[0]?.section ?? section;
    for (const entry of collections) {
      const ratingKey = String(this.nextId++);
      const addedAt = this.daysAgo(entry.addedDaysAgo);
      const members = entry.movies.map((title) => {
        const movie = byTitle.get(title);
        if (!movie) throw new Error(`demo collection "${entry.title}" names no movie "${title}"`);
        return movie;
      });
      const collection: DemoItem = {
        ratingKey, type: 'collection', title: entry.title, section: info, guid: `collection://${uuidFor(`collection:${entry.title}`)}`, guids: [],
        addedAt, updatedAt: addedAt, summary: entry.summary, genres: [], children: members,
      };
      for (const member of members) member.collections = [...(member.collections ?? []), collection];
      contents.add(collection);
      this.collectionItems.set(ratingKey, collection);
    }
  }

  private buildCacheLab(): void {
    const { info, contents } = this.addSection('Cache Lab', 'movie', 'com.plexapp.agents.none', 'Plex Video Files Scanner');
    cacheLabSizes.forEach((size, index) => {
      const addedAt = this.daysAgo(100 - index);
      const id = this.nextId++;
      const title = cacheLabTitle(size);
      const part = syntheticPart(id, size, `${info.location}/${title}.mkv`, addedAt);
      this.parts.set(id, part);
      // Durations as if the bytes were an 8 Mbit/s video, at least one second.
      const duration = Math.max(1000, Math.round((size * 8) / 8000));
      this.add(contents, {
        type: 'movie', title, section: info, guid: `local://${id}`, guids: [], addedAt, updatedAt: addedAt, year: 2024,
        summary: `Synthetic part of ${size} bytes; every byte is syntheticBytes(${id}, offset).`, genres: [],
        media: { id, duration, container: 'mkv', bitrate: 8000, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, width: 1920, height: 1080, videoFrameRate: '24p', part },
      });
    });
  }
}

export type { ItemType };
