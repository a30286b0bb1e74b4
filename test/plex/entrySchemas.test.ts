// plexterm compiles its entry schemas without checking them against JSON Schema's meta-schema (that check compiled the
// meta-schema on every listing's start): this test is where a malformed schema is caught instead.
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filterSchema, filterValueSchema, hubSchema, metadataSchema, sectionSchema, sortSchema } from '../../src/plex/entrySchemas.js';

const schemas = { filterSchema, filterValueSchema, hubSchema, metadataSchema, sectionSchema, sortSchema };

test('every entry schema is a valid JSON Schema (draft-07, as ajv reads it)', () => {
  const checker = new Ajv({ strict: false });
  for (const [name, schema] of Object.entries(schemas)) {
    assert.ok(checker.validateSchema(schema), `${name}: ${checker.errorsText(checker.errors)}`);
  }
});

test('the check catches a malformed schema', () => {
  const checker = new Ajv({ strict: false });
  assert.not.ok(checker.validateSchema({ ...sectionSchema, required: 'key' }), 'required must be an array');
});

test.run();
