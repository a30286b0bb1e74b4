// Stands in for node:child_process under commander in the bundle: commander uses it only to run a subcommand that is
// a program of its own (plexterm has none), and loading it at every start also loads node:net and node:dgram, some
// 6 ms of `--help` and every other command. The real module loads on first use.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded;
const childProcess = () => (loaded ??= require('node:child_process'));

export const spawn = (...args) => childProcess().spawn(...args);
