// What a README says about the CLI and the TUI, read out of its Markdown: the commands and flags it shows, the keys of its key table, the `when` contexts it lists.

export interface CommandClaim {
  /** `libraries`, `cache open`; '' for plexterm with no command. */
  command: string;
  flags: string[];
  /** Where it was found, to name it in a failure. */
  source: string;
}

export interface ReadmeClaims {
  commands: CommandClaim[];
  /** Flags in the prose, not tied to one command line: each must exist somewhere. */
  looseFlags: string[];
  /** Flags of the "Global options:" paragraph. */
  globalFlags: string[];
  /** Keys of the key table in VS Code syntax (`up`, `shift+g`, `ctrl+p`), or `unknown:Name` for a name this reader does not know. */
  keys: string[];
  whenContexts: string[];
}

/** Global options that take a value: the word after them is not a command. */
const valuedGlobals = new Set(['--home', '--server', '--token', '--plex-tv', '--timeout', '--plugins-dir']);
/** Commands that have subcommands. */
const groups = new Set(['cache', 'plugins']);
/** Flags of other programs the README mentions (node's, npm's, mpv's, setpriv's). */
const foreignFlags = new Set(['--initial-old-space-size', '--no-opt', '--no-maglev', '--silent', '--vo', '--pdeathsig', '--permission', '--experimental-permission', '--single-threaded', '--import', '--no-config']);

const keyNames: Record<string, string> = {
  '↑': 'up',
  '↓': 'down',
  '←': 'left',
  '→': 'right',
  PgUp: 'pageup',
  PgDn: 'pagedown',
  Enter: 'enter',
  Backspace: 'backspace',
  Delete: 'delete',
  Esc: 'escape',
  Tab: 'tab',
};

function flagName(token: string): string {
  return token.replace(/^\[|\]$/g, '').split('=')[0] ?? token;
}

/** One command line as typed: env assignments, `plexterm`, global options, the command (and subcommand), its flags. */
export function commandOfLine(line: string, source: string): CommandClaim | null {
  const words = line.replace(/\\\|/g, '|').replace(/\s#.*$/, '').trim().split(/\s+/);
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0] ?? '')) words.shift();
  if (words.shift() !== 'plexterm') return null;
  const flags: string[] = [];
  let command = '';
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '--') break;
    if (/^\[?--[a-z]/.test(word)) {
      const flag = flagName(word);
      flags.push(flag);
      if (command === '' && valuedGlobals.has(flag) && !word.includes('=')) index += 1;
    } else if (/^[a-z][a-z-]*$/.test(word) && (command === '' || (groups.has(command) && !command.includes(' ')))) {
      command = command === '' ? word : `${command} ${word}`;
    }
    // Anything else is an argument (<ratingKey>, 103, dragon...): only flags matter after the command.
  }
  return { command, flags, source };
}

function flagsIn(text: string): string[] {
  return [...text.matchAll(/`([^`]*)`/g)].flatMap((match) => [...(match[1] ?? '').matchAll(/(?:^|[\s[])(--[a-z][a-z-]*)/g)].map((flag) => flag[1] ?? ''));
}

export function readmeClaims(text: string, name: string): ReadmeClaims {
  const commands: CommandClaim[] = [];
  const looseFlags: string[] = [];
  const globalFlags: string[] = [];
  const keys: string[] = [];
  const whenContexts: string[] = [];
  const lines = text.split('\n');
  let inCode = false;
  let paragraph = '';
  const endParagraph = () => {
    if (paragraph.startsWith('Global options:')) globalFlags.push(...flagsIn(paragraph));
    const contexts = /`when` contexts \(([^)]*)\)/.exec(paragraph);
    if (contexts) whenContexts.push(...[...(contexts[1] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1] ?? ''));
    paragraph = '';
  };
  let keyTable = false;
  for (const [index, line] of lines.entries()) {
    const source = `${name}:${index + 1}`;
    if (line.startsWith('```')) {
      inCode = !inCode;
      endParagraph();
      continue;
    }
    if (inCode) {
      const claim = commandOfLine(line, source);
      if (claim && /^(?:[A-Z_]+=\S+\s+)*plexterm\s/.test(line)) commands.push(claim);
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      keyTable = false;
      continue;
    }
    paragraph += `${paragraph === '' ? '' : ' '}${line.trim()}`;
    const spans = [...line.replace(/\\\|/g, '\u0000').matchAll(/`([^`]*)`/g)].map((match) => (match[1] ?? '').replace(/\u0000/g, '|'));
    const spanClaims = spans.map((span) => commandOfLine(span, source)).filter((claim): claim is CommandClaim => claim !== null);
    if (line.startsWith('|')) {
      const cells = line.replace(/\\\|/g, '\u0000').split('|').slice(1, -1);
      if (/^\|\s*key\s*\|\s*does\s*\|/.test(line)) keyTable = true;
      else if (keyTable && !/^\|\s*-/.test(line)) keys.push(...keysOfCell(cells[0] ?? ''));
      // A commands table row: the flags of its other cells belong to the command of its first cell.
      const first = spanClaims[0];
      if (first && (cells[0] ?? '').includes(`\`plexterm`)) {
        first.flags.push(...flagsIn(cells.slice(1).join('|').replace(/\u0000/g, '|')));
      }
    }
    commands.push(...spanClaims);
    const claimed = new Set(spanClaims.flatMap((claim) => claim.flags));
    looseFlags.push(...flagsIn(line).filter((flag) => !claimed.has(flag) && !foreignFlags.has(flag)));
  }
  endParagraph();
  return { commands, looseFlags, globalFlags, keys, whenContexts };
}

/** `` `↑` `↓` / `k` `j`, `g` `G`, PgUp PgDn `` → up, down, k, j, g, shift+g, pageup, pagedown. */
export function keysOfCell(cell: string): string[] {
  const keys = [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
  const words = cell.replace(/`[^`]+`/g, ' ').split(/[\s,/]+/).filter((word) => word !== '' && word !== 'or');
  return [...keys, ...words].map((key) => {
    if (keyNames[key]) return keyNames[key];
    const control = /^Ctrl-(.)$/.exec(key);
    if (control) return `ctrl+${(control[1] ?? '').toLowerCase()}`;
    if (/^[A-Z]$/.test(key)) return `shift+${key.toLowerCase()}`;
    if (key.length === 1) return key;
    return `unknown:${key}`;
  });
}
