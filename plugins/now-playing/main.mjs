// The bundled now-playing plugin: a status bar item with the title and position of what is playing, hidden when nothing plays.

const symbols = { starting: '…', playing: '▶', paused: '⏸' };

/** @param {import('plexterm/api').PluginContext} context */
export function activate(context) {
  const { playback, ui } = context.api;
  const item = ui.createStatusBarItem();
  let shown = '';
  const subscription = playback.session$.subscribe({
    next(state) {
      const text = statusText(state);
      if (text === shown) return; // the item crosses to plexterm on every change: send only real ones
      shown = text;
      if (text === '') {
        item.hide();
        return;
      }
      item.text = text;
      item.tooltip = `${state.title} — ${state.state} in ${state.playerId}`;
      item.show();
    },
    error: (error) => context.log(`playback.session$ failed: ${error?.message ?? error}`),
  });
  context.subscriptions.push(item, { dispose: () => subscription.unsubscribe() });
}

/** "▶ Title 12:34 / 1:40:00"; empty when nothing plays (no session, ended, or failed). */
export function statusText(state) {
  const symbol = state ? symbols[state.state] : undefined;
  if (!symbol) return '';
  const time = typeof state.position === 'number' ? ` ${clock(state.position)}${typeof state.duration === 'number' ? ` / ${clock(state.duration)}` : ''}` : '';
  return `${symbol} ${state.title}${time}`;
}

/** m:ss under an hour, h:mm:ss from one. */
function clock(milliseconds) {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
