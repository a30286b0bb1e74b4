// In the extension host: a plugin's `import ... from 'plexterm/api'` (and 'plexterm/rxjs') resolves to the host's own module, wherever the plugin lives.
import nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

/** The names plugins import the API and rxjs by (package.json exports them as `./api` and `./rxjs`). */
const apiSpecifier = 'plexterm/api';
const rxjsSpecifier = 'plexterm/rxjs';

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}

type NextResolve = (specifier: string, context?: object) => ResolveResult;

interface ResolveHooks {
  resolve(specifier: string, context: object, nextResolve: NextResolve): ResolveResult;
}

/** Node's in-thread module hooks (22.15 and later, 23.5 and later); @types/node 20 does not know them. */
type RegisterHooks = (hooks: ResolveHooks) => unknown;

/** `module.registerHooks` where this Node has it. */
function registerHooks(): RegisterHooks | undefined {
  const candidate: unknown = (nodeModule as object as { registerHooks?: unknown }).registerHooks;
  return typeof candidate === 'function' ? (candidate as RegisterHooks) : undefined;
}

/**
 * As VS Code's extension host answers plugins' import of the vscode module itself, the host answers `plexterm/api`: a
 * plugin in the config folder or a --plugins-dir lies outside plexterm's install, where no
 * node_modules lookup would find it. Node's in-thread hooks do it inside the sandbox (`module.register`
 * would start a worker, which the sandbox refuses). Returns false where Node lacks them: there Node's
 * own lookup finds plexterm/api only for plugins inside an installed plexterm (the bundled ones), and
 * `missingApiMessage` explains the failure to the others.
 */
export function resolvePluginApi(paths: { api: string; rxjs: string }): boolean {
  const register = registerHooks();
  if (!register) return false;
  const urls = new Map([
    [apiSpecifier, pathToFileURL(paths.api).href],
    [rxjsSpecifier, pathToFileURL(paths.rxjs).href],
  ]);
  register({
    resolve: (specifier, context, nextResolve) => {
      const url = urls.get(specifier);
      return url === undefined ? nextResolve(specifier, context) : { url, format: 'module', shortCircuit: true };
    },
  });
  return true;
}

/** Why a plugin that imports plexterm/api at run time did not load, on a Node without module hooks; null for any other failure. */
export function missingApiMessage(error: unknown): string | null {
  if (registerHooks() || !(error instanceof Error) || (error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') return null;
  if (!/Cannot find package 'plexterm'/.test(error.message)) return null;
  return `it imports plexterm/api or plexterm/rxjs at run time, which needs Node 22.15 or later (this is Node ${process.version}) unless the plugin is inside plexterm's install; for the types alone use \`import type\` or JSDoc`;
}
