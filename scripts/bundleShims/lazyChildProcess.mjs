// Stands in for node:child_process under commander in the bundle: commander uses it only to run a subcommand that is
// a program of its own (plexterm has none), and loading it at every start also loads node:dgram (and node:net, where
// nothing else needs it): `--help` took 1.09× the CPU with it. The real module loads on first use.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded;
const childProcess = () => (loaded ??= require('node:child_process'));

export const spawn = (...args) => childProcess().spawn(...args);
