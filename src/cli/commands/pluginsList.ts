// `plexterm plugins`: every plugin found, with its state, contributions and error (invalid ones too).
import { sandboxWarning } from '../../extensions/hostSandbox.js';
import type { Contributions } from '../../extensions/manifest.js';
import type { PluginInfo } from '../../extensions/pluginRecord.js';
import { printJson, type Output } from '../output.js';
import { formatTable } from '../table.js';
import type { Session } from '../../session/session.js';

export interface PluginsFlags {
  json?: boolean;
}

/** What `--json` prints of each plugin. */
export type ListedPlugin = Pick<PluginInfo, 'id' | 'version' | 'state' | 'contributes' | 'error'>;

export async function pluginsAction(session: Session, output: Output, flags: PluginsFlags): Promise<void> {
  const extensions = await session.extensions();
  const plugins: ListedPlugin[] = extensions.plugins().map(({ id, version, state, contributes, error }) => ({ id, version, state, contributes, error }));
  const off = extensions.offReason;
  if (off !== null) output.err(`plexterm: ${off}`);
  const unsandboxed = off === null ? sandboxWarning() : null;
  if (unsandboxed !== null) output.err(`plexterm: ${unsandboxed}`);
  if (flags.json) return printJson(output, plugins);
  if (plugins.length === 0) {
    if (off === null) output.out('No plugins found.');
    return;
  }
  output.out(
    formatTable(plugins, [
      { header: 'ID', value: (plugin) => plugin.id },
      { header: 'VERSION', value: (plugin) => plugin.version ?? '' },
      { header: 'STATE', value: (plugin) => (plugin.state === 'untrusted' ? 'not trusted' : plugin.state) },
      { header: 'CONTRIBUTES', value: (plugin) => summary(plugin.contributes), maxWidth: 50 },
      { header: 'ERROR', value: (plugin) => plugin.error ?? '' },
    ], output.columns?.()),
  );
}

/** "players: mpv (one process per queue); commands: 2" */
function summary(contributes: Contributions): string {
  const parts: string[] = [];
  const players = contributes.players ?? [];
  // Said plainly: a player that cannot take a queue's next item starts a process (a window) for each.
  const processes = (oneProcessPerQueue: boolean | undefined) => (oneProcessPerQueue === true ? 'one process per queue' : 'one process per item');
  if (players.length > 0) parts.push(`players: ${players.map((player) => `${player.id} (${processes(player.oneProcessPerQueue)})`).join(', ')}`);
  for (const [name, list] of [
    ['commands', contributes.commands],
    ['keybindings', contributes.keybindings],
    ['themes', contributes.themes],
  ] as const) {
    if (list && list.length > 0) parts.push(`${name}: ${list.length}`);
  }
  const settings = Object.keys(contributes.configuration?.properties ?? {}).length;
  if (settings > 0) parts.push(`settings: ${settings}`);
  return parts.join('; ');
}
