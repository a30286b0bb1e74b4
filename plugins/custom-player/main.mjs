// The bundled custom-player plugin: players from the config's argument templates, each registered under its own id.
import { endAllAtDeactivation } from '../shared/playerProcess.mjs';
import { launchProcessPlayer } from '../shared/processPlayer.mjs';
import { fillTemplate, readPlayerDefinition } from './playerTemplate.mjs';

/** The contributed player: launches the `default` setting's player (or the first one). */
const dispatcherId = 'custom-player';

/** @param {import('plexterm/api').PluginContext} context */
export function activate(context) {
  const { commands, config, players, processes } = context.api;
  const sessions = new Set();
  /** The players of the current settings, and the registration of each (null when it was refused). */
  let configured = [];

  const launcherFor = (definition) => ({
    launch(url, options) {
      const { program, args, unpassed } = fillTemplate(definition.command, url, options);
      // Said where the person looks for why a choice did not hold: the template is theirs to extend.
      if (unpassed.length > 0) context.log(`custom player "${definition.id}" plays its own choice of tracks: its command has no placeholder for the chosen ${unpassed.join(', ')} (see the custom-player README)`);
      return launchProcessPlayer({ processes, name: definition.id, command: program, args, startAt: options.startAt, log: context.log, sessions, hint: `check the command of "${definition.id}" in plugins.custom-player.players` });
    },
  });

  const registerAll = () => {
    for (const entry of configured) entry.registration?.dispose();
    configured = [];
    const seen = new Set([dispatcherId]);
    const entries = config.get('players');
    for (const [index, entry] of (Array.isArray(entries) ? entries : []).entries()) {
      const definition = readPlayerDefinition(entry, index);
      if (definition.problem) {
        context.log(`skipped: ${definition.problem}`);
        continue;
      }
      if (seen.has(definition.id)) {
        context.log(`skipped players[${index}]: the id "${definition.id}" is taken`);
        continue;
      }
      seen.add(definition.id);
      let registration = null;
      let problem = null;
      try {
        // A run-time player: plexterm lists it with this title and these media types while it is registered.
        registration = players.register(definition.id, launcherFor(definition), { title: definition.title, mediaTypes: definition.mediaTypes });
      } catch (error) {
        problem = error.message; // another plugin contributes or registered the id (e.g. "mpv")
        context.log(`player "${definition.id}" is not registered: ${problem}`);
      }
      configured.push({ definition, registration, problem });
    }
  };

  /** The `default` setting's player, else the first one (of those registered: a refused id is another plugin's). */
  const chosen = () => {
    const wanted = config.get('default');
    const registered = configured.filter((entry) => entry.registration !== null);
    const found = registered.find((entry) => entry.definition.id === wanted) ?? (wanted ? undefined : registered[0]);
    if (!found) {
      throw new Error(
        wanted
          ? `no custom player "${wanted}" (the default setting): define it in plugins.custom-player.players`
          : 'no custom player is defined: add one to plugins.custom-player.players in the config',
      );
    }
    return found.definition;
  };

  registerAll();
  context.subscriptions.push(
    players.register(dispatcherId, { launch: (url, options) => launcherFor(chosen()).launch(url, options) }),
    commands.register('custom-player.list', () =>
      configured.map(({ definition, registration, problem }) => ({ ...definition, registered: registration !== null, ...(problem ? { problem } : {}) })),
    ),
    config.onDidChange(registerAll),
    { dispose: () => configured.forEach((entry) => entry.registration?.dispose()) },
    endAllAtDeactivation(sessions),
  );
}
