// The run-time half of a check module (see scripts/precompiledChecks.mjs): a check compiled by ajv at its first use.
// What runs (dist/bundle) has each check module replaced by the same checks compiled when plexterm is built.
import { Ajv, type Options, type ValidateFunction } from 'ajv';

/**
 * `schema`'s check, compiled with `options` when first asked for (not at import: compiling cost every command its
 * start-up time). Check modules pass `validateSchema: false`: their schemas are plexterm's own, checked against
 * JSON Schema's meta-schema by their tests, and checking them at run time would compile the meta-schema too.
 */
export function compiledAtFirstUse<T>(options: Options, schema: object): () => ValidateFunction<T> {
  let validator: ValidateFunction<T> | undefined;
  return () => (validator ??= new Ajv(options).compile<T>(schema));
}
