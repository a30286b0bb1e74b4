// Checks the configuration schema a third-party plugin brings against JSON Schema's meta-schema. A module of its own,
// loaded only when such a plugin is read: ajv is needed for nothing else at start (the other checks are compiled at
// build time, see scripts/precompiledChecks.mjs).
import { Ajv } from 'ajv';

let checker: Ajv | undefined;

/** Throws ajv's error when `schema` is not a valid JSON schema. */
export function assertValidSchema(schema: object): void {
  checker ??= new Ajv({ strict: false });
  checker.compile(schema);
}
