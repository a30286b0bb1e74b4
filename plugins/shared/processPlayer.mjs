// Shared by the bundled player plugins: a player that cannot report progress: `playing` once started, `ended` or `error` when it exits.
import { PlayerEvents } from './playerEvents.mjs';
import { describeExit, startPlayerProcess } from './playerProcess.mjs';

/**
 * Has plexterm start the player (`processes`: the plugin's `api.processes`) and returns its session.
 * `sessions` (a Set) holds it while it runs, so the plugin can end every player at deactivation. An
 * exit with code 0, or after `stop`, is `ended`.
 */
export async function launchProcessPlayer({ processes, name, command, args, startAt, log, sessions, hint }) {
  const player = await startPlayerProcess(processes, name, command, args, hint ? { hint } : {});
  log(`${name} started (pid ${player.pid}): ${command} ${args.join(' ')}`);
  const events = new PlayerEvents();
  events.emit({ type: 'playing', position: startAt });
  const session = {
    events$: events.events$,
    stop: () => player.stop(),
  };
  const running = { terminate: () => player.terminate() };
  sessions.add(running);
  void player.exited.then((exit) => {
    sessions.delete(running);
    const cleanEnd = player.stopping || (exit.code === 0 && exit.signal === null);
    log(describeExit(`${name} (pid ${player.pid})`, exit));
    events.emit(cleanEnd ? { type: 'ended' } : { type: 'error', message: describeExit(name, exit, player.lastErrorLine()) });
  });
  return session;
}

