// In the extension host: which plugin the running code belongs to (AsyncLocalStorage), for log prefixes and for blame.
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import type { Disposable } from '../base/disposable.js';

const scope = new AsyncLocalStorage<string>();
let lastEntered: string | undefined;
let enterListener: ((pluginId: string) => void) | undefined;

function notice(pluginId: string | undefined): void {
  if (pluginId === undefined || pluginId === lastEntered) return;
  lastEntered = pluginId;
  enterListener?.(pluginId);
}

/** Runs plugin code so that it, and every callback it schedules, is known to belong to `pluginId`. */
export function runAsPlugin<T>(pluginId: string, run: () => T): T {
  notice(pluginId);
  return scope.run(pluginId, run);
}

export function currentPlugin(): string | undefined {
  return scope.getStore();
}

/**
 * Calls `onEnter` each time code of a different plugin starts to run (a call, a timer, a promise
 * continuation). The call happens before the plugin's code runs, so if that code then spins forever
 * or kills the process, plexterm already knows whom to blame.
 */
export function watchPluginEntries(onEnter: (pluginId: string) => void): Disposable {
  enterListener = onEnter;
  const hook = createHook({ before: () => notice(scope.getStore()) }).enable();
  return {
    dispose() {
      hook.disable();
      enterListener = undefined;
    },
  };
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/** Prefixes every line written to `stream` with the plugin that wrote it, `[plugin: id]`, or `[plugin host]`. */
export function attributeOutput(stream: NodeJS.WriteStream): void {
  const original = stream.write.bind(stream) as Write;
  let atLineStart = true;
  const write: Write = (chunk, ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const pluginId = scope.getStore();
    const prefix = pluginId === undefined ? '[plugin host] ' : `[plugin: ${pluginId}] `;
    let output = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (atLineStart && piece.length > 0) output += prefix;
      output += piece;
      atLineStart = piece.endsWith('\n');
    }
    const encodingDropped = typeof rest[0] === 'string' ? rest.slice(1) : rest;
    return original(output, ...encodingDropped);
  };
  stream.write = write as typeof stream.write;
}
