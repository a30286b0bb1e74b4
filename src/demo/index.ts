// The Plex-compatible demo server: the public face that the CLI and the tests use.
export type { ConnectionHealth, DemoQuirks, DemoServer, DemoServerOptions } from './options.js';
export { startDemoServer } from './server.js';
export { parseQuirk } from './quirks.js';
export { syntheticByte, syntheticBytes } from './synthetic.js';
export { cacheLabSizes } from './cacheLab.js';
export { mediaTypeNumber } from './model.js';
export { ManualClock } from './manualClock.js';
export type { DemoClock } from './timers.js';
