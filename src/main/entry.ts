// Runs the CLI straight from the sources (tests spawn it through tsx); bin/plexterm.js runs the compiled copy.
import { runAsProcess } from './processRun.js';

await runAsProcess(process.argv.slice(2));
