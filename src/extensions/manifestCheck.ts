// A plugin manifest's check: a check module (scripts/precompiledChecks.mjs), compiled at first use here and when
// plexterm is built in what runs (dist/bundle), so that reading the plugins at start compiles nothing.
import type { Options } from 'ajv';
import { compiledAtFirstUse } from '../base/schemaCheck.js';
import { manifestSchema } from './manifestSchema.js';

/** The schema is plexterm's own: test/extensions/manifest.test.ts checks it against JSON Schema's meta-schema. */
export const checkOptions: Options = { allErrors: false, strict: false, validateSchema: false };

export const checkSchemas = { validateManifest: manifestSchema } as const;

export const validateManifest = compiledAtFirstUse<unknown>(checkOptions, manifestSchema);
