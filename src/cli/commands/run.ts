// `plexterm run <command> [args...]`: runs one plugin command headless and prints its result; how people script plexterm.
import { ExitCode, PlextermError } from '../../base/errors.js';
import { terminalParagraphs } from '../../base/terminalText.js';
import type { CommandContext, PlainData } from '../../api/index.js';
import { commandContext, commandItemOf } from '../../extensions/commandContext.js';
import type { PluginInfo } from '../../extensions/pluginRecord.js';
import { namesSelectedItem, parseWhenClause, WhenClauseError } from '../../extensions/whenClause.js';
import { printJson, type Output } from '../output.js';
import type { Session } from '../../session/session.js';

export interface RunFlags {
  json?: boolean;
  /** Stay until every pinned download (the command's, and any earlier run left unfinished) is complete. */
  wait?: boolean;
}

/** Each argument as JSON when it parses (`42`, `true`, `{"a":1}`, `"quoted"`), else the text as it is. */
function parseCommandArgument(text: string): PlainData {
  try {
    return JSON.parse(text) as PlainData;
  } catch {
    return text;
  }
}

/** True when the command's contributed `when` names the selected item: from the CLI its first argument is that item's ratingKey. */
function actsOnItem(plugins: readonly PluginInfo[], commandId: string): boolean {
  const when = plugins.flatMap((plugin) => plugin.contributes.commands ?? []).find((command) => command.command === commandId)?.when;
  if (when === undefined || when.trim() === '') return false;
  try {
    return namesSelectedItem(parseWhenClause(when));
  } catch (error) {
    if (error instanceof WhenClauseError) return false; // the TUI reports it; here the arguments go as they are
    throw error;
  }
}

/** The context the TUI would give with the item `ratingKey` selected, looked up on the server; none given: nothing selected. */
async function cliCommandContext(session: Session, ratingKey: string | undefined): Promise<CommandContext> {
  if (ratingKey === undefined) return commandContext({ source: 'cli' });
  const item = await (await session.client()).metadata(ratingKey);
  return commandContext({ source: 'cli', item: commandItemOf(item) });
}

export async function runAction(session: Session, output: Output, flags: RunFlags, commandId: string, args: string[]): Promise<void> {
  const extensions = await session.extensions();
  const [first, ...rest] = args;
  const commandArgs = actsOnItem(extensions.plugins(), commandId)
    ? [await cliCommandContext(session, first), ...rest.map(parseCommandArgument)]
    : args.map(parseCommandArgument);
  // A plugin error names the plugin ("[plugin: id] ...") and ends the run with exit code 2 through main's reportFailure.
  const result = await extensions.executeCommand(commandId, ...commandArgs);
  printResult(output, flags, result);
  if (flags.wait) {
    const { waitForPinnedDownloads } = await import('./pinnedDownloads.js');
    // Pinned downloads of earlier runs are finished too: --wait means "every pin is on disk" afterwards.
    try {
      await session.resumePinnedDownloads();
    } catch (error) {
      if (!(error instanceof PlextermError) || error.code !== 'cache-locked') throw error;
      throw new PlextermError(`--wait cannot take the cache: ${error.message.split(';')[0]}; follow the downloads with \`plexterm cache watch\` instead`, { code: 'cache-locked', exitCode: ExitCode.usage });
    }
    await waitForPinnedDownloads(await session.cache(), output);
  }
}

function printResult(output: Output, flags: RunFlags, result: unknown): void {
  if (flags.json) return printJson(output, result ?? null);
  if (result === undefined || result === null) return;
  // A plugin's text: its lines as they are, nothing that could drive the terminal (--json keeps it exact).
  if (typeof result === 'string') return output.out(terminalParagraphs(result));
  printJson(output, result);
}
