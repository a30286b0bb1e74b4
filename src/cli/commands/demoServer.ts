// `plexterm demo-server`: the Plex-compatible demo server on its own, until SIGINT or SIGTERM.
import type { Command } from 'commander';
import type { DemoQuirks } from '../../demo/index.js';
import { UsageError, describeError } from '../../base/errors.js';
import { collect, portNumber, wholeNumber } from '../argumentParsers.js';
import type { CommandRunner } from '../runner.js';
import { stopSignal } from './cacheSignals.js';

interface DemoServerFlags {
  port?: number;
  latency?: number;
  rate?: number;
  uplink?: number;
  quirk: string[];
  inspect?: boolean;
  bigSection?: number;
  sharedServer: string[];
}

export function registerDemoServerCommand(program: Command, runner: CommandRunner): void {
  program
    .command('demo-server')
    .description('run the Plex-compatible demo server (and a fake plex.tv) until interrupted; prints {"url","token","plexTv"}')
    .option('--port <n>', 'port to listen on (default: any free port)', portNumber('--port'))
    .option('--latency <ms>', 'delay every response by this many milliseconds', wholeNumber('--latency'))
    .option('--rate <bytesPerSecond>', 'bandwidth of each part stream connection', wholeNumber('--rate'))
    .option('--uplink <bytesPerSecond>', "the server's uplink: one bandwidth all part streams share", wholeNumber('--uplink'))
    .option('--quirk <name[=value]>', 'misbehave like some real servers: ignore-range, unknown-total, drop-after=BYTES, flaky=P, slow-start=SECONDS, terminate-after=SECONDS (repeatable)', collect, [])
    .option('--big-section <n>', 'add a "Big Library" section with this many generated movies', wholeNumber('--big-section'))
    .option('--shared-server <name>', 'list a server a friend shares with the demo account on the fake plex.tv (away: its connection is refused; repeatable)', collect, [])
    .option('--inspect', 'serve GET /__demo/state (request log, watch state, sessions and play queues) for tests')
    .addHelpText('after', '\nExamples:\n  plexterm demo-server --port 32400\n  plexterm demo-server --latency 50 --rate 20000000 --uplink 125000000 --quirk drop-after=1000000 --inspect')
    .action(runner.action(async (_session, flags: DemoServerFlags) => {
      const { parseQuirk, startDemoServer } = await import('../../demo/index.js');
      let quirks: DemoQuirks = {};
      for (const spec of flags.quirk) {
        try {
          quirks = { ...quirks, ...parseQuirk(spec) };
        } catch (error) {
          throw new UsageError(`--quirk ${spec}: ${describeError(error)}`);
        }
      }
      // Listening before the address is printed: a script may send SIGTERM the moment it reads it.
      const stop = stopSignal();
      try {
        const server = await startDemoServer({
          port: flags.port,
          latencyMs: flags.latency,
          rateBytesPerSecond: flags.rate,
          uplinkBytesPerSecond: flags.uplink,
          quirks,
          inspect: flags.inspect,
          bigSectionSize: flags.bigSection,
          sharedServers: flags.sharedServer,
        });
        runner.output.out(JSON.stringify({ url: server.url, token: server.token, plexTv: server.plexTv }));
        await stop.received;
        await server.close();
      } finally {
        stop.dispose();
      }
    }));
}
