// The demo's hand-written library: public-domain films, two small shows and one artist, with their watch history.
import type { ClipName } from './clips.js';

export interface WatchHistory {
  viewCount?: number;
  viewOffset?: number;
  /** Days before the demo's reference time. */
  lastViewedDaysAgo?: number;
}

export interface MovieEntry extends WatchHistory {
  title: string;
  year: number;
  studio: string;
  contentRating: string;
  rating: number;
  summary: string;
  genres: string[];
  imdb: string;
  tmdb: number;
  clip: ClipName;
  addedDaysAgo: number;
}

export interface EpisodeEntry extends WatchHistory {
  title: string;
  summary: string;
  clip: ClipName;
}

export interface ShowEntry {
  title: string;
  year: number;
  studio: string;
  contentRating: string;
  summary: string;
  genres: string[];
  tvdb: number;
  addedDaysAgo: number;
  seasons: EpisodeEntry[][];
}

export interface TrackEntry extends WatchHistory {
  title: string;
}

export interface AlbumEntry {
  title: string;
  year: number;
  mbid: string;
  tracks: TrackEntry[];
}

export interface ArtistEntry {
  title: string;
  summary: string;
  genres: string[];
  mbid: string;
  addedDaysAgo: number;
  albums: AlbumEntry[];
}

export const movies: MovieEntry[] = [
  { title: 'Night of the Living Dead', year: 1968, studio: 'Image Ten', contentRating: 'R', rating: 7.8, genres: ['Horror', 'Thriller'], imdb: 'tt0063350', tmdb: 10331, clip: 'demo-10s.mkv', addedDaysAgo: 40, viewCount: 2, lastViewedDaysAgo: 12,
    summary: 'A group of strangers barricade themselves in a Pennsylvania farmhouse while the recently dead walk outside.' },
  { title: 'Nosferatu', year: 1922, studio: 'Prana Film', contentRating: 'NR', rating: 7.9, genres: ['Horror', 'Fantasy'], imdb: 'tt0013442', tmdb: 653, clip: 'demo-12s.mp4', addedDaysAgo: 38, viewOffset: 4500, lastViewedDaysAgo: 2,
    summary: 'An estate agent travels to Transylvania to sell a house to the mysterious Count Orlok.' },
  { title: 'The General', year: 1926, studio: 'Buster Keaton Productions', contentRating: 'NR', rating: 8.1, genres: ['Action', 'Comedy'], imdb: 'tt0017925', tmdb: 961, clip: 'demo-10s.mkv', addedDaysAgo: 30,
    summary: 'A Confederate engineer chases the Union spies who stole his beloved locomotive.' },
  { title: 'Metropolis', year: 1927, studio: 'UFA', contentRating: 'NR', rating: 8.3, genres: ['Drama', 'Science Fiction'], imdb: 'tt0017136', tmdb: 19, clip: 'demo-multi-12s.mkv', addedDaysAgo: 21, viewCount: 1, lastViewedDaysAgo: 20,
    summary: 'In a futuristic city split between planners and workers, the son of the city\'s master falls for a prophet of the underground.' },
  { title: 'His Girl Friday', year: 1940, studio: 'Columbia Pictures', contentRating: 'NR', rating: 7.8, genres: ['Comedy', 'Romance'], imdb: 'tt0032599', tmdb: 3085, clip: 'demo-4s.mkv', addedDaysAgo: 14,
    summary: 'A newspaper editor uses every trick in the book to keep his ace reporter and ex-wife from remarrying.' },
  { title: 'Charade', year: 1963, studio: 'Universal Pictures', contentRating: 'NR', rating: 7.8, genres: ['Comedy', 'Mystery', 'Romance'], imdb: 'tt0056923', tmdb: 4808, clip: 'demo-10s.mkv', addedDaysAgo: 7, viewOffset: 6200, lastViewedDaysAgo: 1,
    summary: 'In Paris, a widow is pursued by several men who want the fortune her murdered husband stole.' },
  { title: 'The Kid', year: 1921, studio: 'Charles Chaplin Productions', contentRating: 'NR', rating: 8.2, genres: ['Comedy', 'Drama'], imdb: 'tt0012349', tmdb: 10098, clip: 'demo-4s.mkv', addedDaysAgo: 3,
    summary: 'The Tramp cares for an abandoned child, but events put that relationship in jeopardy.' },
  { title: 'Plan 9 from Outer Space', year: 1957, studio: 'Reynolds Pictures', contentRating: 'NR', rating: 3.9, genres: ['Horror', 'Science Fiction'], imdb: 'tt0052077', tmdb: 10513, clip: 'demo-12s.mp4', addedDaysAgo: 1,
    summary: 'Aliens resurrect the dead of Earth to stop humanity from building a doomsday weapon.' },
];

