// The layering of ARCHITECTURE.md, checked on every `npm test`: imports flow one way, bottom up.
// base → plex → cache → playback → extensions → offline → session → tui | cli → main; demo sits beside
// them on base alone. tui and cli stand side by side on session and never import each other: the bare
// `plexterm` that opens the TUI is wired in main, the one entry point above both.
const floors = [['base'], ['plex'], ['cache'], ['playback'], ['extensions'], ['offline'], ['session'], ['tui', 'cli'], ['main']];
/** Who may import the demo server: the session starts it for --demo, the CLI serves it, main wires them. */
const demoUsers = ['session', 'cli', 'main'];

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
