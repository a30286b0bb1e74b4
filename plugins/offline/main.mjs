// The bundled offline plugin: keep a season or a whole show offline (every episode opened and pinned), show the downloads' progress, release them.
import { firstValueFrom, timeout } from '../shared/rxjs.mjs';
import { episodeLabel, episodesOf } from './episodes.mjs';
import { groupProgress, progressLine } from './offlineProgress.mjs';

const keptKey = 'kept';
const entriesWaitMs = 10_000;

/** @param {import('plexterm/api').PluginContext} context */
export function activate(context) {
  const { cache, commands, library, ui } = context.api;
  const kept = () => context.storage.get(keptKey, {});

  /**
   * The item a command acts on: the selected one from its invocation context (the palette, a key,
   * `plexterm run offline.keepSeason 126`), or the one an explicit ratingKey names (`commands.execute`);
   * null when there is none. Its season and show keys are looked up when the context lacks them.
   */
  const targetOf = async (argument) => {
    if (!isCommandContext(argument)) return argument === undefined || argument === null ? null : library.info(requireKey(argument));
    const item = argument.item;
    if (!item) return null;
    const lacksParents = (item.type === 'episode' && !(item.parentRatingKey && item.grandparentRatingKey)) || (item.type === 'season' && !(item.parentRatingKey && item.parentTitle));
    return lacksParents ? library.info(item.ratingKey) : item;
  };

  /** The season (`type` "season") or show ("show") the target is or belongs to: a season from its episode, a show from its season or episode. */
  const containerOf = async (argument, type) => {
    const item = await targetOf(argument);
    if (!item) throw new Error(`select ${type === 'season' ? 'a season or an episode' : 'a show, a season or an episode'} first (or give its ratingKey: plexterm run offline.${type === 'season' ? 'keepSeason 124' : 'keepShow 116'})`);
    if (item.type === type) return item;
    const parents = type === 'season' ? { episode: item.parentRatingKey } : { season: item.parentRatingKey, episode: item.grandparentRatingKey };
    const ratingKey = Object.hasOwn(parents, item.type) ? parents[item.type] : undefined;
    if (ratingKey) return library.info(ratingKey);
    if (type === 'season' && item.type === 'show') {
      throw new Error(`"${item.title}" is a show: select one of its seasons or episodes to keep a season, or keep the whole show (offline.keepShow)`);
    }
    throw new Error(`"${item.title}" is ${article(item.type)}, not part of ${type === 'season' ? 'a season' : 'a show'}`);
  };

  /** Opens and pins every episode of `item` (a season or show); one episode failing does not stop the others. */
  const keep = async (item) => {
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

  /** Progress of every kept group (run from the palette or a key: all of them, whatever is selected), or of an explicit `ratingKey` alone; shown as one line per group and returned. */
  const progress = async (argument) => {
    const ratingKey = isCommandContext(argument) ? undefined : argument;
    const groups = Object.values(kept()).filter((group) => ratingKey === undefined || ratingKey === null || group.ratingKey === String(ratingKey));
    if (ratingKey !== undefined && ratingKey !== null && groups.length === 0) throw new Error(`nothing of ${ratingKey} is kept offline`);
    const snapshots = groups.length === 0 ? [] : await firstValueFrom(cache.entries$.pipe(timeout({ first: entriesWaitMs })));
    const result = groups.map((group) => groupProgress(group, snapshots));
    await ui.showMessage(result.length === 0 ? 'Nothing is kept offline' : result.map(progressLine).join('\n'));
    return result;
  };

  /**
   * Unpins the episodes of a kept group that no other kept group holds (the cache may then evict them)
   * and forgets it: the target's own group, else its season's, else its show's (an episode selected
   * releases the kept season it is in).
   */
  const release = async (argument) => {
    const all = kept();
    const explicit = isCommandContext(argument) ? undefined : argument;
    let group = explicit === undefined || explicit === null ? undefined : keptGroup(all, requireKey(explicit));
    if (!group) {
      const item = await targetOf(argument);
      if (!item) throw new Error('select a season or show kept offline, or an episode of one, first');
      group = [item.ratingKey, item.parentRatingKey, item.grandparentRatingKey].map((ratingKey) => keptGroup(all, ratingKey)).find(Boolean);
      if (!group) throw new Error(`nothing of "${item.title}" is kept offline`);
    }
    const { [group.ratingKey]: _released, ...rest } = all;
    // A season released while its show is still kept (or the other way round): the episodes the other group holds stay pinned.
    const stillKept = new Set(Object.values(rest).flatMap((other) => other.episodes.map((episode) => episode.key)));
    const unpinned = group.episodes.filter((episode) => !stillKept.has(episode.key));
    for (const episode of unpinned) await cache.unpin(episode.key);
    await context.storage.update(keptKey, rest);
    const staying = group.episodes.length - unpinned.length;
    await ui.showMessage(`${group.title} is no longer kept offline${staying > 0 ? `; ${staying} of its episodes stay pinned for what else is kept` : ''}`);
    return { ratingKey: group.ratingKey, unpinned: unpinned.length };
  };

  context.subscriptions.push(
    commands.register('offline.keepSeason', async (argument) => keep(await containerOf(argument, 'season'))),
    commands.register('offline.keepShow', async (argument) => keep(await containerOf(argument, 'show'))),
    commands.register('offline.progress', (argument) => progress(argument)),
    commands.register('offline.release', (argument) => release(argument)),
  );
}

/** plexterm's invocation context (see CommandContext in the plugin API), as opposed to an explicit argument. */
function isCommandContext(argument) {
  return typeof argument === 'object' && argument !== null && argument.kind === 'commandContext';
}

function keptGroup(all, ratingKey) {
  return typeof ratingKey === 'string' && Object.hasOwn(all, ratingKey) ? all[ratingKey] : undefined;
}

function article(type) {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function requireKey(ratingKey) {
  if ((typeof ratingKey !== 'string' && typeof ratingKey !== 'number') || String(ratingKey).trim() === '') {
    throw new Error('give the ratingKey of a season or show, e.g. plexterm run offline.keepShow 116');
  }
  return String(ratingKey);
}
