// "Big Library": a movie section of any size whose items are computed from their index when asked for.
import type { Clip } from './clips.js';
import type { DemoItem, DemoSection, ItemType, SectionContents, SectionInfo } from './model.js';
import { clipMedia, clipPart } from './parts.js';

/** Big Library ratingKeys, media ids and part ids start here, above every hand-made one. */
export const bigIdBase = 1_000_000;

const adjectives = ['Silent', 'Crimson', 'Golden', 'Hidden', 'Electric', 'Broken', 'Northern', 'Midnight', 'Paper', 'Iron'];
const nouns = ['Harbour', 'Garden', 'Signal', 'Mountain', 'Letter', 'Engine', 'Orchard', 'Comet', 'Bridge', 'Mirror'];
const genres = ['Drama', 'Comedy', 'Thriller', 'Western', 'Documentary', 'Animation'];

export class BigSectionContents implements SectionContents {
  constructor(
    private readonly info: SectionInfo,
    private readonly size: number,
    private readonly clip: Clip,
    private readonly referenceTime: number,
  ) {}

  count(type?: ItemType): number {
    return type === undefined || type === 'movie' ? this.size : 0;
  }

  itemAt(index: number, type?: ItemType): DemoItem | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count(type)) return undefined;
    const id = bigIdBase + index;
    const number = String(index + 1).padStart(6, '0');
    const title = `${adjectives[index % 10]} ${nouns[Math.floor(index / 10) % 10]} ${number}`;
    const addedAt = this.referenceTime - 200 * 86400 - index * 60;
    const part = clipPart(id, this.clip, `/data/Big Library/${title}.${this.clip.container}`, addedAt);
    return {
      ratingKey: String(id),
      type: 'movie',
      title,
      section: this.info,
      guid: `plex://movie/big${number}`,
      guids: [`imdb://tt9${number}`, `tmdb://${900000 + index}`],
      addedAt,
      updatedAt: addedAt,
      summary: `Generated movie number ${index + 1} of the Big Library.`,
      year: 1950 + (index % 75),
      genres: [genres[index % genres.length] ?? 'Drama'],
      children: [],
      media: clipMedia(id, this.clip, part),
    };
  }

  *items(type?: ItemType): Iterable<DemoItem> {
    const total = this.count(type);
    for (let index = 0; index < total; index += 1) {
      const item = this.itemAt(index, type);
      if (item) yield item;
    }
  }

  /** The item behind a Big Library id (ratingKey, media id or part id are the same number). */
  byId(id: number): DemoItem | undefined {
    return this.itemAt(id - bigIdBase);
  }
}

export function bigSection(info: SectionInfo, size: number, clip: Clip, referenceTime: number): DemoSection & { contents: BigSectionContents } {
  return { ...info, contents: new BigSectionContents(info, size, clip, referenceTime), generated: true };
}
