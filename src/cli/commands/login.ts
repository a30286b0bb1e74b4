// `plexterm login`: the PIN flow through plex.tv, or a server URL and token given directly.
import { terminalLine } from '../../base/terminalText.js';
import type { Command } from 'commander';
import type { PlexResource } from '../../plex/index.js';
import type { PlextermConfig } from '../../base/config.js';
import { ExitCode, PlextermError, UsageError } from '../../base/errors.js';
import { registerSecret } from '../../base/redact.js';
import { checkServerAddress } from '../../base/serverAddress.js';
import type { CommandRunner } from '../runner.js';
import type { Session } from '../../session/session.js';

interface LoginFlags {
  serverName?: string;
  pollInterval?: number;
  tokenStdin?: boolean;
}

export function registerLoginCommand(program: Command, runner: CommandRunner): void {
  program
    .command('login')
    .description('sign in with your Plex account (PIN flow), or save --server URL --token TOKEN')
    .option('--server-name <name>', 'which of your servers to use when the account has several (on a terminal it asks otherwise)')
    .option('--token-stdin', 'with --server URL: read the token from the first line of stdin (piped, or typed unseen)')
    .addHelpText(
      'after',
      '\nWith no options, plexterm prints an address to open in a browser, waits until you approve it,\n' +
        'finds your server and the fastest way to reach it (local, then remote, then relay), and saves\n' +
        'the server and token in the config file (mode 0600).\n\n' +
        'To save a server and a token you have, give the token on stdin (--token-stdin) or in PLEXTERM_TOKEN:\n' +
        'a token given as --token TOKEN is seen by every user of the machine in `ps` while plexterm runs.\n\n' +
        'Examples:\n  plexterm login\n  plexterm login --server http://192.168.1.10:32400 --token-stdin < token.txt\n' +
        '  PLEXTERM_TOKEN=YOUR_TOKEN plexterm login --server http://192.168.1.10:32400\n' +
        '  plexterm login --server http://192.168.1.10:32400 --token YOUR_TOKEN    (shows in ps)',
    )
    .action(runner.action(async (session, flags: LoginFlags) => {
      if (session.options.demo) throw new UsageError('login saves a real server; --demo needs no sign-in');
      const given = await givenServerAndToken(session, flags);
      if (given) {
        await saveDirectLogin(session, runner, given.server, given.token);
        return;
      }
      await pinLogin(session, runner, flags);
    }));
}

/**
 * The server and token to save as they are, or null for the PIN flow. The server is --server or
 * PLEXTERM_SERVER (both checked before this runs), the token --token, --token-stdin or PLEXTERM_TOKEN.
 */
async function givenServerAndToken(session: Session, flags: LoginFlags): Promise<{ server: string; token: string } | null> {
  if (flags.tokenStdin && session.options.token !== undefined) throw new UsageError('give the token once: --token-stdin or --token, not both');
  const environmentServer = session.environment.PLEXTERM_SERVER || undefined;
  const server = session.options.server ?? (environmentServer === undefined ? undefined : checkServerAddress(environmentServer, 'PLEXTERM_SERVER'));
  const environmentToken = session.environment.PLEXTERM_TOKEN || undefined;
  if (server === undefined) {
    if (flags.tokenStdin || session.options.token !== undefined) throw new UsageError('give the server too: --server URL (or PLEXTERM_SERVER), or neither to sign in through plex.tv');
    if (environmentToken !== undefined) throw new UsageError('PLEXTERM_TOKEN is set: give the server to save it with (--server URL), or unset PLEXTERM_TOKEN to sign in through plex.tv');
    return null;
  }
  // node:readline loads only for a token read from stdin.
  const token = flags.tokenStdin ? await (await import('../tokenInput.js')).readTokenLine(process.stdin, process.stderr) : (session.options.token ?? environmentToken);
  if (token === undefined) throw new UsageError('give the token with --token-stdin (or in PLEXTERM_TOKEN), or leave --server out to sign in through plex.tv');
  registerSecret(token);
  return { server, token };
}

