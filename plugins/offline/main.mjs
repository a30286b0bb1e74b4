// The bundled offline plugin: keep a season or a whole show offline (every episode opened and pinned), show the downloads' progress, release them.
import { firstValueFrom, timeout } from 'rxjs';
import { episodeLabel, episodesOf } from './episodes.mjs';
import { groupProgress, progressLine } from './offlineProgress.mjs';

const keptKey = 'kept';
const entriesWaitMs = 10_000;

/** @param {import('../../src/extensions/api.js').PluginContext} context */
export function activate(context) {
  const { cache, commands, library, ui } = context.api;
  const kept = () => context.storage.get(keptKey, {});

  /** Opens and pins every episode of the season (or show) `ratingKey`; one episode failing does not stop the others. */
  const keep = async (ratingKey, expectedType) => {
    const item = await library.info(requireKey(ratingKey));
    if (item.type !== expectedType) {
      const other = item.type === 'show' ? ' (use offline.keepShow)' : item.type === 'season' ? ' (use offline.keepSeason)' : '';
      throw new Error(`"${item.title}" is a ${item.type}, not a ${expectedType}${other}`);
    }
    const episodes = await episodesOf(library, item);
    if (episodes.length === 0) throw new Error(`"${item.title}" has no episodes`);
    const pinned = [];
    const failed = [];
    for (const episode of episodes) {
      const title = episodeLabel(episode);
      try {
        const key = await cache.open(episode.ratingKey);
        await cache.pin(key);
        pinned.push({ ratingKey: episode.ratingKey, key, title });
      } catch (error) {
        failed.push({ ratingKey: episode.ratingKey, title, error: error?.message ?? String(error) });
      }
    }
    const title = item.type === 'season' && item.parentTitle ? `${item.parentTitle} — ${item.title}` : item.title;
    const group = { ratingKey: item.ratingKey, title, type: item.type, episodes: pinned };
    await context.storage.update(keptKey, { ...kept(), [item.ratingKey]: group });
    const problems = failed.length > 0 ? `; ${failed.length} could not be pinned: ${failed.map((entry) => `${entry.title} (${entry.error})`).join(', ')}` : '';
    await ui.showMessage(`Keeping ${pinned.length} episode${pinned.length === 1 ? '' : 's'} of ${title} offline${problems}`);
    return { ratingKey: item.ratingKey, title, type: item.type, pinned, failed };
  };

  /** Progress of every kept group, or of `ratingKey` alone; shown as one line per group and returned. */
  const progress = async (ratingKey) => {
    const groups = Object.values(kept()).filter((group) => ratingKey === undefined || ratingKey === null || group.ratingKey === String(ratingKey));
    if (ratingKey !== undefined && ratingKey !== null && groups.length === 0) throw new Error(`nothing of ${ratingKey} is kept offline`);
    const snapshots = groups.length === 0 ? [] : await firstValueFrom(cache.entries$.pipe(timeout({ first: entriesWaitMs })));
    const result = groups.map((group) => groupProgress(group, snapshots));
    await ui.showMessage(result.length === 0 ? 'Nothing is kept offline' : result.map(progressLine).join('\n'));
    return result;
  };

  /** Unpins every episode of a kept group (the cache may then evict them) and forgets it. */
  const release = async (ratingKey) => {
    const all = kept();
    const group = all[requireKey(ratingKey)];
    if (!group) throw new Error(`nothing of ${ratingKey} is kept offline`);
    for (const episode of group.episodes) await cache.unpin(episode.key);
    const { [group.ratingKey]: _released, ...rest } = all;
    await context.storage.update(keptKey, rest);
    await ui.showMessage(`${group.title} is no longer kept offline`);
    return { ratingKey: group.ratingKey, unpinned: group.episodes.length };
  };

  context.subscriptions.push(
    commands.register('offline.keepSeason', (ratingKey) => keep(ratingKey, 'season')),
    commands.register('offline.keepShow', (ratingKey) => keep(ratingKey, 'show')),
    commands.register('offline.progress', (ratingKey) => progress(ratingKey)),
    commands.register('offline.release', (ratingKey) => release(ratingKey)),
  );
}

function requireKey(ratingKey) {
  if ((typeof ratingKey !== 'string' && typeof ratingKey !== 'number') || String(ratingKey).trim() === '') {
    throw new Error('give the ratingKey of a season or show, e.g. plexterm run offline.keepShow 2000');
  }
  return String(ratingKey);
}
