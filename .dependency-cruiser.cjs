// The layering of DESIGN.md, checked on every `npm test`: imports flow one way, bottom up.
// base → plex → cache → playback → extensions → tui → cli; demo sits beside them on base alone.
// src/api (the plugin API, plexterm/api) stands alone; bundled plugins (plugins/) reach plexterm only through it.
const layers = ['base', 'plex', 'cache', 'playback', 'extensions', 'tui', 'cli'];

const upwardRules = layers.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer}`,
  comment: `src/${layer} may import only from the layers below it (${layers.slice(0, index).join(', ') || 'none'}).`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${[...layers.slice(index + 1), 'demo'].join('|')})/` },
}));

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