async function saveDirectLogin(session: Session, runner: CommandRunner, url: string, token: string): Promise<void> {
  const saved = await saveServerAndToken(session, url, token);
  runner.output.out(`Saved ${terminalLine(saved.name ?? url)} at ${saved.url} and its token in ${saved.path}.`);
}

/** Checks the server answers with the token, then saves both (the TUI's sign-in screen uses it too). */
export async function saveServerAndToken(session: Session, url: string, token: string): Promise<{ name: string | undefined; url: string; path: string }> {
  const client = await session.clientFor({ url, token });
  const info = await client.serverInfo();
  const loaded = await session.config();
  const config: PlextermConfig = { ...loaded.config, server: { url: client.baseUrl, name: info.friendlyName, machineIdentifier: info.machineIdentifier }, token };
  delete config.accountToken;
  await saveConfigFile(session.paths.config, config);
  return { name: info.friendlyName, url: client.baseUrl, path: loaded.path };
}

async function pinLogin(session: Session, runner: CommandRunner, flags: LoginFlags): Promise<void> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    const saved = await signInWithPin(session, {
      signal: controller.signal,
      serverName: flags.serverName,
      showPin: (address) => runner.output.err(`Open this address in a browser and approve plexterm:\n\n  ${address}\n\nWaiting for approval (Ctrl-C to cancel)…`),
      progress: (text) => runner.output.err(terminalLine(text)),
      // On a terminal the person picks the server; piped, the account's own is used and the others named.
      ...(process.stdin.isTTY && process.stderr.isTTY ? { pickServer: askForServer } : {}),
    });
    runner.output.out(`Using ${terminalLine(saved.name)} at ${saved.url} (${saved.kind} connection). Saved in ${saved.path}.`);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

/** Asks on the terminal which server to use: a number or a name; Enter takes the suggested one. */
async function askForServer(servers: ServerChoice[], suggested: number, signal: AbortSignal): Promise<number> {
  const { createInterface } = await import('node:readline/promises');
  const listed = servers.map((server, index) => `  ${index + 1}. ${terminalLine(server.name)}${server.owned ? ' (yours)' : ''}`);
  process.stderr.write(`Your account reaches ${servers.length} servers:\n${listed.join('\n')}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const cancelled = new AbortController();
  // On a terminal readline takes Ctrl-C itself: it cancels the sign-in like a SIGINT would.
  prompt.on('SIGINT', () => cancelled.abort());
  try {
    for (;;) {
      const answer = (await prompt.question(`Which one? [${suggested + 1}] `, { signal: AbortSignal.any([signal, cancelled.signal]) })).trim();
      if (answer === '') return suggested;
      const byName = servers.findIndex((server) => server.name.toLowerCase() === answer.toLowerCase());
      const index = /^\d+$/.test(answer) ? Number(answer) - 1 : byName;
      if (index >= 0 && index < servers.length) return index;
      process.stderr.write(`Give a number from 1 to ${servers.length}, or a server's name.\n`);
    }
  } catch (error) {
    if (signal.aborted || cancelled.signal.aborted) throw new PlextermError('sign-in was cancelled', { code: 'aborted', exitCode: ExitCode.usage });
    throw error;
  } finally {
    prompt.close();
  }
}

export interface PinSignInHooks {
  signal: AbortSignal;
  serverName?: string | undefined;
  /** The address to open (it carries the code) and the code itself. */
  showPin(address: string, code: string): void;
  progress(text: string): void;
  /**
   * Asks which server to use when the account reaches several and none was named (the TUI shows a
   * list); resolves with the index of the chosen one. Without it the account's own server is used
   * and the others are named.
   */
  pickServer?(servers: ServerChoice[], suggested: number, signal: AbortSignal): Promise<number>;
}

/** A server the account reaches, as a chooser lists it. */
export interface ServerChoice {
  name: string;
  owned: boolean;
}

