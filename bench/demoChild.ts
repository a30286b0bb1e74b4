// A demo Plex server in a process of its own for the cache benchmarks: its CPU work never shares the cache's event loop.
// Usage: node --import tsx bench/demoChild.ts '{"latencyMs":50,"rateBytesPerSecond":20000000}'
// Prints one JSON line {url, token, machineIdentifier}; closes and exits when stdin ends (the parent went away) or on SIGTERM.
import { startDemoServer, type DemoServerOptions } from '../src/demo/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as DemoServerOptions;
const demo = await startDemoServer(options);
process.stdout.write(`${JSON.stringify({ url: demo.url, token: demo.token, machineIdentifier: demo.machineIdentifier })}\n`);

let closing = false;
function shutDown(): void {
  if (closing) return;
  closing = true;
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.stdin.on('end', shutDown);
process.stdin.on('error', shutDown);
process.stdin.resume();
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
