// The bundled mpv plugin: the player `mpv`, followed over mpv's JSON IPC; it can also play inside the terminal (for SSH).
import { endAllAtDeactivation } from '../shared/playerProcess.mjs';
import { socketFolder, socketNamePattern } from './mpvArguments.mjs';
import { removeStaleSockets } from './mpvIpc.mjs';
import { createMpvPlayer } from './mpvPlayer.mjs';

/** @param {import('plexterm/api').PluginContext} context */
export function activate(context) {
  const { config, players, processes, terminal } = context.api;
  const running = new Set();
  const settings = () => ({
    path: nonEmptyString(config.get('path')) ?? 'mpv',
    extraArgs: stringList(config.get('extraArgs')),
    inTerminal: config.get('inTerminal') === true,
    terminalVideoOutput: nonEmptyString(config.get('terminalVideoOutput')) ?? 'auto',
  });
  // The sockets live in the plugin's storage folder, the one it may write in (see socketFolder).
  const sockets = socketFolder(context.storagePath);
  void removeStaleSockets(sockets, socketNamePattern).catch((error) => context.log(`removing stale sockets failed: ${error.message}`));
  context.subscriptions.push(
    players.register('mpv', createMpvPlayer({ settings, processes, terminal, sockets, log: context.log, running })),
    endAllAtDeactivation(running),
  );
}

function nonEmptyString(value) {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function stringList(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
