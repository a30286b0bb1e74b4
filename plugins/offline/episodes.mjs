// The offline plugin's episodes of a season or show, through the plugin API's library (plexterm does the Plex requests).

/**
 * The episodes of `item` (a season or a show), in order, in one request: a season's children, or a
 * show's leaves (`library.allLeaves`: every season's episodes, and episodes directly under the show).
 */
export async function episodesOf(library, item) {
  const listed = item.type === 'show' ? await library.allLeaves(item.ratingKey) : await library.children(item.ratingKey);
  return listed.filter((child) => child.type === 'episode');
}

/** "S01E02 Title", or the title alone when the numbers are unknown. */
export function episodeLabel(episode) {
  const number = (value) => String(value).padStart(2, '0');
  const code = typeof episode.parentIndex === 'number' && typeof episode.index === 'number' ? `S${number(episode.parentIndex)}E${number(episode.index)} ` : '';
  return `${code}${episode.title}`;
}