/** The PIN flow: waits for approval, picks the server and its best connection, saves them with the token. */
export async function signInWithPin(session: Session, hooks: PinSignInHooks): Promise<{ name: string; url: string; kind: string; path: string }> {
  const { authUrl, raceConnections, waitForPin } = await import('../../plex/index.js');
  const plexTv = await session.plexTv();
  const clientIdentifier = await session.clientIdentifier();
  const pin = await plexTv.createPin();
  hooks.showPin(authUrl(clientIdentifier, pin.code), pin.code);
  const accountToken = await waitForPin(pin, { plexTv, signal: hooks.signal });
  const user = await plexTv.user(accountToken);
  const resources = await plexTv.resources(accountToken);
  const chosen = chooseServer(resources, hooks.serverName, user.username ?? user.email ?? 'this account');
  const server = chosen.others.length > 0 && hooks.pickServer ? await pickServer(chosen, hooks.pickServer, hooks.signal) : chosen.server;
  const { others } = chosen;
  if (others.length > 0 && !hooks.pickServer) hooks.progress(`The account reaches ${others.length + 1} servers; using ${server.name}${server.owned ? ' (yours)' : ''}. For another (${others.join(', ')}): plexterm login --server-name NAME`);
  const serverToken = server.accessToken ?? accountToken;
  registerSecret(serverToken);
  hooks.progress(`Signed in as ${user.username ?? user.email ?? 'your account'}. Looking for the best way to reach ${server.name}…`);
  // Each connection's check takes the race's own short default (a listed address that never answers
  // must not hold the sign-in up), unless --timeout says how long an attempt may take.
  const attemptSeconds = session.options.timeout;
  const winner = await raceConnections(server.connections, {
    identity: { clientIdentifier },
    token: serverToken,
    serverName: server.name,
    machineIdentifier: server.clientIdentifier,
    ...(attemptSeconds === undefined ? {} : { timeoutMs: attemptSeconds * 1000 }),
  });
  const loaded = await session.config();
  const config: PlextermConfig = { ...loaded.config, server: { url: winner.uri, name: server.name, machineIdentifier: server.clientIdentifier }, token: serverToken };
  if (serverToken !== accountToken) config.accountToken = accountToken;
  else delete config.accountToken;
  await saveConfigFile(session.paths.config, config);
  return { name: server.name, url: winner.uri, kind: winner.kind, path: loaded.path };
}

async function pickServer({ server, servers }: { server: PlexResource; servers: PlexResource[] }, pick: NonNullable<PinSignInHooks['pickServer']>, signal: AbortSignal): Promise<PlexResource> {
  const index = await pick(servers.map(({ name, owned }) => ({ name, owned })), servers.indexOf(server), signal);
  const picked = servers[index];
  if (!picked) throw new UsageError(`there is no server number ${index + 1}; the account has ${servers.length}`);
  return picked;
}

/**
 * The server to use: the one named `wanted`, else the account's own, else the first; with the names of
 * the others when none was named (so the person hears how to pick one of them instead).
 */
export function chooseServer(resources: readonly PlexResource[], wanted: string | undefined, account: string): { server: PlexResource; others: string[]; servers: PlexResource[] } {
  const servers = resources.filter((resource) => resource.provides.split(',').includes('server'));
  if (servers.length === 0) throw new PlextermError(`no Plex Media Server is linked to ${account}`, { code: 'no-server', exitCode: 2 });
  if (wanted) {
    const match = servers.find((server) => server.name.toLowerCase() === wanted.toLowerCase());
    if (!match) throw new UsageError(`no server named "${wanted}"; the account has: ${servers.map((server) => server.name).join(', ')}`);
    return { server: match, others: [], servers };
  }
  const server = servers.find((candidate) => candidate.owned) ?? (servers[0] as PlexResource);
  return { server, others: servers.filter((candidate) => candidate !== server).map((candidate) => candidate.name), servers };
}

/** The config module is loaded when a sign-in saves, not when the command is declared (`plexterm --help` needs none of it). */
async function saveConfigFile(path: string, config: PlextermConfig): Promise<void> {
  const { saveConfig } = await import('../../base/config.js');
  await saveConfig(path, config);
}
