// The module hooks of loadedModules.ts: each ES module (and each CommonJS module imported from one) is listed as it loads.
import { appendFileSync } from 'node:fs';

type LoadNext = (url: string, context: unknown) => Promise<unknown>;

let listFile = '';

export function initialize(data: { listFile: string }): void {
  listFile = data.listFile;
}

export async function load(url: string, context: unknown, nextLoad: LoadNext): Promise<unknown> {
  if (!url.startsWith('node:')) appendFileSync(listFile, `${url}\n`);
  return nextLoad(url, context);
}
