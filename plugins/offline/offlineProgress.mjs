// The offline plugin's progress: what each kept season or show has on disk, from the cache's entry snapshots.

/** Progress of one kept group (`{ ratingKey, title, type, episodes: [{ ratingKey, key, title }] }`). */
export function groupProgress(group, snapshots) {
  const byKey = new Map(snapshots.map((snapshot) => [snapshot.key, snapshot]));
  const entries = group.episodes.map((episode) => {
    const snapshot = byKey.get(episode.key);
    return {
      ...episode,
      state: snapshot?.state ?? 'missing',
      downloadedBytes: snapshot?.downloadedBytes ?? 0,
      totalSize: snapshot?.totalSize ?? null,
      complete: snapshot?.complete === true,
      pinned: snapshot?.pinned === true,
    };
  });
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  return {
    ratingKey: group.ratingKey,
    title: group.title,
    type: group.type,
    episodes: entries.length,
    completeEpisodes: entries.filter((entry) => entry.complete).length,
    downloadedBytes: sum(entries.map((entry) => entry.downloadedBytes)),
    totalBytes: sum(entries.map((entry) => entry.totalSize ?? 0)),
    sizeKnown: entries.every((entry) => entry.totalSize !== null),
    entries,
  };
}

/** "Orbital Kitchen: 3 of 6 episodes offline, 12.5 MB of 40.1 MB" */
export function progressLine(progress) {
  const total = progress.sizeKnown ? formatBytes(progress.totalBytes) : `${formatBytes(progress.totalBytes)}+`;
  return `${progress.title}: ${progress.completeEpisodes} of ${progress.episodes} episodes offline, ${formatBytes(progress.downloadedBytes)} of ${total}`;
}

function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
