// Stands in for node:http2 under axios in the bundle: axios uses it only for `httpVersion: 2`, which plexterm
// never asks for, so Node's module loads on first use instead of at every start.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let loaded;
const http2 = () => (loaded ??= require('node:http2'));

export default {
  get constants() {
    return http2().constants;
  },
  connect: (...args) => http2().connect(...args),
};
