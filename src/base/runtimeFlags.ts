// The V8 flags plexterm runs with: none. The shebang of bin/plexterm.js and `npm start` pass exactly these; a test keeps them in step.

/**
 * No V8 flag, deliberately. Every V8 flag given on the command line changes V8's flag hash, and Node's own modules'
 * code cache (built into the node binary, made without flags) is then refused: each of Node's modules a command loads
 * is compiled again at every start. With `--initial-old-space-size=64`, which plexterm passed until 2026-12 to spare
 * the garbage collector while a stream flows, that cost 18 ms of `plexterm --version` and 20 to 40 ms of a `play`
 * before its first frame, on Node 20 and 24 alike (farm-bench, 30 pairs; `npm run bench -- first-frame`, 31 rounds).
 * Its gain had shrunk to some 15% of the cache's CPU per GiB at 200 MB/s (`npm run bench -- proxy`: 5.6 against 6.6
 * CPU-s/GiB; 24 full mark-compacts against 272 over the run), paid only while a download runs at full speed.
 */
export const nodeFlags: readonly string[] = [];
