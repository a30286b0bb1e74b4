// config.json's check: a check module (scripts/precompiledChecks.mjs), compiled at first use here and when plexterm is
// built in what runs (dist/bundle). Loaded by config.ts when a config is first read.
import type { Options } from 'ajv';
import { configSchema } from './configSchema.js';
import { compiledAtFirstUse } from './schemaCheck.js';

/** The first problem is the one told (see loadConfig). */
export const checkOptions: Options = { allErrors: false, validateSchema: false };

export const checkSchemas = { validateConfig: configSchema } as const;

export const validateConfig = compiledAtFirstUse<unknown>(checkOptions, configSchema);
