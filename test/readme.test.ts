// The README tells the truth about the CLI and the TUI: every command and flag it shows is in the real CLI's --help,
// every key of its key table is bound by default, and its `when` context list is exactly the TUI's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/base/packageRoot.js';
import { defaultKeybindings } from '../src/tui/keys/keybindingDefaults.js';
import { whenContexts } from '../src/extensions/whenClause.js';
import { runMain } from './helpers/cliInProcess.js';
import { readmeClaims } from './helpers/readmeClaims.js';

const root = packageRoot();
const readmes = ['README.md', 'themes/README.md', ...['custom-player', 'mpv', 'now-playing', 'offline', 'vlc'].map((plugin) => `plugins/${plugin}/README.md`)];

/** One command's --help: its subcommands and its flags. */
interface Help {
  commands: string[];
  flags: string[];
}

function section(help: string, title: string): string {
  return new RegExp(`^${title}:\\n((?:  .*\\n|\\s*\\n)*)`, 'm').exec(`${help}\n`)?.[1] ?? '';
}

function parseHelp(help: string): Help {
  const commands = [...section(help, 'Commands').matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((match) => match[1] ?? '');
  const flags = [...section(help, 'Options').matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((match) => match[1] ?? '');
  return { commands, flags };
}

const helps = new Map<string, Promise<Help>>();

/** The CLI's --help for a command ('' for plexterm itself, 'cache open' for a subcommand), from main() in this process, once each. */
function helpOf(command: string): Promise<Help> {
  let help = helps.get(command);
  if (!help) {
    help = runMain([...command.split(' ').filter(Boolean), '--help']).then((result) => {
      if (result.code !== 0) throw new Error(`plexterm ${command} --help exited ${result.code}: ${result.stderr}`);
      return parseHelp(result.stdout);
    });
    helps.set(command, help);
  }
  return help;
}

/** Every false claim in one README's text, one line each. `playerFlags`: its prose is about a player's own flags, so only its plexterm command lines are checked. */
async function readmeProblems(text: string, name: string, playerFlags = false): Promise<string[]> {
  const claims = readmeClaims(text, name);
  if (playerFlags) claims.looseFlags = [];
  const problems: string[] = [];
  const top = await helpOf('');
  const groupOf = (command: string) => command.split(' ')[0] ?? '';
  const known = async (command: string): Promise<boolean> => {
    if (command === '') return true;
    const [group, sub] = command.split(' ');
    if (!top.commands.includes(group ?? '')) return false;
    return sub === undefined || (await helpOf(group ?? '')).commands.includes(sub);
  };
  const everyFlag = new Set(top.flags);
  for (const claim of claims.commands) {
    if (!(await known(claim.command))) {
      problems.push(`${claim.source}: plexterm ${claim.command}: no such command (plexterm ${groupOf(claim.command) === claim.command ? '' : `${groupOf(claim.command)} `}--help does not list it)`);
      continue;
    }
    const help = await helpOf(claim.command);
    for (const flag of help.flags) everyFlag.add(flag);
    for (const flag of claim.flags) {
      if (!help.flags.includes(flag) && !top.flags.includes(flag)) problems.push(`${claim.source}: plexterm ${claim.command} ${flag}: no such flag (not in plexterm ${claim.command} --help)`);
    }
  }
  if (claims.looseFlags.some((flag) => !everyFlag.has(flag))) {
    // A flag named in the prose may belong to any command: look through all of them.
    for (const command of top.commands) for (const flag of (await helpOf(command)).flags) everyFlag.add(flag);
    for (const sub of (await helpOf('cache')).commands) for (const flag of (await helpOf(`cache ${sub}`)).flags) everyFlag.add(flag);
  }
  for (const flag of new Set(claims.looseFlags)) if (!everyFlag.has(flag)) problems.push(`${name}: ${flag} is no flag of any plexterm command`);
  for (const flag of claims.globalFlags) if (!top.flags.includes(flag)) problems.push(`${name}: global option ${flag} is not in plexterm --help`);
  const bound = new Set(defaultKeybindings.map((rule) => rule.key));
  for (const key of new Set(claims.keys)) {
    if (key.startsWith('unknown:')) problems.push(`${name}: the key table names ${key.slice('unknown:'.length)}, which is no key name this test knows`);
    else if (!bound.has(key)) problems.push(`${name}: the key table names ${key}, which src/tui/keys/keybindingDefaults.ts does not bind`);
  }
  if (claims.whenContexts.length > 0) {
    const real = Object.keys(whenContexts);
    for (const context of claims.whenContexts) if (!real.includes(context)) problems.push(`${name}: the when context ${context} is not in src/extensions/whenClause.ts`);
    for (const context of real) if (!claims.whenContexts.includes(context)) problems.push(`${name}: the when context list misses ${context} (src/extensions/whenClause.ts has it)`);
  }
  return problems;
}

test('every command, flag, key and when context the READMEs name exists in the real CLI and TUI', async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const name of readmes) {
    const text = readFileSync(join(root, name), 'utf8');
    const claims = readmeClaims(text, name);
    checked += claims.commands.length + claims.keys.length + claims.whenContexts.length;
    problems.push(...(await readmeProblems(text, name, name.startsWith('plugins/'))));
  }
  const main = readmeClaims(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md');
  // The reader found what README.md is known to hold, so an empty list of problems means something.
  assert.ok(main.commands.some((claim) => claim.command === 'cache verify' && claim.flags.includes('--sample')), 'the commands table was not read');
  assert.ok(main.keys.includes('shift+g') && main.keys.includes('ctrl+p'), 'the key table was not read');
  assert.ok(main.whenContexts.includes('listFocus'), 'the when context list was not read');
  assert.ok(checked > 50, `only ${checked} claims read`);
  assert.equal(problems, [], `the READMEs name what does not exist:\n${problems.join('\n')}`);
});

test('a planted false claim of each kind is reported', async () => {
  const planted = [
    'Run `plexterm cache frobnicate 12` or `plexterm ls 1 --colour`.',
    '',
    '```sh',
    'plexterm --demo gallop --json',
    '```',
    '',
    'Listings take `--xml`.',
    '',
    'Global options: `--demo`, `--turbo`.',
    '',
    '| key | does |',
    '| --- | --- |',
    '| `Z`, Ctrl-Q, Hyper | nothing |',
    '',
    `The \`when\` contexts (${Object.keys(whenContexts)
      .filter((context) => context !== 'cacheFocus')
      .map((context) => `\`${context}\``)
      .join(', ')}, \`mouseFocus\`).`,
  ].join('\n');
  assert.equal(await readmeProblems(planted, 'PLANTED.md'), [
    'PLANTED.md:1: plexterm cache frobnicate: no such command (plexterm cache --help does not list it)',
    'PLANTED.md:1: plexterm ls --colour: no such flag (not in plexterm ls --help)',
    'PLANTED.md:4: plexterm gallop: no such command (plexterm --help does not list it)',
    'PLANTED.md: --xml is no flag of any plexterm command',
    'PLANTED.md: --turbo is no flag of any plexterm command',
    'PLANTED.md: global option --turbo is not in plexterm --help',
    'PLANTED.md: the key table names shift+z, which src/tui/keys/keybindingDefaults.ts does not bind',
    'PLANTED.md: the key table names ctrl+q, which src/tui/keys/keybindingDefaults.ts does not bind',
    'PLANTED.md: the key table names Hyper, which is no key name this test knows',
    'PLANTED.md: the when context mouseFocus is not in src/extensions/whenClause.ts',
    'PLANTED.md: the when context list misses cacheFocus (src/extensions/whenClause.ts has it)',
  ]);
});

test.run();
