// Per-plugin JSON mementos, persisted by the main process: one durable file per plugin in the data folder.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { moveAside, writeFileDurably } from '../base/durableFile.js';
import { describeError } from '../base/errors.js';

export class PluginStorage {
  private readonly values = new Map<string, Record<string, unknown>>();
  private readonly writes = new Map<string, Promise<void>>();

  /** `folder` null keeps mementos in memory for this process only. */
  constructor(
    private readonly folder: string | null,
    private readonly log: (line: string) => void,
  ) {}

  async read(pluginId: string): Promise<Record<string, unknown>> {
    const known = this.values.get(pluginId);
    if (known) return { ...known };
    const loaded = await this.load(pluginId);
    this.values.set(pluginId, loaded);
    return { ...loaded };
  }

  /** Sets (or with `remove`, deletes) one key and resolves once the file holding it is durably written. */
  async update(pluginId: string, key: string, value: unknown, remove: boolean): Promise<void> {
    const values = { ...(await this.read(pluginId)) };
    if (remove) delete values[key];
    else values[key] = value;
    this.values.set(pluginId, values);
    if (this.folder === null) return;
    const folder = this.folder;
    const previous = this.writes.get(pluginId) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeFileDurably(this.pathOf(pluginId), `${JSON.stringify(this.values.get(pluginId) ?? {}, null, 2)}\n`);
      });
    this.writes.set(pluginId, write);
    await write;
  }

  private pathOf(pluginId: string): string {
    return join(this.folder ?? '', `${pluginId}.json`);
  }

  private async load(pluginId: string): Promise<Record<string, unknown>> {
    if (this.folder === null) return {};
    const path = this.pathOf(pluginId);
    let text: string;
    try {
      // Read at once (a small file): a plugin's activation waits for it, and an awaited read would wait behind
      // whatever holds this process's thread (a play loading its modules as the player's plugin activates).
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`[plugin: ${pluginId}] cannot read its storage: ${describeError(error)}`);
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // handled below: a damaged file is moved aside, never deleted
    }
    const aside = await moveAside(path).catch(() => path);
    this.log(`[plugin: ${pluginId}] its storage file was damaged and was moved aside to ${aside}; it starts empty`);
    return {};
  }
}
