// docs/keybindings.md's tables, made from the sources: every `when` context, every command with its title and default keys.
import { defaultCommandTitles, defaultKeybindings } from './keybindingDefaults.js';
import { whenContexts } from '../../extensions/whenClause.js';

const contextsHeading = '## Contexts';

/** The page's generated part: the contexts table, the commands table and the line saying where they come from. */
export function keybindingTables(): string {
  const contexts = Object.entries(whenContexts).map(([name, meaning]) => `| \`${name}\` | ${meaning} |`);
  const commands = Object.entries(defaultCommandTitles).map(([command, title]) => {
    const keys = defaultKeybindings.filter((binding) => binding.command === command).map((binding) => `\`${binding.key}\`${binding.when ? ` (when \`${binding.when}\`)` : ''}`);
    return `| \`${command}\` | ${title} | ${keys.join(', ')} |`;
  });
  return [
    contextsHeading,
    '',
    '| context | true when |',
    '| --- | --- |',
    ...contexts,
    '',
    '## Commands and their default keys',
    '',
    '| command | what it does | default keys |',
    '| --- | --- | --- |',
    ...commands,
    '',
    'This page is generated from `src/extensions/whenClause.ts` and `src/tui/keys/keybindingDefaults.ts` (`npm run docs`); a test checks that it is current.',
    '',
  ].join('\n');
}

/** `page` with everything from its contexts heading on made again from the sources; the text before it is kept. */
export function withGeneratedTables(page: string): string {
  const start = page.indexOf(contextsHeading);
  return `${start < 0 ? `${page.trimEnd()}\n\n` : page.slice(0, start)}${keybindingTables()}`;
}
