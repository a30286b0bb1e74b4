// Which third-party plugins the person trusted, each with the hash of its files then: a changed plugin is a stranger again.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describeError, UsageError } from '../base/errors.js';
import { writeFileDurably } from '../base/durableFile.js';

/** One trusted plugin, as the trust file keeps it. */
export interface TrustedPlugin {
  /** `sha256:<hex>` of the plugin's files when it was trusted. */
  hash: string;
  folder: string;
  trustedAt: string;
}

interface TrustFile {
  version: 1;
  plugins: Record<string, TrustedPlugin>;
}

const trustFileName = 'trusted-plugins.json';

/**
 * The hash of every file under `folder` (names and contents, in a fixed order). A symbolic link counts
 * by its target's content when that is a file, else by where it points.
 */
async function pluginContentHash(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const paths = entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
  for (const path of paths.sort()) {
    const name = relative(folder, path);
    const content = await readFile(path).catch(async () => Buffer.from(`link → ${await readlink(path).catch(() => '')}`));
    hash.update(`${name}\0${content.length}\0`).update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The trust file in the config folder (0600). Read anew each time: `plexterm plugins trust` may run beside a TUI. */
export class PluginTrustStore {
  readonly path: string;

  constructor(configFolder: string) {
    this.path = join(configFolder, trustFileName);
  }

  /** Whether `id` was trusted with exactly these files. */
  async isTrusted(id: string, folder: string): Promise<boolean> {
    const trusted = (await this.read()).plugins[id];
    if (!trusted || trusted.folder !== folder) return false;
    return trusted.hash === (await pluginContentHash(folder));
  }

  async trust(id: string, folder: string): Promise<void> {
    const file = await this.read();
    file.plugins[id] = { hash: await pluginContentHash(folder), folder, trustedAt: new Date().toISOString() };
    await this.write(file);
  }

  /** Resolves with whether `id` was trusted before. */
  async untrust(id: string): Promise<boolean> {
    const file = await this.read();
    if (!(id in file.plugins)) return false;
    delete file.plugins[id];
    await this.write(file);
    return true;
  }

  private async read(): Promise<TrustFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, plugins: {} };
      throw new UsageError(`cannot read ${this.path}: ${describeError(error)}`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<TrustFile>;
      if (typeof parsed.plugins !== 'object' || parsed.plugins === null) throw new Error('no "plugins" object');
      return { version: 1, plugins: { ...parsed.plugins } };
    } catch (error) {
      // Trusting nothing is the safe reading of a damaged file; the file is left for the person to look at.
      throw new UsageError(`${this.path} is damaged (${describeError(error)}): fix or delete it, then trust your plugins again`);
    }
  }

  private async write(file: TrustFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  }
}
