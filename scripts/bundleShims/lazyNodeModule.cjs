'use strict';
// Stands in for node:https and node:tls under axios, follow-redirects and https-proxy-agent in the bundle (CommonJS,
// so that an ES default import and a require both get the object below). They take the modules when they load, but
// use them only for an https server or an https proxy; loading node:https loads node:tls, 8 to 12 ms of a Node 24
// start, for the http:// servers most Plex servers on a LAN are. The real module loads on first use of any property.
// scripts/bundle.mjs puts one copy of this file per module (lazyHttps, lazyTls); the name below is replaced there.
let loaded;
const load = () => (loaded ??= require('NODE_MODULE'));
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      // Asked by interop helpers (esbuild's, TypeScript's __importDefault) and promise checks: not the module's.
      if (key === '__esModule' || key === 'then') return undefined;
      return load()[key];
    },
    has: (_target, key) => key in load(),
  },
);
