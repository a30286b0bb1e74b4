// `plexterm servers`: the servers the signed-in account can reach, and how.
import type { Command } from 'commander';
import type { PlexResource } from '../../plex/index.js';
import { PlextermError } from '../../base/errors.js';
import { printJson } from '../output.js';
import type { CommandRunner } from '../runner.js';

/** A resource as printed: everything plex.tv said, less the access token. */
function withoutToken(resource: PlexResource): Omit<PlexResource, 'accessToken'> {
  const { accessToken: _accessToken, ...rest } = resource;
  return rest;
}

export function registerServersCommand(program: Command, runner: CommandRunner): void {
  program
    .command('servers')
    .description('list the Plex servers your account can reach, with their connections (local, remote, relay)')
    .option('--json', 'print a JSON array of plex.tv resources (without their access tokens)')
    .addHelpText('after', '\nExample:\n  plexterm servers --json')
    .action(runner.action(async (session, flags: { json?: boolean }) => {
      const token = await session.accountToken();
      if (!token) {
        throw new PlextermError('not signed in to plex.tv: run `plexterm login` (or pass --token)', { code: 'not-configured', exitCode: 1 });
      }
      const resources = await (await session.plexTv()).resources(token);
      const servers = resources.filter((resource) => resource.provides.split(',').includes('server'));
      if (flags.json) return printJson(runner.output, servers.map(withoutToken));
      if (servers.length === 0) {
        runner.output.out('No Plex Media Server is linked to this account.');
        return;
      }
      const [{ connectionKind }, { formatTable }] = await Promise.all([import('../../plex/index.js'), import('../table.js')]);
      const { config } = await session.config();
      const current = config.server?.machineIdentifier;
      const rows = servers.flatMap((server) =>
        server.connections.map((connection, index) => ({
          name: index === 0 ? `${server.clientIdentifier === current ? '* ' : ''}${server.name}` : '',
          owner: index === 0 ? (server.owned ? 'yours' : (server.sourceTitle ?? 'shared')) : '',
          version: index === 0 ? server.productVersion : '',
          kind: connectionKind(connection),
          uri: connection.uri,
        })),
      );
      runner.output.out(formatTable(rows, [
        { header: 'SERVER', value: (row) => row.name, maxWidth: 32 },
        { header: 'OWNER', value: (row) => row.owner },
        { header: 'VERSION', value: (row) => row.version },
        { header: 'CONNECTION', value: (row) => row.kind },
        { header: 'URI', value: (row) => row.uri },
      ], runner.output.columns?.()));
      if (current) runner.output.out('\n* the server plexterm uses');
    }));
}
