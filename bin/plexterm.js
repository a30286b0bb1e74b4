#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS PLEXTERM_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
// The plexterm command: runs the bundled program (dist/bundle, built by `npm install` through the prepare script).
// Node runs without V8 flags (src/base/runtimeFlags.ts says why), as `npm start` runs it. The shebang hands
// NODE_EXTRA_CA_CERTS over to plexterm itself, which reads it on its first TLS connection instead of Node 20 at every
// start (src/base/extraCaCertificates.ts).
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const compiled = new URL('../dist/bundle/plexterm.js', import.meta.url);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The version alone needs nothing of the program: answered before any of it loads (as the CLI would answer it).
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (existsSync(fileURLToPath(compiled))) {
  // Node 22.1+ keeps V8's compiled code between runs (src/base/compileCache.ts); on before the bundle loads. Node 20 has no such cache.
  if (typeof module.enableCompileCache === 'function') (await import(new URL('../dist/bundle/compileCache.js', import.meta.url).href)).enableProgramCompileCache(argv);
  // Sets the exit code and lets Node end once stdout has drained: process.exit() would cut a pipe's output short.
  const { runAsProcess } = await import(compiled.href);
  await runAsProcess(argv);
} else {
  process.stderr.write('plexterm: the compiled program is missing; run `npm install` (or `npm run build`) in the plexterm folder first.\n');
  process.exitCode = 1;
}
