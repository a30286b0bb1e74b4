// Preloaded into a child process (`--import`): writes the file of every module the process loads, one a line,
// to the file named by PLEXTERM_TEST_LOADED_MODULES, so a test can say what a command must not load. Node's own
// modules it loaded (its internal ones too, such as undici behind the global fetch) follow as `node:NAME` lines.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const listFile = process.env.PLEXTERM_TEST_LOADED_MODULES;
if (listFile === undefined) throw new Error('loadedModules.ts needs PLEXTERM_TEST_LOADED_MODULES, the file to list the modules in');
// ES modules pass through the load hook (in Node's hooks thread), CommonJS ones required by CommonJS do not:
// those are read from require's cache as the process exits.
register('./loadedModulesHooks.ts', import.meta.url, { data: { listFile } });
const commonJs = createRequire(import.meta.url).cache;
/** Node's record of the modules of its own it loaded: "NativeModule internal/deps/undici/undici" and the like. */
const nodeModules = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
// Node loads its undici on first use of a global it gives lazily (fetch, Headers, FormData...). Each first use is
// listed as `touched:NAME` with the stack that made it, so a test that finds undici loaded can say who wanted it.
const touched: string[] = [];
for (const name of ['fetch', 'FormData', 'Headers', 'Request', 'Response', 'MessageEvent', 'EventSource', 'WebSocket', 'CloseEvent']) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!descriptor?.configurable) continue;
  let told = false;
  const tell = (): void => {
    if (told) return;
    told = true;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    const stack = (new Error().stack ?? '').split('\n').slice(2).map((line) => line.trim()).join(' < ');
    Error.stackTraceLimit = limit;
    touched.push(`touched:${name} ${stack}\n`);
  };
  if (descriptor.get) {
    const get = descriptor.get;
    Object.defineProperty(globalThis, name, { ...descriptor, get() { tell(); return get.call(globalThis); } });
  } else if (typeof descriptor.value === 'function') {
    const value = descriptor.value as (...args: unknown[]) => unknown;
    Object.defineProperty(globalThis, name, { ...descriptor, value: function (this: unknown, ...args: unknown[]) { tell(); return value.apply(this, args); } });
  }
}
process.on('exit', () => {
  const own = nodeModules.filter((line) => line.startsWith('NativeModule ')).map((line) => `node:${line.slice('NativeModule '.length)}\n`);
  appendFileSync(listFile, Object.keys(commonJs).map((path) => `file://${path}\n`).join('') + own.join('') + touched.join(''));
});
