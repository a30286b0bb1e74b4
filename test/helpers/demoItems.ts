// Items of the demo's TV Shows library as a command receives them: what tests of the command context expect.
import type { CommandItem } from '../../src/api/index.js';

/** Episode 126, "Re-entry Roast": the first of Orbital Kitchen (116) Season 2 (124). */
export const demoEpisodeItem: CommandItem = {
  ratingKey: '126', type: 'episode', key: '/library/metadata/126', title: 'Re-entry Roast',
  parentRatingKey: '124', parentKey: '/library/metadata/124', parentTitle: 'Season 2',
  grandparentRatingKey: '116', grandparentKey: '/library/metadata/116', grandparentTitle: 'Orbital Kitchen',
  index: 1, parentIndex: 2, librarySectionID: 2,
};
