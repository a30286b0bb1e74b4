// config.json's schema: what loadConfig checks a config file against (src/base/configValidator.ts compiles it).

/** Its test checks it against JSON Schema's meta-schema (plexterm skips that check at run time). */
export const configSchema = {
  type: 'object',
  properties: {
    clientIdentifier: { type: 'string', minLength: 1 },
    server: {
      type: 'object',
      properties: { url: { type: 'string', minLength: 1 }, name: { type: 'string' }, machineIdentifier: { type: 'string' } },
      required: ['url'],
    },
    token: { type: 'string', minLength: 1 },
    plexTvUrl: { type: 'string', minLength: 1 },
    skipIntro: { enum: ['ask', 'auto', 'never'] },
    autoplay: { type: 'boolean' },
    prefetch: {
      type: 'object',
      properties: { secondsBeforeEnd: { type: 'number', minimum: 0 }, percent: { type: 'number', minimum: 0, maximum: 100 } },
      additionalProperties: false,
    },
  },
} as const;
