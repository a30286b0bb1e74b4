// Commands: the typed map of command ids, and registering and running them.
import type { CustomPlayerListing, KeptOffline, OfflineProgress, ReleasedOffline } from './bundledCommands.js';
import type { CommandContext } from './commandContext.js';
import type { Disposable } from './plainData.js';

/**
 * Every command id plexterm knows the arguments and result of, as one method signature each: the
 * parameters are what `execute` passes (and the handler receives), the return type what the handler
 * returns (`execute` resolves with it). Arguments and results cross between processes, so they are
 * plain data (see PlainData). The bundled plugins' commands are listed here; a plugin written in
 * TypeScript adds its own, and those of other plugins it runs, by declaration merging:
 *
 * ```ts
 * declare module 'plexterm/api' {
 *   interface CommandMap {
 *     'hello.greet'(context?: CommandContext): string;
 *   }
 * }
 * ```
 *
 * A command the person runs gets a CommandContext first; an offline command also takes an explicit
 * ratingKey instead (`commands.execute('offline.keepSeason', '124')`).
 */
export interface CommandMap {
  'offline.keepSeason'(target?: CommandContext | string): KeptOffline;
  'offline.keepShow'(target?: CommandContext | string): KeptOffline;
  /** Every kept group's progress, or only that of the group an explicit ratingKey names. */
  'offline.progress'(target?: CommandContext | string): OfflineProgress[];
  'offline.release'(target?: CommandContext | string): ReleasedOffline;
  'custom-player.list'(): CustomPlayerListing[];
}

/** An id of `CommandMap`. */
export type CommandId = keyof CommandMap & string;

/** What command `K` is given. */
export type CommandArguments<K extends CommandId> = CommandMap[K] extends (...args: infer A) => unknown ? A : never;

/** What command `K` returns. */
export type CommandResult<K extends CommandId> = CommandMap[K] extends (...args: never[]) => infer R ? R : never;

/** A handler for command `K`: it may return its result or a promise of it. */
export type CommandHandler<K extends CommandId> = (...args: CommandArguments<K>) => CommandResult<K> | Promise<CommandResult<K>>;

export interface CommandsApi {
  /**
   * Registers the handler of a command (its id declared in CommandMap); its arguments and result must
   * be plain data.
   *
   * As in VS Code, where a menu passes what it was opened on as the first argument and
   * `executeCommand` passes only its own arguments:
   * - run by the person (the command palette, a key binding), the handler gets one argument, the
   *   `CommandContext`: the selected item, the focused pane, the listing's key;
   * - run by `plexterm run <id> [args...]`: a command whose contributed `when` names `itemSelected` or
   *   `itemType` acts on an item, so its first argument is a ratingKey that plexterm looks up on the
   *   server, and the handler gets the same `CommandContext` (`source: "cli"`, no focus) followed by
   *   the other arguments (`plexterm run offline.keepSeason 126`); any other command gets the
   *   arguments as they are, read as JSON when they parse;
   * - run by a plugin (`commands.execute(id, ...args)`): exactly those arguments.
   *
   * A command's contributed `when` (`"when": "itemType == season || itemType == episode"`) also hides
   * it from the palette where it is false.
   */
  register<K extends CommandId>(id: K, handler: CommandHandler<K>): Disposable;
  /** Runs any plugin's command, activating that plugin first; resolves with the handler's result (null when it returns nothing). */
  execute<K extends CommandId>(id: K, ...args: CommandArguments<K>): Promise<CommandResult<K>>;
}
