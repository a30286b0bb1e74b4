// The check of each kind of list entry: a check module (scripts/precompiledChecks.mjs), compiled by ajv at first use
// here, and when plexterm is built in what runs (dist/bundle): compiling the metadata schema cost every command that
// reads metadata some 50 to 100 ms.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { filterSchema, filterValueSchema, hubSchema, metadataSchema, sectionSchema, sortSchema } from './entrySchemas.js';
import type { PlexFilter, PlexFilterValue, PlexHub, PlexMetadata, PlexSection, PlexSort } from './models.js';

/**
 * coerceTypes turns "1999" into 1999 and 12 into "12" in place; useDefaults fills the shown fields. The schemas
 * are plexterm's own (test/plex/entrySchemas.test.ts checks them against JSON Schema's meta-schema), so they are
 * compiled without that check, which would compile the meta-schema too.
 */
export const checkOptions: Options = { allErrors: true, coerceTypes: true, useDefaults: true, strict: false, validateSchema: false };

/** Every entry schema by the name its check is exported under (the build compiles the same list). */
export const checkSchemas = {
  validateMetadata: metadataSchema,
  validateSection: sectionSchema,
  validateHub: hubSchema,
  validateFilter: filterSchema,
  validateSort: sortSchema,
  validateFilterValue: filterValueSchema,
} as const;

let ajv: Ajv | undefined;

export function entryValidator<T>(schema: Record<string, unknown>): ValidateFunction<T> {
  ajv ??= new Ajv(checkOptions);
  return ajv.compile<T>(schema);
}

/** Compiled at first use, not at import: compiling them cost every command (`--version` too) its start-up time. */
function compiledLater<T>(schema: Record<string, unknown>): () => ValidateFunction<T> {
  let validator: ValidateFunction<T> | undefined;
  return () => (validator ??= entryValidator<T>(schema));
}

export const validateMetadata = compiledLater<PlexMetadata>(metadataSchema);
export const validateSection = compiledLater<PlexSection>(sectionSchema);
export const validateHub = compiledLater<PlexHub>(hubSchema);
export const validateFilter = compiledLater<PlexFilter>(filterSchema);
export const validateSort = compiledLater<PlexSort>(sortSchema);
export const validateFilterValue = compiledLater<PlexFilterValue>(filterValueSchema);