export const shows: ShowEntry[] = [
  // Every episode plays the 40 s clip: long enough for its intro and credits markers to matter.
  { title: 'Orbital Kitchen', year: 2021, studio: 'Demo Broadcasting', contentRating: 'TV-G', genres: ['Reality', 'Food'], tvdb: 900101, addedDaysAgo: 60,
    summary: 'Chefs on a space station cook with whatever the last supply rocket brought.',
    seasons: [
      [
        { title: 'Freeze-Dried Beginnings', summary: 'The crew unpacks the galley.', clip: 'demo-40s.mkv', viewCount: 1, lastViewedDaysAgo: 30 },
        { title: 'Zero-G Soufflé', summary: 'Nothing rises without gravity.', clip: 'demo-40s.mkv', viewCount: 1, lastViewedDaysAgo: 29 },
        { title: 'Hydroponic Harvest', summary: 'The first lettuce of the mission.', clip: 'demo-40s.mkv', viewCount: 1, lastViewedDaysAgo: 28 },
      ],
      [
        { title: 'Re-entry Roast', summary: 'A heat shield doubles as an oven.', clip: 'demo-40s.mkv', viewOffset: 3000, lastViewedDaysAgo: 4 },
        { title: 'Lunar Leftovers', summary: 'Nothing goes to waste at the far side.', clip: 'demo-40s.mkv' },
        { title: 'The Last Rocket', summary: 'The season finale feast.', clip: 'demo-40s.mkv' },
      ],
    ] },
  // Its episodes play the multi-language clip (German and English audio, English and French subtitles): a season whose track choices carry.
  { title: 'Harbour Lights', year: 2019, studio: 'Demo Broadcasting', contentRating: 'TV-14', genres: ['Drama', 'Mystery'], tvdb: 900202, addedDaysAgo: 90,
    summary: 'A lighthouse keeper in a fishing town keeps a log of everything the lamp reveals.',
    seasons: [
      [
        { title: 'Fog Bank', summary: 'A boat comes in with no crew.', clip: 'demo-multi-12s.mkv' },
        { title: 'Low Tide', summary: 'Footprints lead into the sea.', clip: 'demo-multi-12s.mkv' },
        { title: 'Signal Fire', summary: 'Someone lights the old beacon.', clip: 'demo-multi-12s.mkv' },
        { title: 'Storm Warning', summary: 'The town prepares for the worst.', clip: 'demo-multi-12s.mkv' },
      ],
    ] },
];

export const artists: ArtistEntry[] = [
  { title: 'The Test Tones', genres: ['Electronic', 'Ambient'], mbid: '5b11f4ce-a62d-471e-81fc-a69a8278c7da', addedDaysAgo: 50,
    summary: 'A studio project that records nothing but pure sine waves.',
    albums: [
      { title: 'Sine Waves', year: 2018, mbid: '1dc4c347-a1db-32aa-b14f-bc9cc507b843', tracks: [
        { title: 'A Above Middle C', viewCount: 3, lastViewedDaysAgo: 5 },
        { title: 'Concert Pitch', viewCount: 1, lastViewedDaysAgo: 5 },
        { title: 'Dial Tone Dreams' },
      ] },
      { title: 'Square Roots', year: 2022, mbid: 'f5093c06-23e3-404f-aeaa-40f72885ee3a', tracks: [
        { title: 'Harmonic Series', viewOffset: 7000, lastViewedDaysAgo: 1 },
        { title: 'Nyquist Blues' },
      ] },
    ] },
];

export interface CollectionEntry {
  title: string;
  summary: string;
  /** Titles of the Movies it holds, in the collection's own order. */
  movies: string[];
  addedDaysAgo: number;
}

/** Two collections of the Movies section; Nosferatu is in both, as a film can be. */
export const collections: CollectionEntry[] = [
  { title: 'Silent Era', summary: 'Films made before sound came to the cinema.', movies: ['The Kid', 'Nosferatu', 'The General', 'Metropolis'], addedDaysAgo: 20 },
  { title: 'Midnight Horror', summary: 'Three nights of the undead, from the classic to the infamous.', movies: ['Nosferatu', 'Night of the Living Dead', 'Plan 9 from Outer Space'], addedDaysAgo: 6 },
];
