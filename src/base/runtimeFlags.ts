// The V8 flags plexterm runs with. The shebang of bin/plexterm.js and `npm start` pass them; a test keeps the three in step.

/**
 * A 64 MiB floor under V8's old-generation limit. plexterm's live heap is small (about 15 MB) while a
 * stream through the cache allocates fast; without the floor V8 keeps its limit just above the live
 * heap and starts a full mark-compact every few dozen milliseconds while bytes flow (measured: 20–30
 * a second, tripling the cache's CPU per GiB). V8 reads it only at start-up and refuses it in
 * NODE_OPTIONS, so it goes on the command line.
 */
export const nodeFlags: readonly string[] = ['--initial-old-space-size=64'];
