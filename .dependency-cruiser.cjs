// The layering of ARCHITECTURE.md, checked on every `npm test`: imports flow one way, bottom up.
// base → plex → cache → playback → extensions → offline → session → tui | cli → main; demo sits beside
// them on base alone. tui and cli stand side by side on session and never import each other: the bare
// `plexterm` that opens the TUI is wired in main, the one entry point above both.
const floors = [['base'], ['plex'], ['cache'], ['playback'], ['extensions'], ['offline'], ['session'], ['tui', 'cli'], ['main']];
/** Who may import the demo server: the session starts it for --demo, the CLI serves it, main wires them. */
const demoUsers = ['session', 'cli', 'main'];
// src/api (the plugin API, plexterm/api) stands alone; bundled plugins (plugins/) reach plexterm only through it.

const upwardRules = floors.slice(0, -1).flatMap((floor, index) => {
  const below = floors.slice(0, index).flat();
  const above = floors.slice(index + 1).flat();
  return floor.map((layer) => ({
    name: `no-upward-from-${layer}`,
    comment: `src/${layer} may import only from the layers below it (${below.join(', ') || 'none'}).`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: `^src/(${[...above, ...(demoUsers.includes(layer) ? [] : ['demo'])].join('|')})/` },
  }));
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circular import fails the build.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upwardRules,
    {
      name: 'tui-and-cli-apart',
      comment: 'The TUI and the CLI both sit on src/session and never import each other; src/main wires them together.',
      severity: 'error',
      from: { path: '^src/(tui|cli)/' },
      to: { path: '^src/(tui|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'demo-imports-only-base',
      comment: 'The demo server stands alone: it may import only src/base.',
      severity: 'error',
      from: { path: '^src/demo/' },
      to: { path: '^src/(?!base/|demo/)' },
    },
    {
      name: 'plugin-api-stands-alone',
      comment: 'src/api is shipped as plexterm/api: it defines its own types and imports nothing else of plexterm.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/(?!api/)' },
    },
    {
      name: 'plugin-api-adapted-in-extensions',
      comment: 'The layers below extensions know nothing of plugins: extensions (and above) adapt them to the plugin API.',
      severity: 'error',
      from: { path: '^src/(base|plex|cache|playback|demo)/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'plugins-import-only-plexterm-api',
      comment: 'A bundled plugin is written as a third-party one would be: of plexterm it imports plexterm/api alone (by that name, which resolves outside the package too), never a src/ path.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^src/', dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved would hide an edge from the checks above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // A plugin's JavaScript names the API's types in JSDoc (`@import`, `import('plexterm/api')`): those are imports too.
    detectJSDocImports: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
  },
};
