// The offline plugin's walk through a show: its seasons' episodes, through the plugin API's library (plexterm does the Plex requests).

/** The episodes of a season, or of every season of a show (episodes directly under a show count too), in order. */
export async function episodesOf(library, ratingKey, depth = 1) {
  const episodes = [];
  for (const child of await library.children(ratingKey)) {
    if (child.type === 'episode') episodes.push(child);
    else if (child.type === 'season' && depth > 0) episodes.push(...(await episodesOf(library, child.ratingKey, depth - 1)));
  }
  return episodes;
}

/** "S01E02 Title", or the title alone when the numbers are unknown. */
export function episodeLabel(episode) {
  const number = (value) => String(value).padStart(2, '0');
  const code = typeof episode.parentIndex === 'number' && typeof episode.index === 'number' ? `S${number(episode.parentIndex)}E${number(episode.index)} ` : '';
  return `${code}${episode.title}`;
}
