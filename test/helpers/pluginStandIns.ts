// Stand-in player programs for the plugin tests: shell scripts that record their arguments, then exit or wait.
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findOnPath } from './pluginHarness.js';
import { makeTempFolder, type TempFolder } from './tempFolder.js';

/**
 * The real programs a stand-in run needs besides the stand-ins: `sleep` (a waiting stand-in) and
 * `setpriv` (the bundled players give every player a parent-death signal through it).
 */
const toolsOnPath = ['sleep', 'setpriv'];

export interface StandIn {
  path: string;
  /** The arguments of its last run, one per element (empty before it ran). */
  recordedArgs(): Promise<string[]>;
  /** The process id of its last run (it stays the same through the `exec sleep` of a waiting one). */
  lastPid(): Promise<number>;
}

export interface StandInFolder {
  folder: TempFolder;
  /**
   * Writes an executable `name` that records its arguments, prints `stderrLine` on stderr, then exits
   * with `exitCode`, or with `waits` sleeps until it is killed.
   */
  write(name: string, behaviour?: { exitCode?: number; stderrLine?: string; waits?: boolean }): Promise<StandIn>;
  /**
   * Runs `body` with a PATH of its own: this folder's stand-ins and the tools they need, and nothing
   * else, so a player installed on the machine (a real cvlc) is never found. The plugin host inherits
   * it when it starts meanwhile.
   */
  onlyOnPath<T>(body: () => Promise<T>): Promise<T>;
  remove(): Promise<void>;
}

export async function standInFolder(): Promise<StandInFolder> {
  const folder = await makeTempFolder('plexterm-standins-');
  return {
    folder,
    async write(name, { exitCode = 0, stderrLine, waits = false } = {}) {
      const path = join(folder.path, name);
      const record = `${path}.args`;
      const lines = [
        '#!/bin/sh',
        `: > '${record}'`,
        `echo $$ > '${path}.pid'`,
        `for argument in "$@"; do printf '%s\\n' "$argument" >> '${record}'; done`,
        ...(stderrLine ? [`echo '${stderrLine}' >&2`] : []),
        ...(waits ? ['exec sleep 600'] : []),
        `exit ${exitCode}`,
      ];
      await writeFile(path, `${lines.join('\n')}\n`);
      await chmod(path, 0o755);
      return {
        path,
        async recordedArgs() {
          const text = await readFile(record, 'utf8').catch(() => '');
          return text === '' ? [] : text.replace(/\n$/, '').split('\n');
        },
        async lastPid() {
          return Number((await readFile(`${path}.pid`, 'utf8')).trim());
        },
      };
    },
    async onlyOnPath(body) {
      const tools = join(folder.path, 'tools');
      await mkdir(tools, { recursive: true });
      for (const name of toolsOnPath) {
        const real = findOnPath(name);
        if (real === null) throw new Error(`${name} is not on PATH; the stand-in tests need it (.ci/run installs it with apt-get)`);
        await symlink(real, join(tools, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
      }
      const saved = process.env.PATH;
      process.env.PATH = `${folder.path}:${tools}`;
      try {
        return await body();
      } finally {
        process.env.PATH = saved;
      }
    },
    remove: () => folder.remove(),
  };
}
