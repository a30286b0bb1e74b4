// The environment plexterm gives the processes it starts for plugins (the plugin host, players, `terminal.run`): an allowlist, so no secret can slip through.
/**
 * Only what a program needs to find its tools, its locale, the terminal, the display and the sound.
 * Everything else stays out, every PLEXTERM_* variable first (PLEXTERM_TOKEN, PLEXTERM_SERVER), and
 * NODE_OPTIONS with it: it could load code into the plugin host before its sandbox applies.
 */
const allowedNames = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TZ', 'LANG', 'LANGUAGE',
  'TERM', 'COLORTERM', 'TERM_PROGRAM', 'TERM_PROGRAM_VERSION', 'KITTY_WINDOW_ID', 'NO_COLOR', 'COLUMNS', 'LINES',
  'DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS', 'PULSE_SERVER',
  'XDG_RUNTIME_DIR', 'XDG_SESSION_TYPE', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_DIRS', 'XDG_DATA_DIRS',
]);

function isAllowedInChildren(name: string): boolean {
  return allowedNames.has(name) || name.startsWith('LC_');
}

/** `environment` (plexterm's own by default) with only the allowed variables. */
export function childEnvironment(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(environment).filter(([name, value]) => value !== undefined && isAllowedInChildren(name)));
}
