// The layering of DESIGN.md, checked on every `npm test`: imports flow one way, bottom up.
// base → plex → cache → playback → extensions → tui → cli; demo sits beside them on base alone.
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
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
  },
};
