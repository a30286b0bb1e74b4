// The config schema's compiler, in a module of its own so that config.ts can load it (and ajv) lazily: a dynamic
// import of ajv itself, a CommonJS package, names its exports differently under Node and in the bundle.
import { Ajv, type ValidateFunction } from 'ajv';

/** Compiles `schema` without checking it against the meta-schema: the schema is plexterm's own (its test checks it), and checking it at run time would compile the meta-schema too. */
export function compileConfigSchema<T>(schema: object): ValidateFunction<T> {
  return new Ajv({ allErrors: false, validateSchema: false }).compile<T>(schema);
}
