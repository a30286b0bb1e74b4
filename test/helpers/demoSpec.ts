// Validates demo responses against the response schemas of the Plex OpenAPI description (test/fixtures).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { assetPath } from '../../src/base/packageRoot.js';

type Node = Record<string, unknown>;

/**
 * Where the description is known to be wrong about the real server, and how the tests relax it.
 * Each entry: a JSON pointer into the description, what is changed, and why.
 */
export const relaxations: { pointer: string[]; reason: string; apply: (node: Node) => void }[] = [
  {
    pointer: ['components', 'schemas', 'Metadata', 'properties', 'Guid', 'items', 'properties', 'id'],
    reason: 'Real music items carry MusicBrainz ids (mbid://...) in Guid[]; the pattern allows only imdb/tmdb/tvdb.',
    apply: (node) => {
      node.pattern = '^(imdb|tmdb|tvdb|mbid)://.+$';
    },
  },
  {
    pointer: ['components', 'schemas', 'Stream'],
    reason: 'Only sidecar subtitles have a key (/library/streams/{id}); streams inside the file (video, audio, embedded subtitles) have none on real servers.',
    apply: (node) => {
      if (Array.isArray(node.required)) node.required = node.required.filter((name) => name !== 'key');
    },
  },
];

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(root: Node, pointer: string[]): Node {
  let node: unknown = root;
  for (const key of pointer) node = isNode(node) ? node[key] : undefined;
  if (!isNode(node)) throw new Error(`plex-api-spec.yaml has nothing at /${pointer.join('/')}`);
  return node;
}

function loadSpec(): Node {
  const spec = parse(readFileSync(assetPath('test', 'fixtures', 'plex-api-spec.yaml'), 'utf8')) as unknown;
  if (!isNode(spec)) throw new Error('plex-api-spec.yaml is not a mapping');
  for (const relaxation of relaxations) relaxation.apply(at(spec, relaxation.pointer));
  spec.$id = 'plex-api';
  return spec;
}

const spec = loadSpec();
const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true, logger: false });
const integer = (min: number, max: number) => ({ type: 'number' as const, validate: (value: number) => Number.isInteger(value) && value >= min && value <= max });
ajv.addFormat('int32', integer(-(2 ** 31), 2 ** 31 - 1));
ajv.addFormat('int64', integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addSchema(spec);

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows a `$ref` to a reusable response (components/responses). */
function responsePointer(path: string, method: string, status: string): string[] {
  let pointer = ['paths', path, method, 'responses', status];
  const response = at(spec, pointer);
  if (typeof response.$ref === 'string') pointer = response.$ref.replace(/^#\//, '').split('/');
  return [...pointer, 'content', 'application/json', 'schema'];
}

const compiled = new Map<string, ValidateFunction>();

function validator(pointer: string[]): ValidateFunction {
  const key = pointer.map(escapePointer).join('/');
  let validate = compiled.get(key);
  if (!validate) {
    at(spec, pointer);
    validate = ajv.getSchema(`plex-api#/${key}`);
    if (!validate) throw new Error(`no schema at ${key}`);
    compiled.set(key, validate);
  }
  return validate;
}

function check(validate: ValidateFunction, body: unknown, label: string): void {
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    throw new Error(`${label} does not match the description:\n  ${errors.join('\n  ')}`);
  }
}

/** Asserts `body` matches the documented JSON response of `method path` (e.g. 'get', '/library/sections/all'). */
export function assertResponseMatches(path: string, method: string, body: unknown, status = '200'): void {
  check(validator(responsePointer(path, method, status)), body, `${method.toUpperCase()} ${path} ${status}`);
}

/** Asserts `body` matches a component schema (for endpoints the description lacks, e.g. /library/onDeck). */
export function assertSchemaMatches(schemaName: string, body: unknown): void {
  check(validator(['components', 'schemas', schemaName]), body, `schema ${schemaName}`);
}
