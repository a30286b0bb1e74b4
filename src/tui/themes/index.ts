// Colour themes: bundled themes/*.json and plugin contributions read into complete colour sets, and
// resolved for the terminal's colour depth into a style per part of the TUI. The rest of the TUI imports
// this index only.
export { findTheme, loadThemes, type PluginThemeInput, type Theme } from './themeLoader.js';
export { resolveTheme, type BlessedColor, type ResolvedStyle, type ResolvedTheme } from './themeResolve.js';
export type { ThemeStyleName } from './themeStyles.js';
