// Runs the CLI straight from the sources (tests spawn it through tsx); bin/plexterm.js runs the compiled copy.
import { main } from './main.js';

process.exit(await main(process.argv.slice(2)));
